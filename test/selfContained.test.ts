/**
 * The repository stands alone (issue 8 section 1): nothing in src/, test/, bench/ or scripts/ reads a file
 * outside the checkout, so `git clone … && npm ci && npm test` passes on a machine with no `shared/` folder
 * beside the clone. Every path literal resolved against the file's own location must stay inside the repo.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const DIRS = ['src', 'test', 'bench', 'scripts'];

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '__snapshots__' || name === 'golden') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|js|mjs|cjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** Relative path literals resolved from the file: `new URL('…', import.meta.url)`, `(import.meta.dirname, '…')`. */
function escapes(file: string, text: string): string[] {
  const bad: string[] = [];
  const here = dirname(file);
  const urlLit = /new URL\(\s*['`]([^'`$]+)['`]\s*,\s*import\.meta\.url/g;
  const dirLit = /import\.meta\.dirname\s*,\s*((?:['`][^'`$]*['`]\s*,?\s*)+)\)/g;
  for (const m of text.matchAll(urlLit)) {
    if (relative(root, resolve(here, m[1])).startsWith('..')) bad.push(m[1]);
  }
  for (const m of text.matchAll(dirLit)) {
    const parts = [...m[1].matchAll(/['`]([^'`]*)['`]/g)].map((x) => x[1]);
    if (relative(root, resolve(here, ...parts)).startsWith('..')) bad.push(parts.join('/'));
  }
  // Absolute or parent paths to the shared folder, however they are built.
  for (const m of text.matchAll(
    /['`"][^'`"\n]*(?:\/work\/shared|\.\.\/shared\/|'\.\.',\s*'shared')[^'`"\n]*['`"]/g,
  )) {
    bad.push(m[0]);
  }
  return bad;
}

const UP = '../'.repeat(3);

describe('self-contained repository', () => {
  it('flags a path that leaves the repository (the check can fail)', () => {
    const f = join(root, 'src', 'pricing', 'x.test.ts');
    expect(
      // Detector input only (built here so no source line of the suite names a path into the shared folder).
      escapes(f, `new URL('${UP}shared/reference-data/a.json', import.meta.url)`).length,
    ).toBeGreaterThan(0);
    expect(escapes(f, "resolve(import.meta.dirname, '../../..', 'shared')").length).toBeGreaterThan(0);
    expect(escapes(f, "readFileSync('/work/shared/data/x.json')").length).toBeGreaterThan(0);
    expect(escapes(f, "new URL('../../test/fixtures/reference/pricing/a.json', import.meta.url)")).toEqual(
      [],
    );
  });

  it('no file in src/, test/, bench/ or scripts/ reads outside the checkout', () => {
    const files = DIRS.flatMap((d) => walk(join(root, d)));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files
      .filter((f) => f !== join(root, 'test', 'selfContained.test.ts'))
      .flatMap((f) => escapes(f, readFileSync(f, 'utf8')).map((p) => `${relative(root, f)}: ${p}`));
    expect(offenders).toEqual([]);
  });

  it('every reference table the tests read is in test/fixtures/reference and named in its README', () => {
    const readme = readFileSync(join(root, 'test', 'fixtures', 'reference', 'README.md'), 'utf8');
    const tables = readdirSync(join(root, 'test', 'fixtures', 'reference', 'pricing'));
    expect(tables.length).toBeGreaterThanOrEqual(6);
    for (const t of tables) expect(readme, t).toContain(`pricing/${t}`);
  });
});
