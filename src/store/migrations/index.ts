/** The store's migrations in order; a migration is never edited once released, only appended. */
import * as m001 from './001_init.js';
import * as m002 from './002_value_provenance.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: m001.name, sql: m001.sql },
  { version: 2, name: m002.name, sql: m002.sql },
];

/** Schema version this build of crashscope writes. */
export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
