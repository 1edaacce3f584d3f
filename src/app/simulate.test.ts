import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { constantKappaBook, liquidationCohortBook } from '../sim/testkit/books.js';
import { SimCancelledError, SimPool } from './simPool.js';
import {
  DEFAULT_DEPTH_1PCT_USD,
  playersOf,
  resolveSimulateOptions,
  type SimMarket,
  simulate,
} from './simulate.js';

const SPOT = 70_000;
const market = (over: Partial<SimMarket> = {}): SimMarket => ({
  asOf: '2026-02-05T14:30:00Z',
  spot: { usd: SPOT, quality: 'observed', source: 'reference:BTC-USD' },
  dvol: null,
  depth: null,
  ...over,
});

describe('simulate use case', () => {
  const pool = new SimPool(1);
  const books = [constantKappaBook(SPOT, 0.2, 20e6), liquidationCohortBook(SPOT, 68_500, 30e6)];

  it('deterministic run with a flagged depth reproduces the hand cascade and names its inputs', async () => {
    const { doc } = await simulate(
      {
        market: market(),
        books: [liquidationCohortBook(SPOT, 68_500, 30e6)],
        assumptions: {},
        options: {
          shocks: ['sell:50m'],
          noiseVol: 0,
          depth1PctUsd: 20e6,
          paths: 2,
          attributionPaths: 2,
          horizonHours: 1,
        },
      },
      pool,
      () => {},
    );
    expect(doc.quantiles.p50.at(-1)).toBeCloseTo(SPOT * Math.exp(-0.04), 6);
    expect(doc.params.noiseVolSource).toBe('flag');
    expect(doc.minutes.at(-1)).toBe(60);
    expect(doc.notes).toEqual([]);
  });

  it('an AbortSignal stops the run between chunks: it rejects with SimCancelledError before all paths ran', async () => {
    const own = new SimPool(1);
    const controller = new AbortController();
    let lastDone = 0;
    const run = simulate(
      {
        market: market(),
        books,
        assumptions: {},
        options: { shocks: ['sell:50m'], paths: 4000, horizonHours: 2 },
      },
      own,
      (stage, done) => {
        if (stage !== 'paths') return;
        lastDone = done;
        controller.abort();
      },
      controller.signal,
    );
    await expect(run).rejects.toBeInstanceOf(SimCancelledError);
    expect(lastDone).toBeGreaterThan(0);
    expect(lastDone).toBeLessThan(4000);
    // An already-aborted signal runs nothing.
    await expect(
      simulate(
        { market: market(), books, assumptions: {}, options: {} },
        new SimPool(1),
        () => {},
        controller.signal,
      ),
    ).rejects.toBeInstanceOf(SimCancelledError);
  });

  it('without depth in the store or a flag uses the cited default and marks the run reconstructed', async () => {
    const { doc } = await simulate(
      {
        market: market(),
        books,
        assumptions: {},
        options: { shocks: ['gap:-5%'], noiseVol: 0, paths: 1, attributionPaths: 1, horizonHours: 0.5 },
      },
      pool,
      () => {},
    );
    expect(doc.params.impact.depth1PctUsd).toBe(DEFAULT_DEPTH_1PCT_USD);
    expect(doc.quality).toBe('reconstructed');
    // the constant-κ book: κ = 0.2·(20e6)/(145e6) at the cited default depth, on every cell
    expect(doc.feedback.peakKappa).toBeCloseTo((0.2 * 20e6) / DEFAULT_DEPTH_1PCT_USD, 6);
    expect(doc.notes.join(' ')).toMatch(/amberdata/);
    expect(doc.params.depthSource).toMatch(/^default: assumption/);
  });

  it('depth per 1 % from the store when present (mean of the bid and ask sides), said in the params; a flag overrides it', async () => {
    const depth = {
      perPctUsd: 9e6,
      provenance: {
        input: 'depth',
        quality: 'observed' as const,
        sources: ['binance:api/v3/depth'],
        rows: 2,
        asOf: '2026-02-05T14:00:00Z',
      },
    };
    const opts = { shocks: ['gap:-5%'], noiseVol: 0, paths: 1, attributionPaths: 1, horizonHours: 0.5 };
    const { doc } = await simulate(
      { market: market({ depth }), books, assumptions: {}, options: opts },
      pool,
      () => {},
    );
    expect(doc.params.impact.depth1PctUsd).toBe(9e6);
    expect(doc.params.depthSource).toMatch(/^store: depth at 2026-02-05T14:00:00Z \(2 reading\(s\), binance/);
    expect(doc.feedback.peakKappa).toBeCloseTo((0.2 * 20e6) / 9e6, 6);
    expect(doc.notes.join(' ')).not.toMatch(/amberdata/);
    const flagged = await simulate(
      { market: market({ depth }), books, assumptions: {}, options: { ...opts, depth1PctUsd: 3e7 } },
      pool,
      () => {},
    );
    expect(flagged.doc.params.impact.depth1PctUsd).toBe(3e7);
    expect(flagged.doc.params.depthSource).toBe('flag');
  });

  it('noise vol auto reads DVOL from the snapshot', async () => {
    const { doc } = await simulate(
      {
        market: market({ dvol: { value: 0.62, asOf: '2026-02-05T14:00:00Z', quality: 'observed' } }),
        books,
        assumptions: {},
        options: { paths: 20, attributionPaths: 5, horizonHours: 1, depth1PctUsd: 20e6 },
      },
      pool,
      () => {},
    );
    expect(doc.params.noiseVol).toBe(0.62);
    expect(doc.params.noiseVolSource).toMatch(/DVOL/);
  });

  it('bad input: one clear InvalidInputError naming the option', async () => {
    const run = (options: Record<string, unknown>) =>
      simulate({ market: market(), books, assumptions: {}, options }, pool, () => {});
    await expect(run({ shocks: ['sell:lots'] })).rejects.toThrow(InvalidInputError);
    await expect(run({ shocks: ['sell:lots'] })).rejects.toThrow(/sell:lots/);
    await expect(run({ horizonHours: 1, stepMinutes: 7 })).rejects.toThrow(/whole number/);
    expect(() => resolveSimulateOptions({ paths: 0 })).toThrow(/paths/);
    expect(() => resolveSimulateOptions({ bogus: 1 })).toThrow(InvalidInputError);
    await expect(
      simulate(
        { market: market(), books: [constantKappaBook(60_000, 0.1, 1e6)], assumptions: {}, options: {} },
        pool,
        () => {},
      ),
    ).rejects.toThrow(/built at spot 60000/);
  });

  it('keys repeated channels id, id#2', () => {
    expect(playersOf([books[0], books[0], books[1]]).map((p) => p.key)).toEqual([
      'dealerOptions',
      'dealerOptions#2',
      'perpLiquidations',
    ]);
  });
});
