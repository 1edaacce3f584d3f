import { describe, expect, it } from 'vitest';
import { sampleRows } from '../data/models/testkit/sampleRows.js';
import { DEPTH_MAX_AGE_HOURS, type DepthRow, depthAt } from './depth.js';

const row = (over: Partial<DepthRow>): DepthRow => ({
  ...sampleRows.depth,
  ingested_at: '2026-11-25T00:00:00Z',
  ...over,
});
const AS_OF = Date.parse('2026-02-04T21:00:00Z');

describe('depthAt', () => {
  const rows = [
    row({ as_of: '2026-02-04T20:00:00Z', venue: 'binance', bid_1pct_usd: 6e6, ask_1pct_usd: 5e6 }),
    // an older binance reading: superseded by the 20:00 one
    row({ as_of: '2026-02-04T19:00:00Z', venue: 'binance', bid_1pct_usd: 60e6, ask_1pct_usd: 50e6 }),
    // after asOf: never used (no look-ahead)
    row({ as_of: '2026-02-04T21:00:01Z', venue: 'binance', bid_1pct_usd: 1, ask_1pct_usd: 1 }),
    row({
      as_of: '2026-02-04T18:30:00Z',
      venue: 'coinbase',
      symbol: 'BTC-USD',
      bid_1pct_usd: 4e6,
      ask_1pct_usd: 3e6,
      bid_2pct_usd: 9e6,
      ask_2pct_usd: 7e6,
      quality: 'observed',
    }),
    // too old (more than DEPTH_MAX_AGE_HOURS before asOf)
    row({ as_of: '2026-02-03T20:59:59Z', venue: 'okx', symbol: 'BTC-USDT', bid_1pct_usd: 99e6 }),
  ];

  it('sums the latest reading of each venue and symbol at or before asOf, by side, and states its age', () => {
    const d = depthAt(rows, AS_OF)!;
    expect(d.bidPerPctUsd).toBe(6e6 + 4e6);
    expect(d.askPerPctUsd).toBe(5e6 + 3e6);
    expect(d.perPctUsd).toBe((10e6 + 8e6) / 2);
    expect(d.bid2PctUsd).toBe(11e6 + 9e6);
    expect(d.ask2PctUsd).toBe(10.5e6 + 7e6);
    expect(d.venues).toEqual(['binance:BTCUSDT', 'coinbase:BTC-USD']);
    expect(d.oldestAsOf).toBe('2026-02-04T18:30:00Z');
    expect(d.ageHours).toBe(2.5);
    expect(d.provenance).toMatchObject({ input: 'depth', rows: 2, quality: 'reconstructed' });
    expect(d.provenance.asOf).toBe('2026-02-04T20:00:00Z');
  });

  it('a venue without a 2 % figure makes the 2 % sums null, never a partial sum', () => {
    const d = depthAt(
      [...rows, row({ venue: 'kraken', as_of: '2026-02-04T20:30:00Z', bid_2pct_usd: null })],
      AS_OF,
    )!;
    expect(d.bid2PctUsd).toBeNull();
    expect(d.ask2PctUsd).toBe(10.5e6 + 7e6 + 10.5e6);
  });

  it('null when no reading is at or before asOf within the age limit', () => {
    expect(depthAt(rows, Date.parse('2026-02-03T00:00:00Z'))).toBeNull();
    expect(depthAt([], AS_OF)).toBeNull();
    const late = AS_OF + (DEPTH_MAX_AGE_HOURS + 2.5) * 3_600_000;
    expect(depthAt(rows, late)).toBeNull();
    // exactly at the age limit still counts
    const atLimit = depthAt([rows[3]], Date.parse('2026-02-05T18:30:00Z'))!;
    expect(atLimit.venues).toEqual(['coinbase:BTC-USD']);
    expect(atLimit.ageHours).toBe(DEPTH_MAX_AGE_HOURS);
    expect(depthAt([rows[3]], Date.parse('2026-02-05T18:30:00.001Z'))).toBeNull();
  });
});
