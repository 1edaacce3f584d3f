import { nyCloseUtc } from '../../core/time.js';
import { buildChannelBooks, DEFAULT_DEPTH_PER_PCT_USD, DEFAULT_DEPTH_SOURCE } from '../../fragility/map.js';
import { simGrid } from '../../sim/bookGrid.js';
import type { SaleSolution } from '../../sim/calibrate.js';
import type { SimPlayer } from '../../sim/compile.js';
import { type ImpactModel, PROPAGATOR_DEFAULTS, SQRT_DEFAULTS } from '../../sim/impact.js';
import { type ObservedPoint, trackPath } from '../../sim/tracking.js';
import { deterministicWhatItTook } from '../../sim/whatItTook.js';
import type { EventBooks } from '../books.js';
import type { FindingOf, Quality } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtPct, fmtUsd, fmtX, metric, provenanceOf, worstOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { finding, unavailable } from './common.js';
import type { MarketContext } from './context.js';

/*
 * "What it took" (issue 12; docs/METHODS.md §12.11): the exogenous sale, spread evenly from the New York close
 * before the event to the event's close, that reproduces BTC's observed close-to-close fall — with every
 * channel of the fragility map (the same books, on the simulator's grid) and with none — under three impact
 * models; at the linear model's answer the exact Shapley attribution of the fall and the amplification; and how
 * far that path is from the observed hourly closes. Deterministic (no noise: one path per trial), so it is fast
 * and reproducible; `crashscope simulate --what-it-took` runs the Monte Carlo version.
 *
 * An illustration, never evidence: the channels' books rest largely on reconstructed inputs (listed in the
 * notes) and the depth is an assumption unless the store has one. No hypothesis rule reads these metrics (a
 * test checks it).
 */

export interface WhatItTookSale {
  readonly status: SaleSolution['status'];
  /** The sale (USD) that reproduces the close; for a cliff, the size at which the median close jumps past it. */
  readonly saleUsd: number | null;
  /** The simulated close (log return) at that sale. */
  readonly closeLogReturn: number;
  /** For a cliff: the close just below that size. */
  readonly cliffBelowLogReturn: number | null;
}

export interface WhatItTookData {
  readonly fromAsOf: string;
  readonly toAsOf: string;
  readonly fromUsd: number;
  readonly toUsd: number;
  readonly targetLogReturn: number;
  readonly saleMinutes: number;
  readonly stepMinutes: number;
  readonly depthPerPctUsd: number;
  readonly depthSource: string;
  readonly models: readonly {
    readonly impact: ImpactModel['kind'];
    readonly params: string;
    readonly all: WhatItTookSale;
    readonly none: WhatItTookSale;
  }[];
  /** Shapley attribution of the close-to-close fall at the linear all-channels sale (or the cliff size). */
  readonly attribution: {
    readonly saleUsd: number;
    readonly atCliff: boolean;
    readonly closeAll: number;
    readonly closeNone: number;
    readonly amplification: number | null;
    readonly jumps: number;
    readonly rows: readonly {
      readonly channel: string;
      readonly title: string;
      readonly available: boolean;
      /** Shapley value of the close (simple return; − = the channel lowers the close). */
      readonly shapleyClose: number;
      /** Shapley value of the max drawdown. */
      readonly shapleyDrawdown: number;
      /** Share of the channels' part of the fall. */
      readonly share: number | null;
    }[];
  } | null;
  /** Observed hourly closes and the simulated paths at the same hours (USD). */
  readonly tracking: {
    readonly series: string;
    readonly quality: Quality;
    readonly points: readonly {
      readonly ts: string;
      readonly observed: number;
      readonly all: number | null;
      readonly none: number | null;
    }[];
  };
  readonly reconstructedInputs: readonly string[];
}

const TITLE = 'What it took: the sale that reproduces the fall (illustration)';
/** The simulator's defaults (src/app/simulate.ts) but 5-minute steps (fast; a noise-free run barely depends on Δt). */
const STEP_MINUTES = 5;
const GRID_STEP = 0.0005;
const EXOGENOUS_MINUTES = 60;
const FALLBACK_VOL = 0.5;

