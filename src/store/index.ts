/**
 * The store's public surface: open/close, typed readers, programmatic writes, info, export and the
 * time-alignment helpers. File import and the event pack live in src/data/ (they depend on the store).
 */
export * from './align.js';
export type { Appender, Db, QueryProgress, Result, ResultColumn, Row, SqlValue } from './db.js';
export { isoFromMicros, quoteIdent, sqlString } from './db.js';
export * from './exportTable.js';
export * from './info.js';
export { LATEST_SCHEMA_VERSION } from './migrations/index.js';
export * from './readers.js';
export { MEMORY, migrate, type OpenStoreOptions, openStore, schemaVersion, withStore } from './store.js';
export type { UpsertCounts } from './upsert.js';
export * from './writeRows.js';
