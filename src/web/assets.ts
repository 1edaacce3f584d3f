/**
 * The dashboard's static assets: a fixed list, read from the installed packages and the app's own files,
 * so no route can be asked for any other file. Vega, Vega-Lite and vega-embed ship their browser builds in
 * their npm packages (nothing from a CDN). The page scripts are src/web/client/*.ts, compiled by `tsc` to
 * dist/web/client/*.js; run from source (tests), the .ts file is transpiled once with TypeScript.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STYLE_CSS } from './style.js';

export interface Asset {
  readonly body: string;
  readonly type: string;
}

/** Page scripts in client/ (ES modules). */
export const CLIENT_SCRIPTS = [
  'common',
  'interactive',
  'assumptions',
  'data',
  'event',
  'fragility',
  'simulate',
] as const;

/** Browser builds of the chart libraries, by the name they are served under. */
const LIBRARIES: Readonly<Record<string, { readonly pkg: string; readonly file: string }>> = {
  'vega.min.js': { pkg: 'vega', file: 'vega.min.js' },
  'vega-lite.min.js': { pkg: 'vega-lite', file: 'vega-lite.min.js' },
  'vega-embed.min.js': { pkg: 'vega-embed', file: 'vega-embed.min.js' },
};

const JS = 'text/javascript; charset=utf-8';
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** A library's browser build: in the `build/` folder beside the package's main module. */
function libraryPath(pkg: string, file: string): string {
  return join(dirname(require.resolve(pkg)), file);
}

async function clientScript(name: string): Promise<string> {
  const compiled = join(here, 'client', `${name}.js`);
  if (existsSync(compiled)) return readFile(compiled, 'utf8');
  const source = await readFile(join(here, 'client', `${name}.ts`), 'utf8');
  // Only when running from source: TypeScript is a development dependency.
  const ts = (await import('typescript')).default;
  return ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 },
  }).outputText;
}

/** Loads assets on first use and keeps them (a few hundred KB). */
export function assetStore(): (name: string) => Promise<Asset | null> {
  const kept = new Map<string, Promise<Asset>>();
  const load = (name: string): Promise<Asset> | null => {
    if (name === 'style.css') return Promise.resolve({ body: STYLE_CSS, type: 'text/css; charset=utf-8' });
    const lib = LIBRARIES[name];
    if (lib !== undefined) {
      return readFile(libraryPath(lib.pkg, lib.file), 'utf8').then((body) => ({ body, type: JS }));
    }
    const m = /^([a-z]+)\.js$/.exec(name);
    if (m !== null && (CLIENT_SCRIPTS as readonly string[]).includes(m[1]!)) {
      return clientScript(m[1]!).then((body) => ({ body, type: JS }));
    }
    return null;
  };
  return (name) => {
    const got = kept.get(name);
    if (got !== undefined) return got;
    const p = load(name);
    if (p === null) return Promise.resolve(null);
    kept.set(name, p);
    p.catch(() => kept.delete(name));
    return p;
  };
}
