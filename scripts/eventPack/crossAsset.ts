import { DataError } from '../../src/errors.js';
import { bridgeLog } from './bridge.js';
import { isoInstant, nyClose } from './calendar.js';
import { type Cell, roundTo } from './csv.js';
import type { EtfSeries } from './etfDaily.js';
import type { Market } from './market.js';
import type { AnchorUse } from './provenance.js';
import { createRng } from './rng.js';
import { GENERATOR_SOURCE, SRC } from './sources.js';

/*
 * Daily bars (interval '1d', ts = 16:00 ET) of IBIT, IGV (software), GLD (gold) and QQQ (Nasdaq-100).
 * IBIT's bars come from etf_daily (open/high/low from the BTC path x BTC per share). IGV, GLD and QQQ
 * are seeded bridges in log-price between approximate closes of their public history (and, in the
 * event week, levels implied by published moves). Their daily increments are
 *   sigma_t * (rho_t * z_IBIT + sqrt(1 - rho_t^2) * eps),   z_IBIT = IBIT log return / 0.032,
 * so the correlation with IBIT is rho_t by construction: low through Q3 2025, rising into January 2026
 * (the analysis: IBIT traded like software stocks; the co-movement reached gold).
 */

interface AssetSpec {
  readonly symbol: string;
  readonly anchors: readonly (readonly [string, number])[];
  /** [date, daily vol, correlation with IBIT], linear in between. */
  readonly regime: readonly (readonly [string, number, number])[];
}

