import { describe, expect, it } from 'vitest';
import { sampleRows } from '../data/models/testkit/sampleRows.js';
import { InvalidInputError } from '../errors.js';
import { buildSnapshot, endStamped, type SnapshotRows } from './snapshot.js';

const I = '2026-01-01T00:00:00Z';
const bar = (ts: string, close: number) => ({ ...sampleRows.bars, ts, close, ingested_at: I });
const etf = (date: string, close: number, bps: number, ticker = 'IBIT') => ({
  ...sampleRows.etf_daily,
  date,
  close,
  ticker,
  btc_per_share: bps,
  ingested_at: I,
});
const chain = (as_of: string, venue: string) => ({
  ...sampleRows.option_chain,
  as_of,
  venue,
  ingested_at: I,
});
const cohort = (as_of: string, venue: string) => ({
  ...sampleRows.perp_cohorts,
  as_of,
  venue,
  ingested_at: I,
});
const note = (note_id: string, pricing_date: string, maturity: string) => ({
  ...sampleRows.structured_notes,
  note_id,
  underlying: 'IBIT',
  pricing_date,
  maturity,
  ingested_at: I,
});

const rows: SnapshotRows = {
  btcBars: [
    bar('2026-02-03T21:00:00Z', 73818),
    bar('2026-02-04T21:00:00Z', 73500),
    bar('2026-02-05T21:00:00Z', 63803),
  ],
  etfDaily: [
    etf('2026-02-03', 41.9, 0.000566),
    etf('2026-02-04', 41.59, 0.00056581),
    etf('2026-02-05', 36.1, 0.0005658),
  ],
  chain: [
    chain('2026-02-03T21:00:00Z', 'cboe'),
    chain('2026-02-04T21:00:00Z', 'cboe'),
    chain('2026-02-04T20:00:00Z', 'deribit'),
    chain('2026-02-05T21:00:00Z', 'deribit'),
  ],
  notes: [
    note('alive', '2025-06-01', '2027-01-01'),
    note('later', '2026-02-05', '2027-02-05'),
    note('matured', '2025-01-01', '2026-02-04'),
  ],
  cohorts: [cohort('2026-02-04T21:00:00Z', 'binance'), cohort('2026-02-05T21:00:00Z', 'binance')],
  cftc: [],
  openInterest: [],
  dvol: [],
};
const spec = { asOf: '2026-02-04T21:00:00Z', etfTicker: 'IBIT', btcReference: 'reference:BTC-USD' };

