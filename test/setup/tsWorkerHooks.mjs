// Module customization hooks (https://nodejs.org/api/module.html#customization-hooks) that let a worker
// thread started by a test run TypeScript sources: a missing `x.js` resolves to `x.ts`, and `.ts` files are
// transpiled (types stripped) with the project's own typescript. Used only by tests, through
// tsWorkerLoader.mjs in a Worker's execArgv.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    if (!specifier.endsWith('.js')) throw e;
    return next(`${specifier.slice(0, -3)}.ts`, context);
  }
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const source = await readFile(fileURLToPath(url), 'utf8');
  const out = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: false,
    },
    fileName: fileURLToPath(url),
  });
  return { format: 'module', source: out.outputText, shortCircuit: true };
}
