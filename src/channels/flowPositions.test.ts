import { describe, expect, it } from 'vitest';
import { sampleRows } from '../data/models/testkit/sampleRows.js';
import { aggregateOptionTrades } from '../market/optionFlows.js';
import type { OptionTradeRow } from '../market/snapshot.js';
import { dealerOptions } from './dealerOptions.js';
import { flowDealerPositions } from './flowPositions.js';
import { fragilityGrid } from './grid.js';
import { channelContract } from './testkit/contract.js';
import { TEST_AS_OF, TEST_SPOT, testSnapshot } from './testkit/snapshot.js';

const chain = testSnapshot().chain;
// chain[0]: cboe IBIT 40 put 2026-02-20; chain[1]: cboe IBIT 42 call; chain[2]: deribit BTC 65,000 put; chain[3]: deribit 80,000 call
const trade = (
  k: number,
  ts: string,
  side: 'buy' | 'sell',
  contracts: number,
  over: Partial<OptionTradeRow> = {},
): OptionTradeRow => ({
  ...sampleRows.option_trades,
  trade_id: `${k}`,
  ts,
  venue: chain[k % 4].venue,
  underlying: chain[k % 4].underlying,
  expiry: chain[k % 4].expiry,
  strike: chain[k % 4].strike,
  option_type: chain[k % 4].option_type,
  taker_side: side,
  contracts,
  ingested_at: '2026-11-25T00:00:00Z',
  ...over,
});

// Series 0 (IBIT 40 put): customers buy 10, sell 4, buy 3 → net +9 → dealers −9.
// Series 2 (Deribit 65,000 put): customers sell 5 → dealers +5.
// Series 1 and 3: no trade in the window → 0.
const trades: OptionTradeRow[] = [
  trade(0, '2026-02-01T15:00:00Z', 'buy', 10),
  trade(4, '2026-02-02T15:00:00Z', 'sell', 4, { trade_id: 'a' }),
  trade(8, '2026-02-04T20:59:59Z', 'buy', 3, { trade_id: 'b' }),
  trade(2, '2026-02-03T09:00:00Z', 'sell', 5),
  // after asOf: never counted
  trade(1, '2026-02-04T21:00:01Z', 'buy', 1000),
  // older than the 30-day window: not counted
  trade(3, '2026-01-05T20:59:59Z', 'buy', 1000),
  // a series the chain does not list: left out, counted as unmatched
  trade(12, '2026-02-03T10:00:00Z', 'buy', 7, { strike: 12_345, trade_id: 'c' }),
];

/** The trades summed per series and day of age at `asOf`, as the snapshot holds them. */
const flows = (asOf = TEST_AS_OF) => aggregateOptionTrades(trades, asOf, 90);

describe('flowDealerPositions (dealers take the other side of customers’ taker flow)', () => {
  it('hand-computed positions from a few trades', () => {
    const f = flowDealerPositions(chain, flows(), 30)!;
    expect(f.rows.map((r) => r.dealer_position)).toEqual([-9, 0, 5, 0]);
    expect(f.trades).toBe(5);
    expect(f.seriesMatched).toBe(2);
    expect(f.seriesUnmatched).toBe(1);
    expect(f.contractsUnmatched).toBe(7);
    expect(f.from).toBe('2026-02-01T15:00:00Z');
    expect(f.to).toBe('2026-02-04T20:59:59Z');
    // the chain's other fields are kept
    expect(f.rows.map((r) => r.iv)).toEqual(chain.map((r) => r.iv));
  });

  it('a longer window takes in the older trade; a shorter one drops trades', () => {
    expect(flowDealerPositions(chain, flows(), 31)!.rows.map((r) => r.dealer_position)).toEqual([
      -9, 0, 5, -1000,
    ]);
    // 1 day, (02-03 21:00, 02-04 21:00]: only the 02-04 buy of 3 on series 0 (series 2 traded 02-03 09:00)
    expect(flowDealerPositions(chain, flows(), 1)!.rows.map((r) => r.dealer_position)).toEqual([-3, 0, 0, 0]);
    // 2 days, (02-02 21:00, 02-04 21:00]: series 2's sale of 5 joins; series 0's 02-02 15:00 sale does not
    expect(flowDealerPositions(chain, flows(), 2)!.rows.map((r) => r.dealer_position)).toEqual([-3, 0, 5, 0]);
  });

  it('no trade in the window on the chain’s venues: null (no data), never zeros', () => {
    expect(flowDealerPositions(chain, [], 30)).toBeNull();
    expect(flowDealerPositions(chain, flows('2026-01-01T00:00:00Z'), 30)).toBeNull();
    const okx = aggregateOptionTrades(
      trades.map((t) => ({ ...t, venue: 'okx' })),
      TEST_AS_OF,
      90,
    );
    expect(flowDealerPositions(chain, okx, 30)).toBeNull();
  });

  it('the window is whole days (the store sums trades per day of age)', () => {
    const parse = (w: unknown) =>
      dealerOptions.assumptions.safeParse({ signModel: 'flow', flowWindowDays: w }).success;
    expect([parse(1), parse(30), parse(90), parse(1.5), parse(0), parse(91)]).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe("dealerOptions with signModel 'flow'", () => {
  const grid = fragilityGrid(TEST_SPOT);
  const flow = dealerOptions.assumptions.parse({ signModel: 'flow' });

  it('equals the positions model on the chain with the hand-computed positions', () => {
    const got = dealerOptions.build(testSnapshot({ optionFlows: flows() }), flow, grid);
    const handChain = chain.map((r, i) => ({ ...r, dealer_position: [-9, 0, 5, 0][i] }));
    const want = dealerOptions.build(
      testSnapshot({ chain: handChain }),
      dealerOptions.assumptions.parse({}),
      grid,
    );
    expect(got.available).toBe(true);
    expect(Array.from(got.flowUsd)).toEqual(Array.from(want.flowUsd));
    expect(got.diagnostics).toMatchObject({
      signModel: 'flow',
      signModelFellBack: false,
      flowTrades: 5,
      flowSeriesMatched: 2,
      flowSeriesUnmatched: 1,
      flowWindowDays: 30,
    });
    expect(String(got.diagnostics.flowAssumption)).toMatch(/customers take liquidity/);
  });

  it('without trades in the store: an unavailable book that says why and what to import', () => {
    const b = dealerOptions.build(testSnapshot(), flow, grid);
    expect(b.available).toBe(false);
    expect(b.flowUsd.every((v) => v === 0)).toBe(true);
    expect(b.diagnostics.reason).toMatch(/signModel 'flow': no option trades .* --model option_trades/);
  });
});

channelContract(dealerOptions, {
  snapshot: () => testSnapshot({ optionFlows: flows() }),
  assumptions: { signModel: 'flow' },
  variation: { flowWindowDays: 31 },
});
