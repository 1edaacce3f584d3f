import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileKernel, GENERATED_MODULE, generatedModuleText } from './buildWasm.js';

/*
 * CI proof that the committed WebAssembly is what the source gives: compile wasm/pricingKernel.ts with the
 * pinned AssemblyScript and require the committed generated module, byte for byte.
 */

const root = join(import.meta.dirname, '..', '..');

describe('scripts/wasm/buildWasm', () => {
  it('rebuilding wasm/pricingKernel.ts reproduces src/pricing/wasmBytes.generated.ts exactly', async () => {
    const bytes = await compileKernel(root);
    // A WebAssembly module: magic "\0asm", version 1.
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    const committed = readFileSync(join(root, GENERATED_MODULE), 'utf8');
    expect(committed).toBe(generatedModuleText(bytes));
  });

  it('the module exports the kernels the loader expects and imports only Math.cbrt', async () => {
    const module = new WebAssembly.Module(new Uint8Array(await compileKernel(root)));
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'cbrt', kind: 'function' }]);
    expect(
      WebAssembly.Module.exports(module)
        .map((e) => e.name)
        .sort(),
    ).toEqual([
      'chunkRows',
      'greeks',
      'greeksGrid',
      'impliedVol',
      'inputOffset',
      'memory',
      'outputOffset',
      'priceDeltaGamma',
      'signOffset',
    ]);
  });
});
