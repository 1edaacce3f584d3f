import { cmeContractCode, cmeExpiry, daysBetween, zonedTimeToUtc } from './calendar.js';
import { BASIS_20251203, BASIS_20260205, BASIS_20260206, CME_FRONT_CLOSES } from './cmePublished.js';
import { type Cell, roundTo, type Table } from './csv.js';
import type { Market } from './market.js';
import type { AnchorUse, CellQuality } from './provenance.js';
import { createRng } from './rng.js';
import { GENERATOR_SOURCE, SRC } from './sources.js';

/*
 * futures_settlements: CME Bitcoin futures (BTC, 5 BTC per contract), the three nearest serial months
 * and the next two quarterly months after them, every NYSE trading day (CME's crypto holidays are taken
 * to be NYSE's). Settlement F = S x (1 + b x days / 365) rounded to the $5 tick, S the 16:00 ET BTC
 * reference and days the calendar days to the contract's expiry, with b the front annualized basis
 * (a piecewise-linear history, 2024 rich at 5-15%, 2025 thinner, backwardation in early December 2025,
 * plus AR(1) noise) and a small upward term slope for deferred months. On an expiry date the expiring
 * contract settles at the BTC price at 16:00 London (the CME CF Bitcoin Reference Rate fixing time).
 The 16:00 ET reference S is never moved: it is the observed BTC price (reconstructed before 2026).
 * Where a basis is published (02-05: 3.3%, 02-06: 9%, 2025-12-03: -2.35%) the front settlement is
 * S x (1 + b x days / 365) on the $5 tick; where a front close is published (02-10..02-13) it is that
 * close, and its basis against S is what the history interpolates through. From 2025-12-03 the front
 * basis is linear between those published points only (no hand-set level around the event).
 * Open interest: an approximate total-contract history to 2025-12-31, then linear to the first
 * published total (02-09) with no hand-set path into or after the event; the published totals and
 * front-month counts of 02-09..02-13 exactly, split over the listed months with a roll in the last days
 * before each expiry. Volume: a level x exp(5 |BTC log return|) x noise on every day, the event included.
 */

/** Front annualized basis history (decimal), linear between points. */
const FRONT_BASIS: readonly (readonly [string, number])[] = [
  ['2024-01-11', 0.1],
  ['2024-02-15', 0.13],
  ['2024-03-12', 0.15],
  ['2024-05-01', 0.09],
  ['2024-07-01', 0.08],
  ['2024-08-05', 0.05],
  ['2024-09-15', 0.06],
  ['2024-11-12', 0.13],
  ['2024-12-05', 0.15],
  ['2025-01-15', 0.11],
  ['2025-02-25', 0.05],
  ['2025-04-08', 0.045],
  ['2025-05-22', 0.08],
  ['2025-07-14', 0.09],
  ['2025-08-20', 0.07],
  ['2025-10-06', 0.075],
  ['2025-10-13', 0.05],
  ['2025-11-21', 0.02],
  ['2025-12-03', BASIS_20251203],
  ['2026-02-05', BASIS_20260205],
  ['2026-02-06', BASIS_20260206],
];

/** Published front bases [date, annualized basis, page]. */
const PUBLISHED_BASIS: readonly (readonly [string, number, string])[] = [
  ['2025-12-03', BASIS_20251203, SRC.mexcBasis],
  ['2026-02-05', BASIS_20260205, SRC.altcoinObserver],
  ['2026-02-06', BASIS_20260206, SRC.altcoinObserver],
];

/** Total open interest (contracts), linear between points; from 2026-02-09 every day is published. */
const TOTAL_OI: readonly (readonly [string, number])[] = [
  ['2024-01-11', 20_000],
  ['2024-03-12', 29_000],
  ['2024-06-03', 27_500],
  ['2024-08-05', 24_000],
  ['2024-10-31', 30_000],
  ['2024-12-17', 39_000],
  ['2025-02-28', 30_000],
  ['2025-04-08', 26_500],
  ['2025-07-14', 31_000],
  ['2025-10-06', 31_500],
  ['2025-10-13', 28_000],
  ['2025-11-21', 24_500],
  ['2025-12-31', 22_800],
  ['2026-02-09', 23_643],
  ['2026-02-10', 24_157],
  ['2026-02-11', 23_019],
  ['2026-02-12', 23_375],
  ['2026-02-13', 23_084],
];

