import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RowOf } from '../data/models/index.js';
import { readOptionFlows } from '../store/optionFlows.js';
import { readRows } from '../store/readers.js';
import { withStore } from '../store/store.js';
import { writeRows } from '../store/writeRows.js';
import { aggregateOptionTrades, optionFlowsSummary } from './optionFlows.js';

const AS_OF = '2026-02-04T21:00:00Z';
const I = '2026-11-25T00:00:00Z';

type Trade = RowOf<'option_trades'>;

const trade = (id: string, ts: string, side: 'buy' | 'sell', contracts: number, over: Partial<Trade> = {}) =>
  ({
    ts,
    venue: 'deribit',
    trade_id: id,
    underlying: 'BTC',
    expiry: '2026-03-27T08:00:00Z',
    strike: 70_000,
    option_type: 'put',
    taker_side: side,
    contracts,
    price: 0.05,
    source: 'deribit',
    quality: 'observed',
    ...over,
  }) as Trade;

const stored = (rows: readonly Trade[]) => rows.map((r) => ({ ...r, ingested_at: I }));

describe('aggregateOptionTrades (hand-computed)', () => {
  it('sums signed contracts per series and whole day of age in (asOf − 90 d, asOf]', () => {
    const rows = aggregateOptionTrades(
      stored([
        trade('1', '2026-02-04T20:00:00Z', 'buy', 2),
        trade('2', '2026-02-04T10:00:00Z', 'sell', 0.5),
        trade('3', '2026-02-03T21:00:00Z', 'buy', 1), // exactly 24 h old: day of age 1
        trade('4', '2026-02-04T21:00:01Z', 'buy', 100), // after asOf
        trade('5', '2025-11-06T21:00:00Z', 'buy', 100), // exactly 90 days old: outside
        trade('6', '2026-02-04T12:00:00Z', 'buy', 3, { strike: 80_000 }),
        trade('7', '2026-02-04T13:00:00Z', 'buy', 4, { quality: 'reconstructed', source: 'model' }),
      ]),
      AS_OF,
      90,
    );
    expect(
      rows.map((r) => [r.age_days, r.strike, r.quality, r.net_contracts, r.contracts, r.trades]),
    ).toEqual([
      [0, 70_000, 'observed', 1.5, 2.5, 2],
      [0, 70_000, 'reconstructed', 4, 4, 1],
      [0, 80_000, 'observed', 3, 3, 1],
      [1, 70_000, 'observed', 1, 1, 1],
    ]);
    expect([rows[0].first_ts, rows[0].last_ts]).toEqual(['2026-02-04T10:00:00Z', '2026-02-04T20:00:00Z']);
    expect(optionFlowsSummary(rows)).toEqual({
      trades: 5,
      quality: 'reconstructed',
      sources: ['deribit', 'model'],
      lastTs: '2026-02-04T20:00:00Z',
    });
  });
});

describe('readOptionFlows: DuckDB sums the store’s tape into the same rows', () => {
  const day = 86_400_000;
  const tradeArb = fc.record({
    ageMs: fc.integer({ min: -2 * day, max: 95 * day }),
    side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
    contracts: fc.oneof(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0.1, max: 50, noNaN: true })),
    strike: fc.constantFrom(60_000, 70_000, 80_000),
    type: fc.constantFrom<'call' | 'put'>('call', 'put'),
    venue: fc.constantFrom('deribit', 'okx'),
    quality: fc.constantFrom<'observed' | 'reconstructed'>('observed', 'reconstructed'),
  });

  it('on random tapes around every boundary (fresh seed each run)', async () => {
    await withStore(':memory:', {}, async (db) => {
      await fc.assert(
        fc.asyncProperty(fc.array(tradeArb, { minLength: 1, maxLength: 60 }), async (xs) => {
          await db.run('DELETE FROM option_trades');
          const asOfMs = Date.parse(AS_OF);
          const rows = xs.map((x, i) =>
            trade(
              `${i}`,
              new Date(asOfMs - x.ageMs).toISOString().replace('.000Z', 'Z'),
              x.side,
              x.contracts,
              {
                strike: x.strike,
                option_type: x.type,
                venue: x.venue,
                quality: x.quality,
                source: x.quality === 'observed' ? x.venue : 'model',
              },
            ),
          );
          await writeRows(db, 'option_trades', rows, { ingestedAt: I });
          const fromStore = await readOptionFlows(db, AS_OF, 90);
          // The same trades as the store gives them back row by row, summed in JavaScript.
          const inMemory = aggregateOptionTrades(await readRows(db, 'option_trades'), AS_OF, 90);
          const exact = (r: (typeof inMemory)[number]) => ({ ...r, net_contracts: 0, contracts: 0 });
          expect(fromStore.map(exact)).toEqual(inMemory.map(exact));
          fromStore.forEach((r, i) => {
            // DuckDB adds in its own order: equal to rounding.
            expect(r.net_contracts).toBeCloseTo(inMemory[i].net_contracts, 9);
            expect(r.contracts).toBeCloseTo(inMemory[i].contracts, 9);
          });
        }),
        { numRuns: 40 },
      );
    });
  });
});
