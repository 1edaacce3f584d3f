/**
 * Every provider the CLI knows, in the order `crashscope providers` lists them. Adding a provider is one
 * import and one entry here (docs/ADD_A_PROVIDER.md); shared code reads only the declared metadata.
 */
import { binance } from './binance/index.js';
import { cboe } from './cboe/index.js';
import { cftc } from './cftc/index.js';
import { cme } from './cme/index.js';
import { coinbase } from './coinbase/index.js';
import { deribit } from './deribit/index.js';
import { edgar } from './edgar/index.js';
import { ishares } from './ishares/index.js';
import { occ } from './occ/index.js';
import type { Provider } from './types.js';
import { yahoo } from './yahoo/index.js';

export const providers: readonly Provider[] = [
  coinbase,
  yahoo,
  cboe,
  deribit,
  cme,
  occ,
  ishares,
  cftc,
  binance,
  edgar,
];
