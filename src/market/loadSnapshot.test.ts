import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPack } from '../data/eventPack.js';
import type { Db } from '../store/db.js';
import { openStore } from '../store/store.js';
import { loadSnapshot } from './loadSnapshot.js';

const PACK = fileURLToPath(new URL('../../data/events/2026-02-05', import.meta.url));
const btc = { venue: 'reference', symbol: 'BTC-USD' };
const spec = (asOf: string) => ({ asOf, etfTicker: 'IBIT', btcReference: 'reference:BTC-USD', btc });

describe('loadSnapshot on the embedded 2026-02-05 pack', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openStore(':memory:');
    await loadPack(db, PACK, { ingestedAt: '2026-11-25T00:00:00Z' });
  });
  afterAll(async () => {
    await db.close();
  });

  it('at the close before the event: one spot, BTC per share, the chains, notes and cohorts of that instant', async () => {
    const s = await loadSnapshot(db, spec('2026-02-04T21:00:00Z'));
    expect(s.spot.usd).toBe(73_516.3); // observed: the Binance bar closing at 21:00 UTC
    expect(s.btcPerShare.IBIT).toBe(0.00056581);
    expect(new Set(s.chain.map((r) => r.as_of))).toEqual(new Set(['2026-02-04T21:00:00Z']));
    expect(s.chain.length).toBe(1224 + 1220);
    expect(s.cohorts.length).toBeGreaterThan(0);
    expect(s.notes.length).toBeGreaterThan(0);
    expect(s.etfCloses.at(-1)?.date).toBe('2026-02-04');
  });

  it("estimates the spot–vol beta from the pack's hourly DVOL and Binance BTC over the 30 days before the instant", async () => {
    const s = await loadSnapshot(db, spec('2026-02-04T21:00:00Z'));
    const e = s.spotVolBeta;
    if (e === undefined || !e.ok) throw new Error(`no estimate: ${JSON.stringify(e)}`);
    // 30 days of hours ending with the bar that opened at 20:00 UTC: 720 bars, 719 consecutive pairs
    expect(e.n).toBe(719);
    expect(e.from).toBe('2026-01-05T21:00:00Z');
    expect(e.to).toBe('2026-02-04T20:00:00Z');
    expect(e.source).toMatch(/^deribit:DVOL 1h .* vs binance:BTC-USD 1h/);
    expect(e.quality).toBe('observed');
    // DVOL rises when BTC falls over the window: β > 0, measured to better than ±0.1
    expect(e.beta).toBeGreaterThan(0);
    expect(e.se).toBeGreaterThan(0);
    expect(e.se).toBeLessThan(0.1);
    expect(s.provenance.some((p) => p.input.startsWith('bars (spot–vol beta') && p.rows === 719)).toBe(true);
  });

  it('never looks ahead: during the event day the spot, chains and closes are still those of the previous close', async () => {
    const s = await loadSnapshot(db, spec('2026-02-05T18:00:00Z'));
    expect(s.spot.usd).toBe(73_516.3); // observed: the Binance bar closing at 21:00 UTC
    expect(s.etfCloses.at(-1)?.date).toBe('2026-02-04');
    expect(new Set(s.chain.map((r) => r.as_of))).toEqual(new Set(['2026-02-04T21:00:00Z']));
    const after = await loadSnapshot(db, spec('2026-02-05T21:00:00Z'));
    expect(after.spot.usd).toBe(63_775.67);
    expect(new Set(after.chain.map((r) => r.as_of))).toEqual(new Set(['2026-02-05T21:00:00Z']));
  });
});
