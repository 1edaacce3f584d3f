/**
 * simulation.html's document: a SimulationDoc (simulation.json) laid out as report sections — price paths
 * (fan chart), attribution (waterfall and table), forced flows by channel, events, and the assumptions and
 * inputs with their quality — rendered by the report's HTML renderer. Reconstructed or assumed inputs mark
 * the numbers, charts and sections that rest on them.
 */

import { fmtNum, fmtPct, fmtUsd, fmtX } from '../core/format.js';
import { worstQuality } from '../core/quality.js';
import type { SimulationDoc } from '../sim/simulationDoc.js';
import { formatProbability } from './charts/layers.js';
import { simAttribution } from './charts/simAttribution.js';
import { simFan } from './charts/simFan.js';
import { simFlows } from './charts/simFlows.js';
import type { KeyNumber, Quality, ReportDoc, ReportSection, SectionProvenance, TableBlock } from './doc.js';

function usd(x: number): string {
  return `$${fmtNum(x)}`;
}

function pp(x: number): string {
  return `${(100 * x).toFixed(2)} pp`;
}

function minutesText(m: number | null): string {
  if (m === null) return '—';
  return m < 120 ? `${m.toFixed(0)} min` : `${(m / 60).toFixed(1)} h`;
}

function impactText(d: SimulationDoc): string {
  const i = d.params.impact;
  const depth = `${fmtUsd(i.depth1PctUsd)} per 1 %`;
  if (i.kind === 'linear') return `linear, depth ${depth}`;
  if (i.kind === 'sqrt')
    return `square root, Y = ${i.y}, daily vol ${fmtPct(i.dailyVol, 2)}, daily volume ${fmtUsd(i.dailyVolumeUsd)} (linear below the crossover, depth ${depth})`;
  return i.kernel === 'exp'
    ? `propagator, exponential resilience, half-life ${i.halfLifeMinutes} min, permanent ${fmtPct(i.permanent, 0)}, depth ${depth}`
    : `propagator, power law β = ${i.beta}, τ0 = ${i.tau0Minutes} min, permanent ${fmtPct(i.permanent, 0)}, depth ${depth}`;
}

