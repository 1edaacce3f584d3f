import { DataError } from '../../src/errors.js';
import { cmeExpiry, daysBetween, isoInstant, nyClose } from './calendar.js';
import { roundTo } from './csv.js';
import { btcPerShare } from './etfSpecs.js';
import { SRC } from './sources.js';

/*
 * Anchors of the reconstructed BTC/USD path. Three kinds:
 * - published: a figure of published-facts.json, reproduced exactly at the time it refers to (a UTC
 *   daily close, a timed quote, or a day's low/high); `source` is its page;
 * - derived: a level implied by published figures of other tables (the 16:00 ET price that makes
 *   IBIT close at its published price, or the front CME basis equal its published value);
 * - shape: approximate levels of BTC's public history (record highs, crash lows, month-end levels) that
 *   keep the reconstruction near the real path; they are not claimed to be exact.
 * Between anchors the path is a seeded Brownian bridge (bridge.ts, btcPath.ts).
 */

export type AnchorKind = 'level' | 'low' | 'high';

export interface PriceAnchor {
  /** Instant, 'YYYY-MM-DDTHH:MM:SSZ'. A UTC daily close of day D is the instant D+1 00:00Z. */
  readonly at: string;
  readonly price: number;
  readonly kind: AnchorKind;
  /** For lows and highs: [from, to) in which this is the extreme (an envelope of the path). */
  readonly window?: readonly [string, string];
  readonly origin: 'published' | 'derived' | 'shape';
  /** URL of the published figure (origin 'published'). */
  readonly source?: string;
  /** What the figure is, for the manifest and docs. */
  readonly note?: string;
}

/** A band the path must stay in over [from, to) (record highs, published lows/highs). */
export interface Envelope {
  readonly from: string;
  readonly to: string;
  readonly lo: number;
  readonly hi: number;
}

const dayStart = (d: string): string => `${d}T00:00:00Z`;
const nextDayStart = (d: string): string => isoInstant(Date.parse(dayStart(d)) + 86_400_000);

/** UTC daily close of `d` (= the instant d+1 00:00Z). */
function close(
  d: string,
  price: number,
  origin: PriceAnchor['origin'] = 'shape',
  source?: string,
): PriceAnchor {
  return { at: nextDayStart(d), price, kind: 'level', origin, source, note: `BTC daily close (UTC) ${d}` };
}

function at(
  instant: string,
  price: number,
  origin: PriceAnchor['origin'] = 'shape',
  source?: string,
  note?: string,
) {
  return { at: instant, price, kind: 'level', origin, source, note } satisfies PriceAnchor;
}

function extreme(
  kind: 'low' | 'high',
  instant: string,
  price: number,
  window: readonly [string, string],
  origin: PriceAnchor['origin'] = 'shape',
  source?: string,
  note?: string,
): PriceAnchor {
  return { at: instant, price, kind, window, origin, source, note };
}

const utcDay = (d: string): readonly [string, string] => [dayStart(d), nextDayStart(d)];

/** Start of the hourly grid (the 2024-01-09 close) and of the 1-minute grid, and the end of both. */
export const HOURLY_START = '2024-01-10T00:00:00Z';
export const MINUTE_START = '2026-01-20T00:00:00Z';
export const PATH_END = '2026-02-14T00:00:00Z';

/**
 * The front CME contract's settlement F (a multiple of the $5 tick) and the 16:00 ET reference price S
 * such that the annualized basis (F/S - 1) * 365 / days equals `basis` (days = calendar days to the
 * expiry date), with S within `tolerance` of `near`. Used where a basis is published.
 * @example pinnedBasis('2026-02-06', 0.09, 71000).settle % 5 // 0
 */
export function pinnedBasis(
  date: string,
  basis: number,
  near: number,
  accept: (spot: number) => boolean = () => true,
): { spot: number; settle: number; expiry: string; days: number } {
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  let expiry = cmeExpiry(y, m);
  if (daysBetween(date, expiry) <= 0) expiry = cmeExpiry(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1);
  const days = daysBetween(date, expiry);
  const factor = 1 + (basis * days) / 365;
  const center = Math.round((near * factor) / 5) * 5;
  // Search outward from the nearest tick for a spot the caller accepts (e.g. IBIT's published close).
  for (let step = 0; step < 200; step++) {
    for (const sign of step === 0 ? [1] : [1, -1]) {
      const settle = center + sign * step * 5;
      const spot = roundTo(settle / factor, 2);
      if (accept(spot)) return { spot, settle, expiry, days };
    }
  }
  throw new DataError('event_pack_invariant', `pinnedBasis: no spot near ${near} accepted on ${date}`);
}

