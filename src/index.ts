/**
 * crashscope — the library entry point. Layers are also published as subpaths
 * (`crashscope/pricing`, ...), which is the way to import them without pulling in the rest.
 */
export * from './errors.js';
export * from './pricing/index.js';