export function buildSimulationReport(d: SimulationDoc, footer: string): ReportDoc {
  const q: Quality = d.quality;
  const rec = q === 'reconstructed';
  const source = `crashscope simulate: ${d.paths.toLocaleString('en-US')} paths × ${d.steps.toLocaleString('en-US')} steps of ${d.params.stepMinutes} min, seed ${d.params.seed}; shocks ${d.params.shocks.join(', ') || 'none'}`;
  const meta = { sourceNote: source, reconstructed: rec };
  const provenance: SectionProvenance = {
    tables: [],
    quality: {},
    sources: [...new Set(d.channels.flatMap((c) => c.provenance.flatMap((p) => p.sources)))].slice(0, 10),
  };
  const num = (label: string, display: string, value: number | null, unit?: string): KeyNumber => ({
    label,
    display,
    value,
    quality: q,
    ...(unit === undefined ? {} : { unit }),
  });
  const last = d.minutes.length - 1;
  const hours = d.params.horizonHours;

  const paths: ReportSection = {
    id: 'paths',
    title: 'Price paths',
    summary:
      `Over ${hours} h the median path ends at ${usd(d.quantiles.p50[last])} from ${usd(d.spot)} ` +
      `(5–95 %: ${usd(d.quantiles.p05[last])} to ${usd(d.quantiles.p95[last])}); the expected maximum drawdown is ` +
      `${fmtPct(d.drawdown.mean)} (95th percentile ${fmtPct(d.drawdown.p95)}).`,
    numbers: [
      { ...num('Spot at the snapshot', usd(d.spot), d.spot, 'USD'), quality: d.spotSource.quality },
      num('Median final price', usd(d.quantiles.p50[last]), d.quantiles.p50[last], 'USD'),
      num('Mean final return', fmtPct(d.final.mean, 2), d.final.mean),
      num('Expected max drawdown', fmtPct(d.drawdown.mean, 2), d.drawdown.mean),
      num(
        'Median / 95th pct drawdown',
        `${fmtPct(d.drawdown.p50, 2)} / ${fmtPct(d.drawdown.p95, 2)}`,
        d.drawdown.p95,
      ),
      num('Paths with a jump (κ ≥ 1)', formatProbability(d.jumps.probability), d.jumps.probability),
      num(
        'Peak feedback ratio κ of the hedgers (at normal depth)',
        d.feedback.peakKappa > 0
          ? `${d.feedback.peakKappa.toFixed(2)} at ${usd(d.feedback.atPrice)}`
          : 'none',
        d.feedback.peakKappa,
      ),
    ],
    tables: [],
    charts: [
      simFan(
        {
          ...d.quantiles,
          minutes: d.minutes,
          spot: d.spot,
          ...(d.whatItTook ? { observed: d.whatItTook.tracking.observed } : {}),
        },
        d.whatItTook
          ? {
              ...meta,
              sourceNote: `${source}; red: hourly closes of ${d.whatItTook.tracking.series} (${d.whatItTook.tracking.quality})`,
            }
          : meta,
      ),
    ],
    provenance,
    notes: [],
  };

  const attribution: ReportSection = {
    id: 'attribution',
    title: 'Attribution',
    summary:
      `The shocks and noise alone give an expected drawdown of ${fmtPct(d.baseline.drawdown, 2)}; with every channel ` +
      `${fmtPct(d.all.drawdown, 2)}` +
      (d.amplification === null ? '.' : `, an amplification of ${fmtX(d.amplification)}.`) +
      ` Exact Shapley values over all coalitions of channels, each run on the same ${d.params.attributionPaths.toLocaleString('en-US')} seeded paths (the first paths of the run above: common random numbers).`,
    numbers: [
      num('Expected drawdown, no channels', fmtPct(d.baseline.drawdown, 2), d.baseline.drawdown),
      num('Expected drawdown, all channels', fmtPct(d.all.drawdown, 2), d.all.drawdown),
      num('Amplification (all / none)', fmtX(d.amplification), d.amplification),
    ],
    tables:
      d.attribution.length === 0
        ? []
        : [
            {
              title: 'Shapley attribution',
              columns: ['Channel', 'Drawdown (Shapley)', 'Share', 'Final return (Shapley)'],
              rows: d.attribution.map((a) => [
                a.channel,
                pp(a.shapleyDrawdown),
                a.share === null ? '—' : fmtPct(a.share),
                pp(a.shapleyFinal),
              ]),
            },
          ],
    charts:
      d.attribution.length > 0
        ? [
            simAttribution(
              {
                baseline: d.baseline.drawdown,
                all: d.all.drawdown,
                rows: d.attribution.map((a) => ({ channel: a.channel, value: a.shapleyDrawdown })),
              },
              {
                ...meta,
                sourceNote: `${source}; ${d.params.attributionPaths.toLocaleString('en-US')} paths per coalition`,
              },
            ),
          ]
        : [],
    provenance,
    notes:
      d.attribution.length === 0 ? ['No channel took part in this run: there is nothing to attribute.'] : [],
  };

  const totals = d.flows.map((f) => ({ channel: f.channel, total: f.usd.reduce((a, b) => a + b, 0) }));
  const flows: ReportSection = {
    id: 'flows',
    title: 'Forced trades by channel',
    summary: 'Mean over paths of what each channel traded, and the exogenous shocks; − = sold.',
    numbers: [],
    tables: [
      {
        title: 'Total over the horizon (mean over paths)',
        columns: ['Channel', 'Traded'],
        rows: totals.map((t) => [t.channel, fmtUsd(t.total)]),
      },
    ],
    charts: totals.some((t) => t.total !== 0) ? [simFlows({ minutes: d.minutes, flows: d.flows }, meta)] : [],
    provenance,
    notes: [],
  };

  const eventRows = d.events
    .slice(0, 40)
    .map((e) => [
      e.kind,
      e.channel ?? '—',
      e.toPrice === null ? usd(e.price) : `${usd(e.price)} → ${usd(e.toPrice)}`,
      e.tradeUsd === null ? '—' : fmtUsd(e.tradeUsd),
      e.path === null ? formatProbability(e.probability) : `path ${e.path}`,
      minutesText(e.minute),
      minutesText(e.firstMinute),
    ]);
  const events: ReportSection = {
    id: 'events',
    title: 'Events',
    summary:
      d.events.length === 0
        ? 'No trigger fired and no jump occurred on any path.'
        : `Knock-ins, liquidations and jumps (feedback ratio κ ≥ 1: the price had no continuous clearing level and moved to the next stable one); ${d.jumps.count.toLocaleString('en-US')} jumps in all.`,
    numbers: [],
    tables:
      eventRows.length > 0
        ? [
            {
              title: d.events.length > 40 ? `Events (first 40 of ${d.events.length})` : 'Events',
              columns: ['Kind', 'Channel', 'Price', 'Trade', 'Share of paths', 'Mean time', 'First'],
              rows: eventRows,
            },
          ]
        : [],
    charts: [],
    provenance,
    notes: [],
  };

  const params: TableBlock = {
    title: 'Parameters',
    columns: ['Parameter', 'Value'],
    rows: [
      ['As of', d.asOf],
      ['Shocks', d.params.shocks.join(', ') || 'none'],
      [
        'Paths (attribution: per coalition)',
        `${d.paths.toLocaleString('en-US')} (${d.params.attributionPaths.toLocaleString('en-US')})`,
      ],
      ['Horizon, step', `${hours} h, ${d.params.stepMinutes} min`],
      ['Impact', impactText(d)],
      ...(d.params.depthSource === undefined
        ? []
        : [['Depth per 1 % from', d.params.depthSource] as [string, string]]),
      [
        'Depth collapse',
        d.params.depthCollapse.floor >= 1
          ? 'off'
          : `to ${fmtPct(d.params.depthCollapse.floor, 0)} of normal at a ${fmtPct(d.params.depthCollapse.atDrawdown, 0)} drawdown`,
      ],
      ['Noise vol', `${fmtPct(d.params.noiseVol, 1)} a year (${d.params.noiseVolSource})`],
      [
        'Clearing',
        `${d.params.clearing}; hedgers rebalance every ${d.params.hedgeEverySteps} step(s)` +
          (d.params.hedgeBandPct > 0 ? ` when the price has moved more than ${d.params.hedgeBandPct} %` : ''),
      ],
      ['Exogenous channels spread over', `${d.params.exogenousMinutes} min`],
      ['Seed', String(d.params.seed)],
    ],
  };
  const channels: TableBlock = {
    title: 'Channels',
    columns: ['Channel', 'Book', 'Trades', 'Data', 'Inputs'],
    rows: d.channels.map((c) => [
      c.title === c.channel ? c.channel : `${c.channel} (${c.title})`,
      c.available ? 'built' : `empty: ${c.reason ?? 'no data'}`,
      c.trigger === 'exogenous' ? `sells ${fmtUsd(-c.exogenousUsd)} on its own` : 'on price moves',
      c.quality,
      c.provenance.map((p) => `${p.input} (${p.quality}, ${p.rows} rows)`).join('; ') || '—',
    ]),
  };
  const inputs: ReportSection = {
    id: 'inputs',
    title: 'Assumptions and inputs',
    summary:
      'What the run assumed and what each channel was built from; reconstructed or assumed inputs are marked.',
    numbers: [],
    tables: [params, channels],
    charts: [],
    provenance,
    notes: [...d.notes],
  };

  const w = d.whatItTook;
  const took: ReportSection[] = w
    ? [
        {
          id: 'what-it-took',
          title: 'What it took',
          summary:
            `BTC went from ${usd(w.observed.fromUsd)} to ${usd(w.observed.toUsd)} (${fmtPct(Math.expm1(w.observed.logReturn), 2)}) ` +
            `between ${w.observed.fromAsOf} and ${w.observed.toAsOf}. Spread over ${w.saleMinutes} minutes, the exogenous sale ` +
            `that makes the median simulated path end there is ${w.saleAllUsd === null ? `not found (${w.statusAll})` : fmtUsd(w.saleAllUsd)} ` +
            `with every channel and ${w.saleNoneUsd === null ? `not found (${w.statusNone})` : fmtUsd(w.saleNoneUsd)} with none` +
            (w.leverage === null ? '.' : ` — the channels did the work of ${fmtX(w.leverage)} the selling.`) +
            (w.cliffAll
              ? ` With every channel the median close jumps at that size from ${fmtPct(Math.expm1(w.cliffAll.belowLogReturn), 2)} to ${fmtPct(Math.expm1(w.cliffAll.atLogReturn), 2)}: a cascade switches on, and no sale gives the observed close itself (a cliff, not a slope).`
              : '') +
            ' The sections below simulate the all-channels sale.',
          numbers: [
            {
              label: 'Observed close-to-close move',
              display: fmtPct(Math.expm1(w.observed.logReturn), 2),
              value: w.observed.logReturn,
              quality: w.observed.quality,
            },
            num(
              'Sale that reproduces it, all channels',
              w.saleAllUsd === null ? w.statusAll : fmtUsd(w.saleAllUsd),
              w.saleAllUsd,
              'USD',
            ),
            num(
              'Sale that reproduces it, no channels',
              w.saleNoneUsd === null ? w.statusNone : fmtUsd(w.saleNoneUsd),
              w.saleNoneUsd,
              'USD',
            ),
            num("Channels' leverage (none / all)", fmtX(w.leverage), w.leverage),
            {
              label: `Median path vs hourly closes of ${w.tracking.series} (RMSE of log price)`,
              display:
                w.tracking.rmseLog === null
                  ? 'n/a'
                  : `${fmtPct(w.tracking.rmseLog, 2)} over ${w.tracking.points} h`,
              value: w.tracking.rmseLog,
              quality: worstQuality([q, w.tracking.quality]),
            },
          ],
          tables: [],
          charts: [],
          provenance,
          notes: [
            `Solved by bisection on the sale size, ${w.calibrationPaths} seeded paths per trial (the same paths for every size and for both cases).`,
          ],
        },
      ]
    : [];

  return {
    title: `Cascade simulation at ${d.asOf}`,
    eventDate: d.asOf.slice(0, 10),
    kicker: `crashscope · simulation · as of ${d.asOf}`,
    reconstructedBanner: rec
      ? ' Some inputs of this simulation are reconstructed or assumed (see Assumptions and inputs): its numbers illustrate the mechanism, they are not evidence.'
      : null,
    lede:
      `An exogenous shock (${d.params.shocks.join(', ') || 'none'}) run through the forced-flow channels on ${d.paths.toLocaleString('en-US')} ` +
      `seeded paths: how far the price goes, and how much of the fall each channel makes.`,
    scorecard: [],
    sections: [...took, paths, attribution, flows, events, inputs],
    footer,
  };
}
