/**
 * Typed readers: rows of a model as readonly JS objects (numbers, ISO date strings 'YYYY-MM-DD', ISO
 * instants '2026-02-05T21:00:00Z', null), ordered by the model's time column and then its key.
 */
import { isIsoDate, isIsoInstant } from '../data/models/defineModel.js';
import { type ModelName, modelByName, type RowOf, type StoredRowOf } from '../data/models/index.js';
import { InvalidInputError } from '../errors.js';
import { type Db, quoteIdent, type SqlValue } from './db.js';

/** Inclusive time range on the model's time column. For instant columns a date means that whole UTC day. */
export interface RangeFilter {
  /** ISO date or instant, inclusive. */
  readonly from?: string;
  /** ISO date or instant, inclusive. */
  readonly to?: string;
}

/** Equality filters on columns: a value or a list of accepted values. */
export type Where<M extends ModelName> = {
  readonly [K in keyof RowOf<M>]?: RowOf<M>[K] | readonly RowOf<M>[K][];
};

export type ReadFilter<M extends ModelName> = RangeFilter & Where<M>;

function castFor(sqlType: string): (p: string) => string {
  if (sqlType === 'DATE') return (p) => `CAST(${p} AS DATE)`;
  if (sqlType === 'TIMESTAMPTZ') return (p) => `CAST(${p} AS TIMESTAMPTZ)`;
  return (p) => p;
}

function checkBound(name: 'from' | 'to', value: string): void {
  if (!isIsoDate(value) && !isIsoInstant(value)) {
    throw new InvalidInputError('bad_range', `${name} '${value}' is not an ISO date or instant with a zone`, {
      details: { [name]: value },
    });
  }
}

/**
 * Rows of any model, filtered by time range and column values.
 * @example await readRows(db, 'bars', { venue: 'reference', symbol: 'BTC-USD', interval: '1d', from: '2026-02-01', to: '2026-02-10' }) // [{ ts: '2026-02-02T21:00:00Z', close: 78768, ... }, ...]
 */
export async function readRows<M extends ModelName>(
  db: Db,
  modelName: M,
  filter: ReadFilter<M> = {} as ReadFilter<M>,
): Promise<readonly StoredRowOf<M>[]> {
  const model = modelByName(modelName);
  const byName = new Map(model.columns.map((c) => [c.name, c]));
  const where: string[] = [];
  const params: SqlValue[] = [];
  const param = (v: SqlValue): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const time = byName.get(model.timeColumn)!;
  const timeCol = quoteIdent(time.name);
  for (const [key, raw] of Object.entries(filter)) {
    if (raw === undefined) continue;
    if (key === 'from' || key === 'to') {
      const bound = String(raw);
      checkBound(key, bound);
      const dateOnly = isIsoDate(bound);
      if (time.sqlType === 'DATE') {
        where.push(
          `${timeCol} ${key === 'from' ? '>=' : '<='} CAST(CAST(${param(bound)} AS TIMESTAMPTZ) AS DATE)`,
        );
      } else if (key === 'to' && dateOnly) {
        where.push(`${timeCol} < CAST(${param(bound)} AS DATE) + INTERVAL 1 DAY`);
      } else {
        where.push(`${timeCol} ${key === 'from' ? '>=' : '<='} CAST(${param(bound)} AS TIMESTAMPTZ)`);
      }
      continue;
    }
    const column = byName.get(key);
    if (!column) {
      throw new InvalidInputError('bad_filter', `${model.name} has no column '${key}'`, {
        details: { column: key },
      });
    }
    const cast = castFor(column.sqlType);
    const values = (Array.isArray(raw) ? raw : [raw]) as SqlValue[];
    if (values.length === 0) {
      where.push('false');
      continue;
    }
    const list = values.map((v) => cast(param(v)));
    where.push(
      list.length === 1 ? `${quoteIdent(key)} = ${list[0]}` : `${quoteIdent(key)} IN (${list.join(', ')})`,
    );
  }
  const order = [model.timeColumn, ...model.key.filter((k) => k !== model.timeColumn)]
    .map(quoteIdent)
    .join(', ');
  const sql = `SELECT * FROM ${quoteIdent(model.name)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`;
  return (await db.all(sql, params)) as unknown as readonly StoredRowOf<M>[];
}

type Pick2<M extends ModelName, K extends keyof RowOf<M>> = RangeFilter & Pick<Where<M>, K>;

