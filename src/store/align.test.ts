import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOfIndex, asOfJoin, asofJoinSql, isoInstant, nyCloseInstant, zonedTimeToUtcMs } from './align.js';
import type { Db } from './db.js';
import { openStore } from './store.js';

describe('nyCloseInstant (16:00 America/New_York, DST from the tz database)', () => {
  // US DST 2026 starts Sunday 2026-03-08 02:00 EST; 2025 ends Sunday 2025-11-02 02:00 EDT
  // (Energy Policy Act of 2005, 15 U.S.C. 260a): EST = UTC-5, EDT = UTC-4.
  it.each([
    ['2026-02-05', '2026-02-05T21:00:00Z'],
    ['2026-03-06', '2026-03-06T21:00:00Z'],
    ['2026-03-07', '2026-03-07T21:00:00Z'],
    ['2026-03-08', '2026-03-08T20:00:00Z'],
    ['2026-03-09', '2026-03-09T20:00:00Z'],
    ['2025-10-31', '2025-10-31T20:00:00Z'],
    ['2025-11-01', '2025-11-01T20:00:00Z'],
    ['2025-11-02', '2025-11-02T21:00:00Z'],
    ['2025-11-03', '2025-11-03T21:00:00Z'],
    ['2024-01-11', '2024-01-11T21:00:00Z'],
    ['2024-07-04', '2024-07-04T20:00:00Z'],
  ])('%s -> %s', (date, instant) => expect(nyCloseInstant(date)).toBe(instant));

  it('other zones and times: Deribit 08:00 UTC, London 16:30 across BST', () => {
    expect(isoInstant(zonedTimeToUtcMs('2026-02-27', 8, 0, 'UTC'))).toBe('2026-02-27T08:00:00Z');
    expect(isoInstant(zonedTimeToUtcMs('2026-03-27', 16, 30, 'Europe/London'))).toBe('2026-03-27T16:30:00Z');
    expect(isoInstant(zonedTimeToUtcMs('2026-03-30', 16, 30, 'Europe/London'))).toBe('2026-03-30T15:30:00Z');
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => nyCloseInstant('2026-02-30')).toThrow("'2026-02-30' is not an ISO date YYYY-MM-DD");
    expect(() => nyCloseInstant('02/05/2026')).toThrow(/not an ISO date/);
  });

  it('is 16:00 on the New York wall clock for every day of 2024-2027 (round trip through Intl)', () => {
    const wall = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 86_400_000) {
      const date = new Date(ms).toISOString().slice(0, 10);
      const parts = wall.formatToParts(new Date(nyCloseInstant(date)));
      const get = (t: string) => parts.find((p) => p.type === t)?.value;
      expect({
        date,
        wall: `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`,
      }).toEqual({
        date,
        wall: `${date} 16:00`,
      });
    }
  });
});

describe('as-of lookup', () => {
  it('finds the last time at or before t', () => {
    const times = [10, 20, 20, 30];
    expect([5, 10, 15, 20, 25, 30, 99].map((t) => asOfIndex(times, t))).toEqual([-1, 0, 0, 2, 2, 3, 3]);
    expect(asOfIndex([], 1)).toBe(-1);
    expect(Array.from(asOfJoin([5, 25, 35], [10, 20, 30], 6))).toEqual([-1, 1, 2]);
    expect(Array.from(asOfJoin([5, 29, 37], [10, 20, 30], 6))).toEqual([-1, -1, -1]);
  });

  it('matches a linear scan for random series', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 })), fc.integer({ min: -5, max: 105 }), (raw, t) => {
        const times = [...raw].sort((a, b) => a - b);
        let expected = -1;
        times.forEach((x, i) => {
          if (x <= t) expected = i;
        });
        expect(asOfIndex(times, t)).toBe(expected);
      }),
    );
  });
});

describe('asofJoinSql against DuckDB ASOF JOIN', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openStore(':memory:', { threads: 1 });
  });
  afterAll(() => db.close());

  it('builds the documented SQL', () => {
    expect(asofJoinSql({ relation: 'l', time: 'ts' }, { relation: 'r', time: 'ts' }, ['close'])).toBe(
      'SELECT l.*, r."close" AS "close" FROM l AS l ASOF LEFT JOIN r AS r ON l."ts" >= r."ts"',
    );
  });

  it('gives the same matches as the pure lookup, per symbol, with and without a lag limit', async () => {
    const base = Date.UTC(2026, 1, 5, 21);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: -10, max: 210 }), { minLength: 1, maxLength: 20 }),
        fc.option(fc.integer({ min: 0, max: 50 })),
        async (rightMin, leftMin, lag) => {
          const right = [...rightMin].sort((a, b) => a - b);
          await db.run('CREATE OR REPLACE TEMP TABLE r (sym VARCHAR, ts TIMESTAMPTZ, v DOUBLE)');
          await db.run('CREATE OR REPLACE TEMP TABLE l (id INTEGER, sym VARCHAR, ts TIMESTAMPTZ)');
          for (const [i, m] of right.entries()) {
            await db.run('INSERT INTO r VALUES ($1, CAST($2 AS TIMESTAMPTZ), $3)', [
              'A',
              isoInstant(base + m * 60_000),
              i,
            ]);
            // A second symbol with later stamps must never leak into symbol A's matches.
            await db.run('INSERT INTO r VALUES ($1, CAST($2 AS TIMESTAMPTZ), $3)', [
              'B',
              isoInstant(base + (m - 7) * 60_000),
              -1,
            ]);
          }
          for (const [i, m] of leftMin.entries()) {
            await db.run('INSERT INTO l VALUES ($1, $2, CAST($3 AS TIMESTAMPTZ))', [
              i,
              'A',
              isoInstant(base + m * 60_000),
            ]);
          }
          const sql = asofJoinSql(
            { relation: 'l', time: 'ts', by: ['sym'] },
            { relation: 'r', time: 'ts', by: ['sym'] },
            ['v'],
            lag === null ? {} : { maxLagSeconds: lag * 60 },
          );
          const rows = await db.all(`SELECT id, v FROM (${sql}) ORDER BY id`);
          const idx = asOfJoin(leftMin, right, lag === null ? Number.POSITIVE_INFINITY : lag);
          expect(rows.map((r) => r.v)).toEqual(Array.from(idx, (j) => (j < 0 ? null : j)));
        },
      ),
      { numRuns: 40, seed: 5 },
    );
  });
});