/** Published CME open interest: [date, total, front, page]. */
export const CME_OI_PUBLISHED: readonly (readonly [string, number, number, string])[] = [
  ['2026-02-09', 23_643, 18_933, SRC.skalinin0209],
  ['2026-02-10', 24_157, 19_187, SRC.skalinin0209],
  ['2026-02-11', 23_019, 17_768, SRC.skalinin0211],
  ['2026-02-12', 23_375, 17_605, SRC.skalinin0212],
  ['2026-02-13', 23_084, 16_846, SRC.skalinin0213],
];

/** Total daily volume level (contracts), linear between points. */
const VOLUME_LEVEL: readonly (readonly [string, number])[] = [
  ['2024-01-11', 14_000],
  ['2024-06-01', 10_000],
  ['2024-12-01', 14_000],
  ['2025-06-01', 9_000],
  ['2025-12-31', 8_500],
  ['2026-02-13', 9_500],
];

function interp(points: readonly (readonly [string, number])[], date: string): number {
  if (date <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    if (date <= points[i][0]) {
      const w =
        (Date.parse(date) - Date.parse(points[i - 1][0])) /
        (Date.parse(points[i][0]) - Date.parse(points[i - 1][0]));
      return points[i - 1][1] * (1 - w) + points[i][1] * w;
    }
  }
  return points[points.length - 1][1];
}

interface Listed {
  readonly code: string;
  readonly expiry: string;
}

/**
 * Contracts listed on `date`: the first contract month whose expiry is on or after `date`, the next
 * two months, and the next two quarterly months after those.
 * @example listedContracts('2026-02-05').map((c) => c.code) // ['BTCG6', 'BTCH6', 'BTCJ6', 'BTCM6', 'BTCU6']
 */
export function listedContracts(date: string): Listed[] {
  let y = Number(date.slice(0, 4));
  let mo = Number(date.slice(5, 7));
  if (daysBetween(date, cmeExpiry(y, mo)) < 0) {
    mo++;
    if (mo === 13) [y, mo] = [y + 1, 1];
  }
  const out: Listed[] = [];
  const add = (yy: number, mm: number): void => {
    out.push({ code: cmeContractCode(yy, mm), expiry: cmeExpiry(yy, mm) });
  };
  let [yy, mm] = [y, mo];
  for (let k = 0; k < 3; k++) {
    add(yy, mm);
    mm++;
    if (mm === 13) [yy, mm] = [yy + 1, 1];
  }
  let quarterlies = 0;
  while (quarterlies < 2) {
    if (mm % 3 === 0) {
      add(yy, mm);
      quarterlies++;
    }
    mm++;
    if (mm === 13) [yy, mm] = [yy + 1, 1];
  }
  return out;
}

/**
 * Builds futures_settlements.
 * @example buildFutures(buildMarket(20260205)).table.rows.length // 2625 (5 contracts x 525 days)
 */