describe('buildSnapshot', () => {
  it('reads every input at or before asOf: one spot, BTC per share, latest chain per venue, live notes', () => {
    const s = buildSnapshot(rows, spec);
    expect(s.spot.usd).toBe(73500);
    expect(s.btcPerShare).toEqual({ IBIT: 0.00056581 });
    expect(s.etfCloses.map((c) => c.date)).toEqual(['2026-02-03', '2026-02-04']);
    expect(s.chain.map((r) => `${r.venue}@${r.as_of}`).sort()).toEqual([
      'cboe@2026-02-04T21:00:00Z',
      'deribit@2026-02-04T20:00:00Z',
    ]);
    expect(s.notes.map((n) => n.note_id)).toEqual(['alive']);
    expect(s.cohorts).toHaveLength(1);
    expect(s.cftc).toBeNull();
    expect(s.depth).toBeNull();
    expect(s.provenance.find((p) => p.input === 'option_chain')?.rows).toBe(2);
  });

  it('never looks ahead: one second before the close gives the previous day', () => {
    const s = buildSnapshot(rows, { ...spec, asOf: '2026-02-04T20:59:59Z' });
    expect(s.spot.usd).toBe(73818);
    expect(s.btcPerShare.IBIT).toBe(0.000566);
  });

  it('names the missing spot and a bad instant', () => {
    expect(() => buildSnapshot(rows, { ...spec, asOf: '2026-01-01T00:00:00Z' })).toThrow(
      /no BTC reference price/,
    );
    expect(() => buildSnapshot(rows, { ...spec, asOf: '2026-02-04 16:00' })).toThrow(InvalidInputError);
  });

  it("DVOL level: the latest close within the 7 days before asOf's New York date, never after asOf", () => {
    const dv = (ts: string, close: number) => ({
      ...sampleRows.bars,
      ts,
      venue: 'deribit',
      symbol: 'DVOL',
      interval: '1h' as const,
      open: close,
      high: close,
      low: close,
      close,
      volume: null,
      quote_volume: null,
      ingested_at: I,
    });
    const at = (dvol: SnapshotRows['dvol']) => buildSnapshot({ ...rows, dvol }, spec).dvol;
    // rows.dvol is end-stamped (loadSnapshot's endStamped): a bar ending after asOf is not read
    expect(at([dv('2026-02-04T21:00:00Z', 48), dv('2026-02-04T22:00:00Z', 99)])?.value).toBe(0.48);
    // 2026-01-28T00:00:00Z is the first instant counted (7 days before 2026-02-04), 23:00 the day before is not
    expect(at([dv('2026-01-28T00:00:00Z', 52)])?.value).toBe(0.52);
    expect(at([dv('2026-01-27T23:00:00Z', 52)])).toBeNull();
  });

  it('option trades: the 90 days up to asOf, summed per series and day of age, with their provenance', () => {
    const t = (ts: string, id: string) => ({ ...sampleRows.option_trades, ts, trade_id: id, ingested_at: I });
    const s = buildSnapshot(
      {
        ...rows,
        optionTrades: [
          t('2026-02-04T21:00:01Z', 'late'),
          t('2026-02-04T10:00:00Z', 'b'),
          t('2026-01-20T10:00:00Z', 'a'),
          t('2025-11-06T21:00:00Z', 'old'),
        ],
      },
      spec,
    );
    // asOf 2026-02-04T21:00Z: 'b' is 11 h old (day of age 0), 'a' 15 days 11 h (day 15); the same series.
    expect(s.optionFlows?.map((x) => [x.age_days, x.trades, x.first_ts])).toEqual([
      [0, 1, '2026-02-04T10:00:00Z'],
      [15, 1, '2026-01-20T10:00:00Z'],
    ]);
    expect(s.provenance.find((p) => p.input === 'option_trades')).toMatchObject({
      rows: 2,
      asOf: '2026-02-04T10:00:00Z',
    });
    expect(buildSnapshot(rows, spec).provenance.some((p) => p.input === 'option_trades')).toBe(false);
  });

  it('no look-ahead whatever the stamping: UTC-day bars count only once their 00:00Z close has passed', () => {
    const asOf = '2026-02-04T21:00:00Z'; // 16:00 New York on the 4th
    const utcDays = [
      bar('2026-02-02T00:00:00Z', 76000), // closes 02-03 00:00Z
      bar('2026-02-03T00:00:00Z', 73900), // closes 02-04 00:00Z: the last one known at asOf
      bar('2026-02-04T00:00:00Z', 71000), // closes 02-05 00:00Z: three hours after asOf
    ];
    const s = buildSnapshot({ ...rows, btcBars: utcDays }, { ...spec, asOf });
    expect([s.spot.usd, s.spot.asOf]).toEqual([73900, '2026-02-03T00:00:00Z']);
    // The same prices stamped as session bars are known at their 16:00 New York stamp.
    const session = buildSnapshot(
      { ...rows, btcBars: [bar('2026-02-04T21:00:00Z', 71000), bar('2026-02-03T21:00:00Z', 73900)] },
      { ...spec, asOf },
    );
    expect(session.spot.usd).toBe(71000);
  });
});

describe('endStamped: a bar counts once it has closed', () => {
  const b = (ts: string, interval: '1m' | '1h' | '1d', close = 50) => ({ ...bar(ts, close), interval });
  it('re-stamps intraday bars with their end and daily bars by their convention; drops what it cannot tell', () => {
    expect(
      endStamped([
        b('2026-02-04T20:00:00Z', '1h'),
        b('2026-02-04T20:59:00Z', '1m'),
        b('2026-02-04T00:00:00Z', '1d'),
        b('2026-02-04T21:00:00Z', '1d'),
        b('2026-02-04T13:00:00Z', '1d'),
      ]).map((x) => x.ts),
    ).toEqual([
      '2026-02-04T21:00:00Z',
      '2026-02-04T21:00:00Z',
      '2026-02-05T00:00:00Z',
      '2026-02-04T21:00:00Z',
    ]);
  });
  it('DVOL at a 16:00 New York close is the 15:00–16:00 bar, not the bar that opens at the close', () => {
    const rows: SnapshotRows = {
      etfDaily: [],
      btcBars: [bar('2026-02-04T21:00:00Z', 73_000)],
      chain: [],
      notes: [],
      cohorts: [],
      cftc: [],
      openInterest: [],
      dvol: endStamped([b('2026-02-04T20:00:00Z', '1h', 52.9), b('2026-02-04T21:00:00Z', '1h', 60)]),
    };
    const s = buildSnapshot(rows, { asOf: '2026-02-04T21:00:00Z', etfTicker: 'IBIT', btcReference: 'ref' });
    expect(s.dvol?.value).toBeCloseTo(0.529, 12);
  });
});