/** Published IBIT close on 2026-02-05 used by the pack (newsdirectory3 repost; CoinDesk said "under $35"). */
export const IBIT_CLOSE_20260205 = 36.1;

/** Published near-dated CME basis (Jeff Park, via altcoin.observer): 3.3% on 02-05, 9% on 02-06. */
export const BASIS_20260205 = 0.033;
export const BASIS_20260206 = 0.09;
/** Published CME annualized basis on 2025-12-03 (backwardation). */
export const BASIS_20251203 = -0.0235;

/** Published front-month CME closes (skalinin.blogspot.com), used as the front settlement. */
export const CME_FRONT_CLOSES: readonly (readonly [string, number, string])[] = [
  ['2026-02-10', 68810, SRC.skalinin0209],
  ['2026-02-11', 67635, SRC.skalinin0211],
  ['2026-02-12', 66240, SRC.skalinin0212],
  ['2026-02-13', 68835, SRC.skalinin0213],
];

/** Reconstructed front basis on the days whose front close is published (skalinin: "basis ~flat" on 02-10). */
const FRONT_BASIS_AFTER: Readonly<Record<string, number>> = {
  '2026-02-10': 0.005,
  '2026-02-11': 0.015,
  '2026-02-12': 0.02,
  '2026-02-13': 0.025,
};

/** The pinned 16:00 ET reference prices and front settlements (derived anchors). */
export function pinnedCloses(): {
  date: string;
  spot: number;
  settle: number;
  basis: number;
  source: string;
}[] {
  const out: { date: string; spot: number; settle: number; basis: number; source: string }[] = [];
  const bps5 = btcPerShare('IBIT', '2026-02-05');
  const p5 = pinnedBasis(
    '2026-02-05',
    BASIS_20260205,
    IBIT_CLOSE_20260205 / bps5,
    (s) => roundTo(s * bps5, 2) === IBIT_CLOSE_20260205,
  );
  out.push({
    date: '2026-02-05',
    spot: p5.spot,
    settle: p5.settle,
    basis: BASIS_20260205,
    source: SRC.altcoinObserver,
  });
  const p6 = pinnedBasis('2026-02-06', BASIS_20260206, 70980);
  out.push({
    date: '2026-02-06',
    spot: p6.spot,
    settle: p6.settle,
    basis: BASIS_20260206,
    source: SRC.altcoinObserver,
  });
  const pd = pinnedBasis('2025-12-03', BASIS_20251203, 92900);
  out.push({
    date: '2025-12-03',
    spot: pd.spot,
    settle: pd.settle,
    basis: BASIS_20251203,
    source: SRC.mexcBasis,
  });
  for (const [date, settle, source] of CME_FRONT_CLOSES) {
    const b = FRONT_BASIS_AFTER[date];
    const days = daysBetween(date, cmeExpiry(2026, 2));
    out.push({ date, spot: roundTo(settle / (1 + (b * days) / 365), 2), settle, basis: b, source });
  }
  return out;
}

const ny16 = (d: string): string => isoInstant(nyClose(d));

