import { describe, expect, it } from 'vitest';
import type { VenueDailyOpenInterest } from '../../analytics/openInterest.js';
import { InvalidInputError } from '../../errors.js';
import { chartContract } from '../testkit/chartContract.js';
import { openInterest } from './openInterest.js';

function day(
  venue: string,
  date: string,
  closeInstant: string,
  oiBtc: number | null,
): VenueDailyOpenInterest {
  return {
    date,
    venue,
    closeInstant,
    observedAt: closeInstant,
    stalenessMinutes: 0,
    symbols: ['X'],
    oiBtc,
    oiUsd: null,
    previousDate: null,
    changeBtc: null,
    changeUsd: null,
    changePctBtc: null,
    changePctUsd: null,
  };
}
// 16:00 New York is 21:00 UTC in February (EST, UTC−5).
const daily = [
  day('cme', '2026-02-04', '2026-02-04T21:00:00.000Z', 128000),
  day('cme', '2026-02-05', '2026-02-05T21:00:00.000Z', 125500),
  day('binance', '2026-02-04', '2026-02-04T21:00:00.000Z', 95000),
  day('binance', '2026-02-05', '2026-02-05T21:00:00.000Z', null),
];
const hourly = ['2026-02-05T20:00:00.000Z', '2026-02-05T21:00:00.000Z', '2026-02-05T22:00:00.000Z'].flatMap(
  (ts, i) => [
    { ts, venue: 'cme', oiBtc: 126000 - 250 * i },
    { ts, venue: 'binance', oiBtc: 90000 - 4000 * i },
  ],
);
const meta = { sourceNote: 'Sources: CME (observed); Binance (reconstructed)', reconstructed: true };

chartContract('openInterest', () => openInterest({ daily, hourly, eventDate: '2026-02-05' }, meta));
chartContract('openInterest (daily only)', () =>
  openInterest({ daily, eventDate: '2026-02-05' }, { ...meta, reconstructed: false }),
);

type Panel = {
  data: { values: Record<string, unknown>[] };
  layer: { mark: { type: string }; data?: { values: Record<string, unknown>[] } }[];
};

describe('openInterest', () => {
  it('plots daily OI in thousand BTC per venue with display names, skipping missing values', () => {
    const spec = openInterest({ daily, eventDate: '2026-02-05' }, meta).spec as { vconcat: Panel[] };
    expect(spec.vconcat).toHaveLength(1);
    expect(spec.vconcat[0].data.values).toEqual([
      { date: '2026-02-04', venue: 'Binance', oiK: 95 },
      { date: '2026-02-04', venue: 'CME', oiK: 128 },
      { date: '2026-02-05', venue: 'CME', oiK: 125.5 },
    ]);
  });

  it('adds the hourly panel with a rule at each 16:00 ET close inside its range', () => {
    const spec = openInterest({ daily, hourly, eventDate: '2026-02-05' }, meta).spec as { vconcat: Panel[] };
    expect(spec.vconcat).toHaveLength(2);
    const rules = spec.vconcat[1].layer.find((l) => l.mark.type === 'rule');
    expect(rules?.data?.values).toEqual([{ ts: '2026-02-05T21:00:00.000Z' }]);
    expect(spec.vconcat[1].data.values).toHaveLength(6);
  });

  it('uses the fixed venue colours (CME blue, Binance amber)', () => {
    const spec = openInterest({ daily, eventDate: '2026-02-05' }, meta).spec as {
      vconcat: { layer: { encoding?: { color?: { scale: { domain: string[]; range: string[] } } } }[] }[];
    };
    const scale = spec.vconcat[0].layer[0].encoding?.color?.scale;
    expect(scale).toEqual({ domain: ['Binance', 'CME'], range: ['#c98f00', '#1f5fa8'] });
  });

  it('throws InvalidInputError without any daily value', () => {
    expect(() => openInterest({ daily: [daily[3]], eventDate: '2026-02-05' }, meta)).toThrow(
      InvalidInputError,
    );
  });
});