/** etf_daily rows. @example await readEtfDaily(db, { ticker: 'IBIT', from: '2026-02-02', to: '2026-02-06' }) // 5 rows */
export const readEtfDaily = (db: Db, f: Pick2<'etf_daily', 'ticker'> = {}) => readRows(db, 'etf_daily', f);
/** etf_flows rows, conflicting sources side by side. @example await readEtfFlows(db, { ticker: 'IBIT', from: '2026-02-05', to: '2026-02-05' }) // 2 rows */
export const readEtfFlows = (db: Db, f: Pick2<'etf_flows', 'ticker' | 'flow_source' | 'method'> = {}) =>
  readRows(db, 'etf_flows', f);
/** options_daily rows. @example await readOptionsDaily(db, { underlying: 'IBIT' }) // [...] */
export const readOptionsDaily = (db: Db, f: Pick2<'options_daily', 'underlying'> = {}) =>
  readRows(db, 'options_daily', f);
/** option_chain rows (from/to on as_of). @example await readOptionChain(db, { venue: 'cboe', underlying: 'IBIT', as_of: '2026-02-05T21:00:00Z' }) // [...] */
export const readOptionChain = (
  db: Db,
  f: Pick2<'option_chain', 'as_of' | 'venue' | 'underlying' | 'expiry' | 'option_type'> = {},
) => readRows(db, 'option_chain', f);
/** futures_settlements rows. @example await readFuturesSettlements(db, { venue: 'cme', from: '2026-02-05', to: '2026-02-06' }) // [...] */
export const readFuturesSettlements = (db: Db, f: Pick2<'futures_settlements', 'venue' | 'contract'> = {}) =>
  readRows(db, 'futures_settlements', f);
/** bars rows. @example await readBars(db, { venue: 'reference', symbol: 'BTC-USD', interval: '1d' }) // [...] */
export const readBars = (db: Db, f: Pick2<'bars', 'venue' | 'symbol' | 'interval'> = {}) =>
  readRows(db, 'bars', f);
/** open_interest rows. @example await readOpenInterest(db, { venue: 'cme' }) // [...] */
export const readOpenInterest = (db: Db, f: Pick2<'open_interest', 'venue' | 'symbol'> = {}) =>
  readRows(db, 'open_interest', f);
/** funding rows. @example await readFunding(db, { venue: 'binance', symbol: 'BTCUSDT' }) // [...] */
export const readFunding = (db: Db, f: Pick2<'funding', 'venue' | 'symbol'> = {}) =>
  readRows(db, 'funding', f);
/** liquidations rows. @example await readLiquidations(db, { venue: 'binance', side: 'long' }) // [...] */
export const readLiquidations = (db: Db, f: Pick2<'liquidations', 'venue' | 'symbol' | 'side'> = {}) =>
  readRows(db, 'liquidations', f);
/** stress_series rows. @example await readStressSeries(db, { series: 'pb_multistrat_perf_z' }) // [...] */
export const readStressSeries = (db: Db, f: Pick2<'stress_series', 'series'> = {}) =>
  readRows(db, 'stress_series', f);
/** structured_notes rows (from/to on pricing_date). @example await readStructuredNotes(db, { underlying: 'IBIT' }) // [...] */
export const readStructuredNotes = (
  db: Db,
  f: Pick2<'structured_notes', 'underlying' | 'issuer' | 'note_id'> = {},
) => readRows(db, 'structured_notes', f);
/** perp_cohorts rows. @example await readPerpCohorts(db, { venue: 'binance', as_of: '2026-02-05T21:00:00Z' }) // [...] */
export const readPerpCohorts = (
  db: Db,
  f: Pick2<'perp_cohorts', 'as_of' | 'venue' | 'symbol' | 'side'> = {},
) => readRows(db, 'perp_cohorts', f);
/** cftc_positions rows (from/to on report_date). @example await readCftcPositions(db, { from: '2026-01-01' }) // [...] */
export const readCftcPositions = (db: Db, f: Pick2<'cftc_positions', 'contract'> = {}) =>
  readRows(db, 'cftc_positions', f);
/** facts rows. @example await readFacts(db, { date: '2026-02-05', confidence: 'conflicting' }) // [...] */
export const readFacts = (db: Db, f: Pick2<'facts', 'metric' | 'source' | 'confidence' | 'date'> = {}) =>
  readRows(db, 'facts', f);