/** Every anchor of the BTC path, sorted by instant. */
export function btcAnchors(): PriceAnchor[] {
  const a: PriceAnchor[] = [];
  // ---- 2024 (shape: approximate public history) ----
  a.push(close('2024-01-09', 46100), close('2024-01-10', 46630));
  a.push(at('2024-01-11T14:00:00Z', 48900), close('2024-01-11', 46350), close('2024-01-12', 42850));
  a.push(close('2024-01-17', 42750), close('2024-01-22', 39500), at('2024-01-23T08:00:00Z', 38600));
  a.push(close('2024-01-23', 39850), close('2024-01-31', 42580), close('2024-02-08', 45300));
  a.push(close('2024-02-14', 51800), close('2024-02-20', 52300), close('2024-02-26', 54500));
  a.push(close('2024-02-28', 62400), close('2024-02-29', 61200), close('2024-03-04', 68300));
  a.push(at('2024-03-05T15:00:00Z', 68900), at('2024-03-05T20:00:00Z', 60100), close('2024-03-05', 63800));
  a.push(close('2024-03-08', 68300), close('2024-03-11', 72100), close('2024-03-13', 73100));
  a.push(extreme('high', '2024-03-14T07:00:00Z', 73750, [HOURLY_START, '2024-11-06T00:00:00Z']));
  a.push(close('2024-03-14', 71400), close('2024-03-15', 69400), close('2024-03-16', 65300));
  a.push(close('2024-03-17', 68400), close('2024-03-18', 67600), close('2024-03-19', 62000));
  a.push(close('2024-03-20', 67900));
  a.push(close('2024-03-25', 70000), close('2024-03-31', 71300), close('2024-04-08', 71600));
  a.push(close('2024-04-12', 67200), close('2024-04-13', 63000), close('2024-04-17', 61300));
  a.push(close('2024-04-19', 63800), close('2024-04-23', 66400), close('2024-04-30', 60600));
  a.push(close('2024-05-01', 58300), close('2024-05-06', 63200), close('2024-05-14', 61600));
  a.push(close('2024-05-15', 66200), close('2024-05-20', 71400), close('2024-05-31', 67500));
  a.push(close('2024-06-07', 69300), close('2024-06-14', 66000), close('2024-06-24', 60300));
  a.push(close('2024-06-30', 62700), close('2024-07-04', 57000), at('2024-07-05T03:00:00Z', 53600));
  a.push(close('2024-07-05', 56700), close('2024-07-14', 60800), close('2024-07-22', 67500));
  a.push(close('2024-07-29', 66800), close('2024-07-31', 64600), close('2024-08-01', 65300));
  // 2024-08-02 -> 08-05: the yen-carry weekend; IBIT's worst close-to-close day of the window
  // (published-facts: 2026-02-05 was IBIT's "2nd worst since launch").
  a.push(at('2024-08-02T20:00:00Z', 62600), close('2024-08-02', 61400), close('2024-08-03', 60700));
  a.push(close('2024-08-04', 58100), extreme('low', '2024-08-05T06:00:00Z', 49100, utcDay('2024-08-05')));
  a.push(at('2024-08-05T20:00:00Z', 53800), close('2024-08-05', 54000), close('2024-08-08', 61700));
  a.push(close('2024-08-15', 57500), close('2024-08-24', 64200), close('2024-08-31', 58900));
  a.push(close('2024-09-06', 53900), close('2024-09-13', 60500), close('2024-09-18', 61700));
  a.push(close('2024-09-27', 65800), close('2024-09-30', 63300), close('2024-10-10', 60300));
  a.push(close('2024-10-15', 67000), close('2024-10-21', 67400), close('2024-10-29', 72400));
  a.push(close('2024-10-31', 70200), close('2024-11-05', 69300), close('2024-11-06', 75900));
  a.push(close('2024-11-11', 88700), close('2024-11-13', 90500), close('2024-11-17', 89800));
  a.push(close('2024-11-22', 98900), close('2024-11-26', 91900), close('2024-11-30', 96400));
  a.push(close('2024-12-04', 98700), at('2024-12-05T03:00:00Z', 103600), close('2024-12-05', 96900));
  a.push(close('2024-12-09', 97300), close('2024-12-16', 106100));
  a.push(extreme('high', '2024-12-17T14:00:00Z', 108300, ['2024-12-06T00:00:00Z', '2025-01-20T00:00:00Z']));
  a.push(close('2024-12-17', 106200), close('2024-12-19', 97400), close('2024-12-26', 95800));
  a.push(close('2024-12-31', 93400));
  // ---- 2025 ----
  a.push(close('2025-01-06', 102100), close('2025-01-13', 94500), close('2025-01-17', 104500));
  a.push(extreme('high', '2025-01-20T03:00:00Z', 109100, ['2025-01-20T00:00:00Z', '2025-05-21T00:00:00Z']));
  a.push(close('2025-01-20', 101500), close('2025-01-22', 103600), close('2025-01-27', 102100));
  a.push(close('2025-01-31', 102400), close('2025-02-02', 97700), at('2025-02-03T01:00:00Z', 91300));
  a.push(close('2025-02-03', 101400), close('2025-02-10', 97400), close('2025-02-20', 98300));
  a.push(close('2025-02-24', 91400), close('2025-02-25', 88700), at('2025-02-28T06:00:00Z', 78300));
  a.push(close('2025-02-28', 84400), close('2025-03-02', 94200), close('2025-03-10', 78500));
  a.push(close('2025-03-19', 86800), close('2025-03-26', 86900), close('2025-03-31', 82500));
  a.push(close('2025-04-02', 85200), close('2025-04-06', 78200));
  a.push(extreme('low', '2025-04-07T04:00:00Z', 74600, ['2025-03-01T00:00:00Z', '2025-06-01T00:00:00Z']));
  a.push(close('2025-04-07', 79200), close('2025-04-08', 76300), close('2025-04-09', 82600));
  a.push(close('2025-04-21', 87500), close('2025-04-22', 93400), close('2025-04-30', 94200));
  a.push(close('2025-05-08', 103000), close('2025-05-21', 109700));
  a.push(extreme('high', '2025-05-22T20:00:00Z', 111900, ['2025-05-21T00:00:00Z', '2025-07-10T00:00:00Z']));
  a.push(close('2025-05-22', 111300), close('2025-05-31', 104600), close('2025-06-05', 101500));
  a.push(close('2025-06-09', 110300), close('2025-06-22', 101000), close('2025-06-30', 107100));
  a.push(close('2025-07-03', 109600), close('2025-07-11', 117500));
  a.push(extreme('high', '2025-07-14T08:00:00Z', 123100, ['2025-07-10T00:00:00Z', '2025-08-13T00:00:00Z']));
  a.push(close('2025-07-14', 119800), close('2025-07-31', 115800), close('2025-08-02', 112500));
  a.push(close('2025-08-13', 123300));
  a.push(extreme('high', '2025-08-14T03:00:00Z', 124300, ['2025-08-13T00:00:00Z', '2025-10-05T00:00:00Z']));
  a.push(close('2025-08-14', 118300), close('2025-08-25', 110100), close('2025-08-31', 108300));
  a.push(close('2025-09-01', 109200), close('2025-09-12', 116000), close('2025-09-18', 117100));
  a.push(close('2025-09-25', 109000), close('2025-09-30', 114000), close('2025-10-03', 122200));
  a.push(close('2025-10-05', 123500));
  a.push(
    extreme(
      'high',
      '2025-10-06T18:00:00Z',
      126080,
      ['2025-10-05T00:00:00Z', PATH_END],
      'published',
      SRC.thjournal,
      'BTC all-time high 2025-10-06 (low end of the published 126,080-126,272)',
    ),
  );
  a.push(close('2025-10-06', 124700), close('2025-10-09', 121600), at('2025-10-10T12:00:00Z', 121300));
  a.push(at('2025-10-10T20:00:00Z', 117400));
  a.push(
    extreme(
      'low',
      '2025-10-10T21:00:00Z',
      105896,
      utcDay('2025-10-10'),
      'published',
      SRC.binanceOct10,
      'BTC low 2025-10-10 (CoinGecko)',
    ),
  );
  a.push(close('2025-10-10', 113200), close('2025-10-13', 115200), close('2025-10-17', 106500));
  a.push(close('2025-10-27', 114100), close('2025-10-31', 109600), close('2025-11-03', 106500));
  a.push(close('2025-11-04', 101500), close('2025-11-10', 106000), close('2025-11-13', 99700));
  a.push(close('2025-11-17', 92200), close('2025-11-20', 86600), at('2025-11-21T14:00:00Z', 80600));
  a.push(close('2025-11-21', 85100), close('2025-11-26', 90500), close('2025-11-30', 90400));
  a.push(close('2025-12-01', 86300), close('2025-12-10', 92000), close('2025-12-18', 85500));
  // IBIT -27% YTD at 36.10 on 2026-02-05 (coinails) puts IBIT's 2025 close near 49.45.
  a.push(
    at(ny16('2025-12-31'), 87380, 'derived', undefined, 'IBIT 2025 close implied by the published -27% YTD'),
  );
  a.push(close('2025-12-31', 87586, 'published', SRC.coindesk2026open));
  a.push(close('2026-01-05', 93800), close('2026-01-14', 96900), close('2026-01-19', 92700));
  // ---- 2026-01-20 .. 02-13, minute resolution ----
  a.push(at('2026-01-20T15:16:00Z', 90298, 'published', SRC.tradevae91k, 'BTC 10:16 ET 2026-01-20'));
  a.push(close('2026-01-20', 89500));
  a.push(
    extreme(
      'low',
      '2026-01-21T13:30:00Z',
      87200,
      utcDay('2026-01-21'),
      'published',
      SRC.mexc542404,
      'BTC range low 2026-01-21',
    ),
  );
  a.push(
    extreme(
      'high',
      '2026-01-21T19:30:00Z',
      90300,
      utcDay('2026-01-21'),
      'published',
      SRC.mexc542404,
      'BTC range high 2026-01-21',
    ),
  );
  a.push(close('2026-01-21', 89400), close('2026-01-22', 89700), close('2026-01-23', 89500));
  a.push(close('2026-01-24', 89200), close('2026-01-25', 86600), close('2026-01-26', 88200));
  a.push(close('2026-01-27', 89200));
  a.push(
    extreme(
      'low',
      '2026-01-28T07:10:00Z',
      87271,
      utcDay('2026-01-28'),
      'published',
      SRC.ts2Fed,
      'BTC intraday low 2026-01-28',
    ),
  );
  a.push(at('2026-01-28T15:28:00Z', 89075, 'published', SRC.ts2Fed, 'BTC 10:28 ET 2026-01-28'));
  // IBIT fell 5.8% on 01-29 (Park: "the day after IBIT fell 5.8%, 01-30 saw -$530M").
  a.push(at(ny16('2026-01-28'), 89600, 'derived'), close('2026-01-28', 89300));
  a.push(
    extreme(
      'low',
      '2026-01-29T20:40:00Z',
      84231,
      utcDay('2026-01-29'),
      'published',
      SRC.cryptonews32356632,
      'BTC intraday low 2026-01-29 (Bitstamp)',
    ),
  );
  a.push(at(ny16('2026-01-29'), 84403, 'derived'), close('2026-01-29', 84600));
  a.push(at('2026-01-30T03:08:00Z', 82055.65, 'published', SRC.cmcAi, 'BTC 03:08 UTC 2026-01-30 (CMC)'));
  a.push(
    extreme(
      'low',
      '2026-01-30T13:20:00Z',
      81104,
      utcDay('2026-01-30'),
      'published',
      SRC.arynews,
      'BTC Friday low 2026-01-30 (Reuters)',
    ),
  );
  a.push(at('2026-01-30T17:48:00Z', 84218), at(ny16('2026-01-30'), 83900), close('2026-01-30', 83700));
  a.push(
    extreme(
      'low',
      '2026-01-31T14:05:00Z',
      75709.88,
      utcDay('2026-01-31'),
      'published',
      SRC.gazillions,
      'BTC weekend low 2026-01-31',
    ),
  );
  a.push(
    at('2026-01-31T17:48:00Z', 78719.63, 'published', SRC.arynews, 'BTC 17:48 GMT 2026-01-31 (Reuters)'),
  );
  a.push(close('2026-01-31', 78600), close('2026-02-01', 76900));
  a.push(
    extreme(
      'low',
      '2026-02-02T05:30:00Z',
      74546,
      utcDay('2026-02-02'),
      'published',
      SRC.hotbookzone,
      'BTC intraday low 2026-02-02',
    ),
  );
  a.push(close('2026-02-02', 78768, 'published', SRC.forvest));
  a.push(
    extreme(
      'low',
      '2026-02-03T20:10:00Z',
      72884,
      utcDay('2026-02-03'),
      'published',
      SRC.thjournal,
      'BTC low 2026-02-03',
    ),
  );
  a.push(close('2026-02-03', 75639, 'published', SRC.forvest));
  a.push(at('2026-02-04T12:24:00Z', 76120));
  a.push(
    extreme(
      'low',
      '2026-02-04T19:40:00Z',
      72412,
      utcDay('2026-02-04'),
      'published',
      SRC.pointfx,
      'BTC low 2026-02-04 (Coin Metrics)',
    ),
  );
  a.push(at(ny16('2026-02-04'), 73500), close('2026-02-04', 73172, 'published', SRC.forvest));
  // ---- the event day ----
  a.push(extreme('high', '2026-02-05T00:40:00Z', 73380, utcDay('2026-02-05')));
  a.push(at('2026-02-05T12:24:00Z', 69231.67, 'published', SRC.livemint, 'BTC 5:54pm IST 2026-02-05 (CMC)'));
  a.push(
    at('2026-02-05T12:31:00Z', 69332, 'published', SRC.usaemall, 'BTC 7:31am ET 2026-02-05 (Coin Metrics)'),
  );
  a.push(at('2026-02-05T14:16:00Z', 69560, 'published', SRC.schwab, 'BTC ~9:16am ET 2026-02-05 (Schwab)'));
  a.push(at('2026-02-05T15:41:00Z', 66910));
  a.push(
    extreme(
      'low',
      '2026-02-05T18:52:00Z',
      63000,
      ['2026-02-05T00:00:00Z', '2026-02-05T20:00:00Z'],
      'published',
      SRC.mexc646403,
      'BTC session low at 20:00 UTC 2026-02-05 (CoinDesk)',
    ),
  );
  a.push(at('2026-02-05T20:00:00Z', 64900));
  a.push(
    extreme(
      'low',
      '2026-02-05T20:38:00Z',
      62000,
      utcDay('2026-02-05'),
      'published',
      SRC.streamline,
      'BTC session low during US hours 2026-02-05 (CoinDesk)',
    ),
  );
  const pins = pinnedCloses();
  for (const p of pins)
    a.push(at(ny16(p.date), p.spot, 'derived', undefined, `16:00 ET price pinned by the ${p.date} basis`));
  a.push(at('2026-02-05T21:15:00Z', 63519, 'published', SRC.gatetv, 'BTC 4:15pm ET 2026-02-05 (Bitstamp)'));
  a.push(close('2026-02-05', 62854, 'published', SRC.forvest));
  a.push(
    extreme(
      'low',
      '2026-02-06T01:25:00Z',
      60033,
      utcDay('2026-02-06'),
      'published',
      SRC.cvj60k,
      'BTC cycle low, early Asian trading 2026-02-06 (Crypto Valley Journal)',
    ),
  );
  a.push(at('2026-02-06T15:41:00Z', 68402.96, 'published', SRC.cmcAi, 'BTC 15:41 UTC 2026-02-06 (CMC)'));
  a.push(at('2026-02-06T19:53:00Z', 70826.9, 'published', SRC.tradevae70k, 'BTC 14:53 ET 2026-02-06'));
  a.push(
    extreme(
      'high',
      '2026-02-06T20:31:00Z',
      71458,
      utcDay('2026-02-06'),
      'published',
      SRC.thjournal,
      'BTC intraday high after the rebound 2026-02-06',
    ),
  );
  a.push(close('2026-02-06', 70524, 'published', SRC.forvest), close('2026-02-07', 69300));
  a.push(
    extreme(
      'low',
      '2026-02-08T04:10:00Z',
      68443,
      utcDay('2026-02-08'),
      'published',
      SRC.usfinancetimes,
      'BTC range low 2026-02-08 (Bitstamp)',
    ),
  );
  a.push(
    extreme(
      'high',
      '2026-02-08T17:20:00Z',
      70976,
      utcDay('2026-02-08'),
      'published',
      SRC.usfinancetimes,
      'BTC range high 2026-02-08 (Bitstamp)',
    ),
  );
  a.push(
    at('2026-02-08T19:00:00Z', 70854, 'published', SRC.usfinancetimes, 'BTC price 2026-02-08 (Bitstamp)'),
  );
  a.push(close('2026-02-08', 70600));
  a.push(close('2026-02-09', 70086, 'published', SRC.skalinin0209));
  a.push(close('2026-02-10', 68811, 'published', SRC.skalinin0209));
  a.push(close('2026-02-11', 67066, 'published', SRC.skalinin0211));
  a.push(close('2026-02-12', 66219, 'published', SRC.skalinin0212));
  a.push(close('2026-02-13', 68812, 'published', SRC.skalinin0213));
  return a.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
}