const ASSETS: readonly AssetSpec[] = [
  {
    symbol: 'IGV',
    anchors: [
      ['2024-01-11', 80.0],
      ['2024-02-29', 83.0],
      ['2024-03-28', 84.5],
      ['2024-04-30', 78.5],
      ['2024-05-31', 77.0],
      ['2024-06-28', 80.0],
      ['2024-07-10', 86.0],
      ['2024-08-05', 78.0],
      ['2024-08-30', 82.0],
      ['2024-09-30', 84.0],
      ['2024-10-31', 88.0],
      ['2024-11-29', 97.0],
      ['2024-12-06', 103.0],
      ['2025-01-13', 98.0],
      ['2025-01-31', 102.0],
      ['2025-02-18', 108.5],
      ['2025-03-31', 88.0],
      ['2025-04-08', 83.0],
      ['2025-05-30', 100.0],
      ['2025-06-30', 105.0],
      ['2025-07-28', 111.0],
      ['2025-08-29', 106.0],
      ['2025-09-30', 112.0],
      ['2025-10-28', 116.0],
      ['2025-11-20', 104.0],
      ['2025-12-15', 107.0],
      // -24% YTD at 79.67 on 02-05 (pkpressclub / ginlix); -16.85% over the month and -12.67% over the
      // week to 02-03 (themarketunfolds); -4.97% on 02-05.
      ['2025-12-31', 104.8],
      ['2026-01-02', 103.97],
      ['2026-01-27', 99.0],
      ['2026-02-03', 86.45],
      ['2026-02-04', 83.84],
      ['2026-02-05', 79.67],
      ['2026-02-06', 82.9],
      ['2026-02-13', 83.5],
    ],
    regime: [
      ['2024-01-11', 0.015, 0.15],
      ['2025-09-30', 0.016, 0.2],
      ['2026-01-20', 0.024, 0.8],
      ['2026-02-13', 0.028, 0.85],
    ],
  },
  {
    symbol: 'GLD',
    anchors: [
      ['2024-01-11', 187.5],
      ['2024-02-14', 183.0],
      ['2024-04-12', 218.5],
      ['2024-05-31', 215.3],
      ['2024-06-28', 216.0],
      ['2024-07-31', 225.3],
      ['2024-09-26', 246.0],
      ['2024-10-30', 255.0],
      ['2024-11-14', 236.0],
      ['2024-12-31', 242.1],
      ['2025-02-24', 271.0],
      ['2025-03-31', 288.1],
      ['2025-04-21', 315.0],
      ['2025-05-15', 293.0],
      ['2025-06-30', 304.0],
      ['2025-07-31', 302.0],
      ['2025-08-29', 315.0],
      ['2025-09-30', 355.0],
      ['2025-10-20', 400.0],
      ['2025-10-28', 365.0],
      ['2025-11-28', 387.0],
      ['2025-12-31', 397.5],
      ['2026-01-14', 424.0],
      // Spot gold x ~0.0918 oz per share: record ~5,595 on 01-29, about -9% on 01-30, +6.7% to 4,963
      // on 02-03, ~4,858 on 02-05, ~4,951 on 02-06 (published-facts, section 7).
      ['2026-01-28', 495.7],
      ['2026-01-29', 493.9],
      ['2026-01-30', 449.5],
      ['2026-02-02', 427.0],
      ['2026-02-03', 455.6],
      ['2026-02-04', 457.6],
      ['2026-02-05', 446.0],
      ['2026-02-06', 454.5],
      ['2026-02-13', 458.0],
    ],
    regime: [
      ['2024-01-11', 0.009, 0.05],
      ['2025-09-30', 0.012, 0.1],
      ['2026-01-20', 0.03, 0.45],
      ['2026-02-13', 0.03, 0.45],
    ],
  },
  {
    symbol: 'QQQ',
    anchors: [
      ['2024-01-11', 405.0],
      ['2024-03-21', 447.0],
      ['2024-04-19', 414.0],
      ['2024-05-31', 450.0],
      ['2024-07-10', 502.0],
      ['2024-08-05', 437.0],
      ['2024-09-06', 448.0],
      ['2024-10-31', 483.0],
      ['2024-12-16', 538.0],
      ['2024-12-31', 511.2],
      ['2025-01-27', 514.0],
      ['2025-02-19', 539.0],
      ['2025-03-31', 468.9],
      ['2025-04-08', 423.0],
      ['2025-05-30', 519.0],
      ['2025-06-30', 551.0],
      ['2025-08-29', 570.0],
      ['2025-09-30', 600.4],
      ['2025-10-29', 635.0],
      ['2025-11-20', 585.0],
      ['2025-12-31', 614.0],
      ['2026-01-27', 630.0],
      // Nasdaq Composite daily moves used as a proxy: -1.55% (02-03), -1.51% (02-04), -1.59% (02-05),
      // +2.2% (02-06) (published-facts, section 7).
      ['2026-02-02', 624.0],
      ['2026-02-03', 614.33],
      ['2026-02-04', 605.05],
      ['2026-02-05', 595.43],
      ['2026-02-06', 608.53],
      ['2026-02-13', 605.0],
    ],
    regime: [
      ['2024-01-11', 0.012, 0.3],
      ['2025-09-30', 0.012, 0.35],
      ['2026-01-20', 0.014, 0.6],
      ['2026-02-13', 0.016, 0.6],
    ],
  },
];

/** Published IGV close used (Seeking Alpha via ginlix; conflicting with a stale $104.73 elsewhere). */
export const IGV_CLOSE_20260205 = { value: 79.67, source: SRC.ginlix };

function interpRegime(regime: AssetSpec['regime'], date: string): [number, number] {
  if (date <= regime[0][0]) return [regime[0][1], regime[0][2]];
  for (let i = 1; i < regime.length; i++) {
    if (date <= regime[i][0]) {
      const w =
        (Date.parse(date) - Date.parse(regime[i - 1][0])) /
        (Date.parse(regime[i][0]) - Date.parse(regime[i - 1][0]));
      return [regime[i - 1][1] * (1 - w) + regime[i][1] * w, regime[i - 1][2] * (1 - w) + regime[i][2] * w];
    }
  }
  const last = regime[regime.length - 1];
  return [last[1], last[2]];
}

/**
 * Builds the daily bars of IBIT, IGV, GLD and QQQ.
 * @example buildCrossAssetBars(buildMarket(20260205), etfSeries).rows.length // 2100 (4 symbols x 525 days)
 */
