/** The store's migrations in order; a migration is never edited once released, only appended. */
import * as m001 from './001_init.js';
import * as m002 from './002_value_provenance.js';
import * as m003 from './003_intervals_quote_volume_buckets.js';
import * as m004 from './004_open_interest_any_unit.js';
import * as m005 from './005_depth_option_trades.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: m001.name, sql: m001.sql },
  { version: 2, name: m002.name, sql: m002.sql },
  { version: 3, name: m003.name, sql: m003.sql },
  { version: 4, name: m004.name, sql: m004.sql },
  { version: 5, name: m005.name, sql: m005.sql },
];

/** Schema version this build of crashscope writes. */
export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