/** Bands of the path: every low/high anchor's window. */
export function btcEnvelopes(anchors: readonly PriceAnchor[]): Envelope[] {
  const out: Envelope[] = [];
  for (const x of anchors) {
    if (!x.window) continue;
    out.push({
      from: x.window[0],
      to: x.window[1],
      lo: x.kind === 'low' ? x.price : Number.NaN,
      hi: x.kind === 'high' ? x.price : Number.NaN,
    });
  }
  return out;
}

/** Annualized volatility of the bridge noise at an instant (regimes of BTC's realised vol). */
export function btcVolAt(ms: number): number {
  const t = isoInstant(ms);
  if (t >= '2026-02-05T12:00:00Z' && t < '2026-02-07T00:00:00Z') return 1.2;
  if (t >= '2026-02-04T00:00:00Z' && t < '2026-02-09T00:00:00Z') return 0.7;
  if (t >= '2026-01-20T00:00:00Z') return 0.5;
  if (t >= '2025-10-10T00:00:00Z' && t < '2025-10-12T00:00:00Z') return 0.9;
  if (t >= '2024-08-02T00:00:00Z' && t < '2024-08-08T00:00:00Z') return 0.8;
  if (t >= '2025-04-02T00:00:00Z' && t < '2025-04-12T00:00:00Z') return 0.7;
  if (t < '2025-01-01T00:00:00Z') return 0.52;
  return 0.42;
}