export function buildCrossAssetBars(
  m: Market,
  etf: ReadonlyMap<string, EtfSeries>,
): { rows: Cell[][]; anchors: AnchorUse[] } {
  const rows: Cell[][] = [];
  const anchors: AnchorUse[] = [];
  const ibit = etf.get('IBIT')!;
  const n = m.days.length;
  const z = ibit.close.map((c, i) => (i === 0 ? 0 : Math.log(c / ibit.close[i - 1]) / 0.032));
  const closes = new Map<string, Float64Array>();
  for (const spec of ASSETS) {
    const rng = createRng(m.seed, `cross-${spec.symbol}`);
    const dayIdx = new Map(m.days.map((d, i) => [d, i]));
    const idx = spec.anchors.map(([d]) => {
      const i = dayIdx.get(d);
      if (i === undefined)
        throw new DataError('event_pack_invariant', `${spec.symbol}: anchor ${d} is not a trading day`);
      return i;
    });
    const c = new Float64Array(n);
    for (let j = 0; j + 1 < idx.length; j++) {
      const [i0, i1] = [idx[j], idx[j + 1]];
      const steps = new Float64Array(i1 - i0);
      const variances = new Float64Array(i1 - i0);
      for (let k = i0 + 1; k <= i1; k++) {
        const [sd, rho] = interpRegime(spec.regime, m.days[k]);
        steps[k - i0 - 1] = sd * (rho * z[k] + Math.sqrt(1 - rho * rho) * rng.studentT(5));
        variances[k - i0 - 1] = sd * sd;
      }
      const seg = bridgeLog(spec.anchors[j][1], spec.anchors[j + 1][1], steps, variances);
      for (let k = i0; k <= i1; k++) c[k] = seg[k - i0];
    }
    closes.set(spec.symbol, c);
  }
  for (let i = 0; i < n; i++) {
    const d = m.days[i];
    const ts = isoInstant(nyClose(d));
    rows.push([
      ts,
      'composite',
      'IBIT',
      '1d',
      ibit.open[i],
      ibit.high[i],
      ibit.low[i],
      ibit.close[i],
      ibit.volumeShares[i],
      d === '2026-02-05' ? SRC.newsdirectory3 : d === '2025-10-06' ? SRC.coinails : GENERATOR_SOURCE,
      d === '2026-02-05' || d === '2025-10-06' ? 'published' : 'reconstructed',
    ]);
    if (d === '2026-02-05')
      anchors.push({
        key: `${ts} composite IBIT 1d`,
        column: 'close',
        value: ibit.close[i],
        source: SRC.newsdirectory3,
      });
    if (d === '2025-10-06') {
      anchors.push({
        key: `${ts} composite IBIT 1d`,
        column: 'high',
        value: ibit.high[i],
        source: SRC.coinails,
        note: 'IBIT peak 71.82 (early Oct)',
      });
    }
    for (const spec of ASSETS) {
      const rng = createRng(m.seed, `cross-ohl-${spec.symbol}-${d}`);
      const c = closes.get(spec.symbol)!;
      const close = roundTo(c[i], 2);
      const prev = i === 0 ? c[0] : c[i - 1];
      const [sd] = interpRegime(spec.regime, d);
      const open = roundTo(prev * Math.exp(0.3 * sd * rng.normal()), 2);
      const high = roundTo(Math.max(open, close) * Math.exp(0.5 * sd * Math.abs(rng.normal())), 2);
      const low = roundTo(Math.min(open, close) * Math.exp(-0.5 * sd * Math.abs(rng.normal())), 2);
      const isPub = spec.symbol === 'IGV' && d === '2026-02-05';
      rows.push([
        ts,
        'composite',
        spec.symbol,
        '1d',
        open,
        high,
        low,
        close,
        null,
        isPub ? IGV_CLOSE_20260205.source : GENERATOR_SOURCE,
        isPub ? 'published' : 'reconstructed',
      ]);
      if (isPub)
        anchors.push({
          key: `${ts} composite IGV 1d`,
          column: 'close',
          value: close,
          source: IGV_CLOSE_20260205.source,
        });
    }
  }
  return { rows, anchors };
}
