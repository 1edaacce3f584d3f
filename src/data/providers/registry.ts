/**
 * Every provider the CLI knows, in the order `crashscope providers` lists them. Adding a provider is one
 * import and one entry here (docs/ADD_A_PROVIDER.md); shared code reads only the declared metadata.
 */
import { coinbase } from './coinbase/index.js';
import type { Provider } from './types.js';
import { yahoo } from './yahoo/index.js';

export const providers: readonly Provider[] = [coinbase, yahoo];
