/** Package-level promises: exports point at real modules, pricing has no dependencies, the version agrees. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package.json', () => {
  it('every export points at a source module compiled to dist/', () => {
    for (const [sub, target] of Object.entries(pkg.exports as Record<string, unknown>)) {
      if (sub === './package.json') continue;
      const t = target as { types: string; default: string };
      const src = t.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
      expect(() => readFileSync(join(root, src)), `${sub} -> ${src}`).not.toThrow();
      expect(t.types).toBe(t.default.replace(/\.js$/, '.d.ts'));
    }
    expect(pkg.bin.crashscope).toBe('dist/cli/main.js');
  });

  it('src/errors.ts imports nothing (pricing may use it in a browser)', () => {
    expect(readFileSync(join(root, 'src', 'errors.ts'), 'utf8')).not.toMatch(/^import /m);
  });

  it('VERSION equals package.json version', () => expect(VERSION).toBe(pkg.version));

  it('src/pricing imports nothing outside src/pricing (zero runtime dependencies, browser-safe)', () => {
    const dir = join(root, 'src', 'pricing');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        // errors.ts is plain classes with no imports: the typed errors of validating entry points.
        expect(m[1].startsWith('./') || m[1] === '../errors.js', `${f} imports ${m[1]}`).toBe(true);
      }
      expect(text, f).not.toMatch(/\bprocess\.|\brequire\(/);
    }
  });
});
