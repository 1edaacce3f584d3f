import { afterEach, describe, expect, it, vi } from 'vitest';

/*
 * The loader's promises: WebAssembly where it runs, the JavaScript loops where it does not (same values),
 * asynchronous initialisation, and the switch. Each test imports fresh copies of the modules, because the
 * loader keeps its state per module instance.
 */

async function freshPricing() {
  vi.resetModules();
  const batch = await import('./priceDeltaGammaBatch.js');
  const iv = await import('./impliedVol.js');
  const loader = await import('./wasmKernel.js');
  return { ...batch, ...iv, ...loader };
}

const COLS = {
  type: new Int8Array([1, -1, 1, -1, 1]),
  spot: 100,
  strike: new Float64Array([80, 95, 100, 105, 130]),
  tau: 0.25,
  rate: 0.04,
  divYield: 0.01,
  vol: new Float64Array([0.6, 0.3, Number.NaN, 0.8, 0]),
};

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

describe('WebAssembly loader', () => {
  it('compiles on the first batch call in Node and reports it', async () => {
    const p = await freshPricing();
    expect(p.pricingWasmStatus()).toBe('untried');
    p.bsPriceDeltaGammaBatch(COLS);
    expect(p.pricingWasmStatus()).toBe('wasm');
    p.setPricingWasm(false);
    expect(p.pricingWasmStatus()).toBe('js');
    p.setPricingWasm(true);
    expect(p.pricingWasmStatus()).toBe('wasm');
  });

  it('initPricingWasm compiles asynchronously and resolves true', async () => {
    const p = await freshPricing();
    await expect(p.initPricingWasm()).resolves.toBe(true);
    expect(p.pricingWasmStatus()).toBe('wasm');
  });

  it('falls back to the JavaScript loops, with the same values, where WebAssembly is absent', async () => {
    const withWasm = await freshPricing();
    const expected = withWasm.bsPriceDeltaGammaBatch(COLS);
    const expectedIv = withWasm.impliedVolBatch({ ...COLS, price: expected.price, vol: undefined } as never);
    expect(withWasm.pricingWasmStatus()).toBe('wasm');

    vi.stubGlobal('WebAssembly', undefined);
    const p = await freshPricing();
    const got = p.bsPriceDeltaGammaBatch(COLS);
    expect(p.pricingWasmStatus()).toBe('js');
    await expect(p.initPricingWasm()).resolves.toBe(false);
    for (const k of ['price', 'delta', 'gamma'] as const) {
      expect(Array.from(got[k], (x, i) => Object.is(x, expected[k][i]))).toEqual([
        true,
        true,
        true,
        true,
        true,
      ]);
    }
    const iv = p.impliedVolBatch({ ...COLS, price: expected.price, vol: undefined } as never);
    expect(Array.from(iv, (x, i) => Object.is(x, expectedIv[i]))).toEqual([true, true, true, true, true]);
    // Rows with a price carry an implied vol; the NaN-vol row has none.
    expect(Number.isNaN(iv[2])).toBe(true);
    expect(iv[0]).toBeCloseTo(0.6, 10);
  });

  it('falls back when synchronous compilation is refused (a browser main thread)', async () => {
    const real = WebAssembly;
    vi.stubGlobal('WebAssembly', {
      ...real,
      Module: class {
        constructor() {
          throw new RangeError('WebAssembly.Module(): Buffer size exceeds the main-thread limit');
        }
      },
      instantiate: real.instantiate,
    });
    const p = await freshPricing();
    p.bsPriceDeltaGammaBatch(COLS);
    expect(p.pricingWasmStatus()).toBe('js');
    // The asynchronous path still works there, and the batch functions then use it.
    await expect(p.initPricingWasm()).resolves.toBe(true);
    expect(p.pricingWasmStatus()).toBe('wasm');
  });
});