export function buildFutures(m: Market): { table: Table; anchors: AnchorUse[]; cells: CellQuality[] } {
  const rng = createRng(m.seed, 'cme');
  const rows: Cell[][] = [];
  const anchors: AnchorUse[] = [];
  const cells: CellQuality[] = [];
  const oiPub = new Map(CME_OI_PUBLISHED.map((x) => [x[0], x]));
  const frontClosePub = new Map(CME_FRONT_CLOSES.map((x) => [x[0], x]));
  // Pinned front settlements: published closes as published, published bases against the reference.
  const pins = new Map<string, { settle: number; basis: number; source: string; quality: string }>();
  for (const [d, b, source] of PUBLISHED_BASIS) {
    const S = m.ref.get(d)!;
    const days = daysBetween(d, listedContracts(d)[0].expiry);
    pins.set(d, {
      settle: Math.round((S * (1 + (b * days) / 365)) / 5) * 5,
      basis: b,
      source: m.refObserved(d) ? source : GENERATOR_SOURCE,
      quality: m.refObserved(d) ? 'published' : 'reconstructed',
    });
  }
  const basisPoints: (readonly [string, number])[] = [...FRONT_BASIS];
  for (const [d, settle, source] of CME_FRONT_CLOSES) {
    const S = m.ref.get(d)!;
    const days = daysBetween(d, listedContracts(d)[0].expiry);
    const basis = ((settle / S - 1) * 365) / days;
    pins.set(d, { settle, basis, source, quality: 'published' });
    basisPoints.push([d, basis]);
  }
  let basisNoise = 0;
  let oiNoise = 0;
  let prevRef = Number.NaN;
  for (const d of m.days) {
    const S = m.ref.get(d)!;
    const ret = Number.isNaN(prevRef) ? 0 : Math.log(S / prevRef);
    prevRef = S;
    basisNoise = 0.8 * basisNoise + 0.006 * rng.normal();
    const pin = pins.get(d);
    const front = interp(basisPoints, d) + (pin ? 0 : basisNoise);
    const listed = listedContracts(d);
    // Total open interest and its split.
    oiNoise = 0.9 * oiNoise + 0.012 * rng.normal();
    const fixedOi = d >= '2026-02-09';
    const total = Math.round(interp(TOTAL_OI, d) * (fixedOi ? 1 : Math.exp(oiNoise)));
    const frontDays = daysBetween(d, listed[0].expiry);
    const roll = frontDays >= 10 ? 1 : Math.max(0, frontDays - 1) / 9;
    const frontW = frontDays === 0 ? 0 : 0.05 + 0.75 * roll;
    const weights = [frontW, 0.14 + 0.75 * (1 - roll), 0.04, 0.015, 0.005];
    const wSum = weights.reduce((a, b) => a + b, 0);
    const pubOi = oiPub.get(d);
    const oi = weights.map((w) => Math.round((total * w) / wSum));
    if (pubOi) {
      oi[0] = pubOi[2];
      const rest = weights.slice(1).reduce((a, b) => a + b, 0);
      for (let k = 1; k < oi.length; k++) oi[k] = Math.round(((pubOi[1] - pubOi[2]) * weights[k]) / rest);
    }
    oi[1] += total - oi.reduce((a, b) => a + b, 0);
    // Volume.
    const vTotal = interp(VOLUME_LEVEL, d) * Math.exp(0.3 * rng.normal() + 5 * Math.abs(ret));
    const vW = [0.1 + 0.75 * roll, 0.05 + 0.75 * (1 - roll), 0.05, 0.03, 0.02];
    const vSum = vW.reduce((a, b) => a + b, 0);

    listed.forEach((c, k) => {
      const days = daysBetween(d, c.expiry);
      let settle: number;
      if (days === 0) {
        settle = roundTo(m.path.priceAt(zonedTimeToUtc(d, 16, 0, 'Europe/London')), 2);
      } else if (k === 0 && pin) {
        settle = pin.settle;
      } else {
        const b = front + (0.01 * (days - 30)) / 365 + 0.002 * rng.normal();
        settle = Math.round((S * (1 + (b * days) / 365)) / 5) * 5;
      }
      // Volume is modelled on every row, so every row is reconstructed; published cells are listed.
      const source: string = GENERATOR_SOURCE;
      const quality = 'reconstructed';
      const key = `${d} cme ${c.code}`;
      if (k === 0 && pin && pin.quality === 'published') {
        cells.push({
          table: 'futures_settlements',
          key,
          column: 'settle',
          quality: 'published',
          source: pin.source,
        });
        const fc = frontClosePub.get(d);
        anchors.push({
          key,
          column: 'settle',
          value: settle,
          source: pin.source,
          note: fc
            ? 'published front-month close'
            : `annualized basis vs the 16:00 ET reference = ${pin.basis}`,
        });
      }
      if (k === 0 && pubOi) {
        cells.push({
          table: 'futures_settlements',
          key,
          column: 'open_interest',
          quality: 'published',
          source: pubOi[3],
        });
        anchors.push({
          key,
          column: 'open_interest',
          value: oi[0],
          source: pubOi[3],
          note: `front; total ${pubOi[1]}`,
        });
      }
      const volume = Math.max(0, Math.round((vTotal * vW[k]) / vSum));
      rows.push([
        d,
        'cme',
        c.code,
        c.expiry,
        settle,
        volume,
        days === 0 ? 0 : Math.max(0, oi[k]),
        5,
        source,
        quality,
      ]);
    });
  }
  return {
    anchors,
    cells,
    table: {
      columns: [
        'date',
        'venue',
        'contract',
        'expiry',
        'settle',
        'volume',
        'open_interest',
        'multiplier',
        'source',
        'quality',
      ],
      rows,
    },
  };
}