function sale(s: SaleSolution): WhatItTookSale {
  return {
    status: s.status,
    saleUsd: s.saleUsd,
    closeLogReturn: s.achievedLogReturn,
    cliffBelowLogReturn: s.status === 'cliff' ? s.cliffFrom : null,
  };
}

/** The hourly closes of the reference symbol: the reference venue when it has 1 h bars, else the venue with most. */
function hourlySeries(
  inputs: EventInputs,
  o: ForensicsOptions,
): { series: string; bars: EventInputs['btcHourly'] } {
  const bars = inputs.btcHourly.filter((b) => b.symbol === o.btcReference.symbol && b.interval === '1h');
  const counts = new Map<string, number>();
  for (const b of bars) counts.set(b.venue, (counts.get(b.venue) ?? 0) + 1);
  const venue = counts.has(o.btcReference.venue)
    ? o.btcReference.venue
    : [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  return {
    series: `${venue ?? o.btcReference.venue}:${o.btcReference.symbol}`,
    bars: bars.filter((b) => b.venue === venue),
  };
}

function saleText(s: WhatItTookSale): string {
  switch (s.status) {
    case 'ok':
      return fmtUsd(s.saleUsd);
    case 'cliff':
      return `cliff at ${fmtUsd(s.saleUsd)} (close ${fmtPct(Math.expm1(s.cliffBelowLogReturn ?? 0), 1)} just below, ${fmtPct(Math.expm1(s.closeLogReturn), 1)} at it)`;
    case 'target-above-baseline':
      return 'none needed';
    default:
      return 'beyond $10T';
  }
}

/**
 * Section 14: what it took. Needs the market snapshot at the close before the event and the event's close.
 */
export function whatItTookSection(
  inputs: EventInputs,
  o: ForensicsOptions,
  ctx: MarketContext,
  run: EventBooks | null,
): FindingOf<'what-it-took'> {
  const snap = run?.snapshot ?? null;
  const { series, bars } = hourlySeries(inputs, o);
  const prov = provenanceOf(
    ['option_chain', 'structured_notes', 'perp_cohorts', 'etf_daily', 'bars'],
    inputs.chain,
    inputs.notes,
    inputs.cohorts,
    bars,
  );
  if (snap === null)
    return unavailable('what-it-took', TITLE, `no market snapshot at the close before ${o.eventDate}`, prov);
  const toUsd = ctx.btcEventClose;
  const spot = snap.spot.usd;
  if (toUsd === null || !(spot > 0) || !(toUsd > 0))
    return unavailable('what-it-took', TITLE, `no BTC close on ${o.eventDate} to reproduce`, prov);
  const fromAsOf = snap.asOf;
  const toAsOf = nyCloseUtc(o.eventDate);
  const t0 = Date.parse(fromAsOf);
  // The quality of the two closes themselves (the reference daily bars at those instants).
  const closeBars = inputs.btcDaily.filter((b) => [t0, Date.parse(toAsOf)].includes(Date.parse(b.ts)));
  const closeQuality: Quality = closeBars.length === 2 ? worstQuality(closeBars) : ctx.quality;
  const horizonMinutes = Math.round((Date.parse(toAsOf) - t0) / 60_000);
  const target = Math.log(toUsd / spot);
  if (!(horizonMinutes >= 60) || !(target < 0))
    return unavailable(
      'what-it-took',
      TITLE,
      target < 0
        ? 'the event close is less than an hour after the snapshot'
        : 'BTC did not fall close to close',
      prov,
    );

  // The run's channels with the run's assumptions (forensics/books.ts), rebuilt on the simulator's wider grid so
  // that the answer is `crashscope simulate`'s (a path may go beyond the run's grid).
  const grid = simGrid(spot);
  const books = buildChannelBooks({ snapshot: snap, grid, assumptions: run!.assumptions }).map((b) => b.book);
  // Books without data are null players: their Shapley value is exactly 0 and leaving them out changes no other
  // value (the null-player axiom), so the 2^n coalitions run over the available books only.
  const players: SimPlayer[] = books.filter((b) => b.available).map((book) => ({ key: book.id, book }));

  const depth = snap.depth?.perPctUsd ?? DEFAULT_DEPTH_PER_PCT_USD;
  const depthSource = snap.depth ? snap.depth.provenance.sources.join('; ') : DEFAULT_DEPTH_SOURCE;
  const depthQuality: Quality = snap.depth?.provenance.quality ?? 'reconstructed';
  // DVOL at the snapshot (its bars count from the instant they end: no look-ahead), else an assumption.
  const dvol = snap.dvol;
  const vol = dvol ? dvol.value : FALLBACK_VOL;
  const impacts: { label: string; impact: ImpactModel; params: string }[] = [
    {
      label: 'linear',
      impact: { kind: 'linear', depth1PctUsd: depth },
      params: `permanent, ${fmtUsd(depth)} per 1 %`,
    },
    {
      label: 'sqrt',
      impact: {
        kind: 'sqrt',
        depth1PctUsd: depth,
        dailyVolumeUsd: SQRT_DEFAULTS.dailyVolumeUsd,
        dailyVol: vol / Math.sqrt(365),
        y: SQRT_DEFAULTS.y,
      },
      params: `Y = ${SQRT_DEFAULTS.y}, σ_daily = ${fmtPct(vol / Math.sqrt(365), 2)} (${dvol ? `DVOL ${(100 * dvol.value).toFixed(1)} at ${dvol.asOf}` : `assumed ${FALLBACK_VOL}`}), daily volume ${fmtUsd(SQRT_DEFAULTS.dailyVolumeUsd)} (assumed)`,
    },
    {
      label: 'propagator',
      impact: {
        kind: 'propagator',
        depth1PctUsd: depth,
        kernel: PROPAGATOR_DEFAULTS.kernel,
        permanent: PROPAGATOR_DEFAULTS.permanent,
        halfLifeMinutes: PROPAGATOR_DEFAULTS.halfLifeMinutes,
        beta: PROPAGATOR_DEFAULTS.beta,
        tau0Minutes: PROPAGATOR_DEFAULTS.tau0Minutes,
      },
      params: `${fmtPct(PROPAGATOR_DEFAULTS.permanent, 0)} permanent, the rest decays with a ${PROPAGATOR_DEFAULTS.halfLifeMinutes}-min half-life; ${fmtUsd(depth)} per 1 %`,
    },
  ];
  const r = deterministicWhatItTook({
    players,
    spot,
    horizonMinutes,
    stepMinutes: STEP_MINUTES,
    saleMinutes: horizonMinutes,
    targetLogReturn: target,
    impacts,
    exogenousMinutes: EXOGENOUS_MINUTES,
    gridStep: GRID_STEP,
    reportEveryMinutes: 60,
  });
  const models = r.models.map((m, i) => ({
    impact: m.impact.kind,
    params: impacts[i].params,
    all: sale(m.all),
    none: sale(m.none),
  }));
  const lin = models[0];

  // Observed hourly closes within the horizon (a bar is stamped with its open: its close is at ts + 1 h).
  const inWindow = bars
    .map((b) => ({ b, minute: (Date.parse(b.ts) + 3_600_000 - t0) / 60_000 }))
    .filter((x) => x.minute > 0 && x.minute <= horizonMinutes && x.b.close > 0)
    .sort((a, b) => a.minute - b.minute);
  const observed: ObservedPoint[] = inWindow.map((x) => ({ minute: x.minute, usd: x.b.close }));
  const atCliff = r.models[0].all.status === 'cliff';
  // At a cliff the all-channels path is the cascade beyond the observed close: no tracking figure for it.
  const allPath = atCliff ? null : r.all;
  const trackAll = allPath ? trackPath(allPath.minutes, allPath.prices, observed) : null;
  const trackNone = r.none ? trackPath(r.none.minutes, r.none.prices, observed) : null;
  const hourlyQuality = worstQuality(inWindow.map((x) => x.b));

  const usable = books.filter((b) => b.available);
  const reconstructedInputs = [
    ...(depthQuality === 'reconstructed' ? [`depth per 1 %: ${depthSource}`] : []),
    ...usable.flatMap((b) =>
      b.provenance
        .filter((p) => p.quality === 'reconstructed')
        .map((p) => `${b.title}: ${p.input} (${p.rows} rows; ${p.sources.slice(0, 2).join('; ')})`),
    ),
    ...(dvol ? [] : [`noise-free run; the sqrt model's daily vol assumes ${FALLBACK_VOL}`]),
    `sqrt model: daily volume ${fmtUsd(SQRT_DEFAULTS.dailyVolumeUsd)} (assumption); propagator: permanent fraction and half-life (assumptions)`,
  ];
  // The books' quality (largely reconstructed), the depth and the prices: an illustration at best.
  const q: Quality = worstOf(...usable.map((b) => b.quality), depthQuality, closeQuality);
  const qTrack = worstOf(q, hourlyQuality);
  const att = r.attribution;
  const attribution =
    att === null || r.attributionSaleUsd === null
      ? null
      : {
          saleUsd: r.attributionSaleUsd,
          atCliff,
          closeAll: att.allFinal,
          closeNone: att.baselineFinal,
          amplification: att.amplification,
          jumps: r.all?.jumps ?? 0,
          rows: books.map((book) => {
            const total = att.allFinal - att.baselineFinal;
            const row = att.rows.find((x) => x.channel === book.id);
            const phi = row?.shapleyFinal ?? 0;
            return {
              channel: book.id,
              title: book.title,
              available: book.available,
              shapleyClose: phi,
              shapleyDrawdown: row?.shapleyDrawdown ?? 0,
              share: total !== 0 ? phi / total : null,
            };
          }),
        };
  const leader =
    attribution === null
      ? null
      : ([...attribution.rows].sort((a, b) => a.shapleyClose - b.shapleyClose)[0]?.title ?? null);
  const pct = (v: number | null) => fmtPct(v, 1);
  const metrics = {
    closeToClose: metric(
      'BTC close to close (New York closes)',
      Math.expm1(target),
      'decimal',
      closeQuality,
      pct,
    ),
    saleNoChannels: metric(
      'sale that reproduces it with no channel (linear impact)',
      lin.none.status === 'ok' ? lin.none.saleUsd : null,
      'USD',
      depthQuality,
      fmtUsd,
    ),
    saleAllChannels: metric(
      'sale that reproduces it with every channel (linear impact; null at a cliff)',
      lin.all.status === 'ok' ? lin.all.saleUsd : null,
      'USD',
      q,
      fmtUsd,
    ),
    allChannelsAnswer: metric('with every channel: answer', lin.all.status, null, q, () => saleText(lin.all)),
    cliffSaleUsd: metric(
      'cliff: sale at which the close jumps past the observed one',
      lin.all.status === 'cliff' ? lin.all.saleUsd : null,
      'USD',
      q,
      fmtUsd,
    ),
    saleRatio: metric(
      'sale with no channel / with every channel',
      lin.all.status === 'ok' && lin.none.status === 'ok' && lin.all.saleUsd && lin.none.saleUsd
        ? lin.none.saleUsd / lin.all.saleUsd
        : null,
      'x',
      q,
      fmtX,
    ),
    amplification: metric(
      'amplification at that sale (max drawdown, all channels / none)',
      attribution?.amplification ?? null,
      'x',
      q,
      fmtX,
    ),
    trackingRmseAll: metric(
      'RMSE of ln(simulated / observed) over the hourly closes, every channel (none at a cliff)',
      trackAll?.rmseLog ?? null,
      'decimal',
      qTrack,
      (v) => fmtPct(v, 2),
    ),
    trackingMaxGapAll: metric(
      'largest |ln(simulated / observed)|, every channel',
      trackAll?.maxAbsLog ?? null,
      'decimal',
      qTrack,
      (v) => fmtPct(v, 2),
    ),
    trackingRmseNone: metric(
      'RMSE of ln(simulated / observed) over the hourly closes, no channel',
      trackNone?.rmseLog ?? null,
      'decimal',
      worstOf(depthQuality, hourlyQuality),
      (v) => fmtPct(v, 2),
    ),
    trackingMaxGapNone: metric(
      'largest |ln(simulated / observed)|, no channel',
      trackNone?.maxAbsLog ?? null,
      'decimal',
      worstOf(depthQuality, hourlyQuality),
      (v) => fmtPct(v, 2),
    ),
  };
  const spread = models
    .filter((m) => m.none.status === 'ok')
    .map((m) => `${m.impact} ${fmtUsd(m.none.saleUsd)}`)
    .join(', ');
  const summary =
    `Illustration, not evidence (the channels' books are largely reconstructed). BTC fell ${pct(Math.expm1(target))} from ${fmtUsd(spot)} to ${fmtUsd(toUsd)} close to close. ` +
    `With no channel a sale spread over the ${Math.round(horizonMinutes / 60)} h reproduces it at ${spread || 'no size'}; ` +
    (lin.all.status === 'cliff'
      ? `with every channel (linear impact) no sale does: the close jumps from ${pct(Math.expm1(lin.all.cliffBelowLogReturn ?? 0))} to ${pct(Math.expm1(lin.all.closeLogReturn))} at ${fmtUsd(lin.all.saleUsd)}, a cascade switching on${leader ? ` (mostly ${leader})` : ''}${(attribution?.jumps ?? 0) > 0 ? ' with a jump (κ ≥ 1)' : ''}.`
      : `with every channel (linear impact) ${saleText(lin.all)}${metrics.saleRatio.value === null ? '' : `, ${metrics.saleRatio.display} less`}.`) +
    (trackNone?.rmseLog != null
      ? ` The no-channel path is ${fmtPct(trackNone.rmseLog, 1)} (RMSE of log price) from the hourly closes of ${series}.`
      : '');
  const notes = [
    'Illustration only: this section never supports or contradicts a hypothesis. Reconstructed or assumed inputs: ' +
      reconstructedInputs.join('; ') +
      '.',
    `Deterministic: no fundamental noise, ${STEP_MINUTES}-minute steps, implicit clearing, hedgers rebalance every step, the sale spread evenly from ${fromAsOf} to ${toAsOf}; bisection on ln(size) in [$10k, $10T] to 1e-5 in log return. \`crashscope simulate --event ${o.eventDate} --what-it-took\` runs the Monte Carlo version.`,
    'A cliff: the close is discontinuous in the sale size where a one-shot cascade (liquidations, knock-ins) or a κ ≥ 1 band switches on; no size then gives the observed close, only a threshold beyond which the channels take over. The attribution is then of the fall at that threshold, not of the observed one.',
    "The impact model moves the answer by orders of magnitude (table): linear permanent impact at the 1 % depth is the fragility map's; the square-root law (Tóth et al. 2011; on BTC, Donier & Bonart 2015) is concave in size; the propagator (Bouchaud et al. 2004) lets half of each trade's impact decay. docs/METHODS.md §12.11.",
    ...books
      .filter((b) => !b.available)
      .map((b) => `${b.title}: no data (${b.diagnostics.reason}); a null player`),
  ];
  const hourTs = (minute: number) => new Date(t0 + minute * 60_000).toISOString().replace('.000Z', 'Z');
  const at = (path: typeof r.all, minute: number) => {
    if (path === null) return null;
    const k = path.minutes.indexOf(minute);
    return k >= 0 ? path.prices[k] : null;
  };
  return finding('what-it-took', TITLE, summary, metrics, prov, notes, {
    fromAsOf,
    toAsOf,
    fromUsd: spot,
    toUsd,
    targetLogReturn: target,
    saleMinutes: horizonMinutes,
    stepMinutes: STEP_MINUTES,
    depthPerPctUsd: depth,
    depthSource,
    models,
    attribution,
    tracking: {
      series,
      quality: hourlyQuality,
      points: observed.map((p) => ({
        ts: hourTs(p.minute),
        observed: p.usd,
        all: at(allPath, p.minute),
        none: at(r.none, p.minute),
      })),
    },
    reconstructedInputs,
  });
}
