/**
 * Findings -> ReportDoc: turns each finding into a report section (key numbers, tables, charts with their
 * source notes) and each hypothesis into a scorecard card. No analysis happens here: every number comes
 * from findings.json, so the report, the Markdown and the terminal scorecard cannot disagree with it.
 */

import type {
  Finding,
  FindingDataById,
  FindingId,
  FindingOf,
  Findings,
  HypothesisResult,
  Metric,
  Provenance,
} from '../forensics/findings.js';
import { fmtNum, fmtPct, fmtUsd, fmtX } from '../forensics/metric.js';
import type { FactsData } from '../forensics/sections/facts.js';
import { whatRan, whatRanLine } from '../forensics/whatRan.js';
import { barrierMap } from './charts/barrierMap.js';
import { basis } from './charts/basis.js';
import { crossAsset } from './charts/crossAsset.js';
import { etfVolume } from './charts/etfVolume.js';
import { flows } from './charts/flows.js';
import { fragilityMapChart } from './charts/fragilityMap.js';
import { gammaProfile } from './charts/gammaProfile.js';
import type { ChartMeta } from './charts/layers.js';
import { liquidationLadder } from './charts/liquidationLadder.js';
import { openInterest } from './charts/openInterest.js';
import { optionsVolume } from './charts/optionsVolume.js';
import { stress } from './charts/stress.js';
import { timeline } from './charts/timeline.js';
import { vannaCharm } from './charts/vannaCharm.js';
import type {
  ChartRef,
  EvidenceLine,
  HypothesisCard,
  KeyNumber,
  ReportDoc,
  ReportSection,
  TableBlock,
} from './doc.js';
import { whatItTookTables } from './whatItTookTables.js';

/** The chart's source line and reconstructed flag from a finding's provenance. */
function meta(p: Provenance): ChartMeta {
  const q = p.quality;
  const mix = (['observed', 'published', 'reconstructed'] as const)
    .filter((k) => (q[k] ?? 0) > 0)
    .map((k) => `${q[k]} ${k}`)
    .join(', ');
  const shown = p.sources.slice(0, 3).join('; ');
  const more = p.sources.length > 3 ? ` and ${p.sources.length - 3} more` : '';
  return {
    sourceNote: `Sources: ${shown}${more} (tables ${p.tables.join(', ')}; rows: ${mix || 'none'})`,
    reconstructed: (q.reconstructed ?? 0) > 0,
  };
}

/** Units the formatted display already shows ('$10.4B', '1.30x', '58.0%'): printed once, not twice. */
const UNIT_IN_DISPLAY: ReadonlySet<string> = new Set(['USD', 'x', 'decimal', 'probability', 'flag']);

function numbers(metrics: Readonly<Record<string, Metric>>): KeyNumber[] {
  return Object.values(metrics).map((m) => ({
    label: m.label,
    display: m.display,
    value: m.value,
    ...(m.unit === null || UNIT_IN_DISPLAY.has(m.unit) ? {} : { unit: m.unit }),
    quality: m.quality,
  }));
}

/** Formats a value in a metric's unit (used for rule thresholds). */
export function formatInUnit(v: number, unit: string | null): string {
  switch (unit) {
    case 'USD':
      return fmtUsd(v);
    case 'decimal':
    case 'probability':
      return fmtPct(v, Math.abs(v) < 0.01 && v !== 0 ? 2 : 1);
    case 'x':
      return fmtX(v);
    case 'rank':
    case 'count':
    case 'contracts':
    case 'shares':
      return fmtNum(v, Number.isInteger(v) ? 0 : 2);
    default:
      return Math.abs(v) >= 1000 ? fmtNum(v) : String(Math.round(v * 1000) / 1000);
  }
}

function safe(build: () => ChartRef, notes: string[], what: string): ChartRef[] {
  try {
    return [build()];
  } catch (error) {
    notes.push(`${what} chart not drawn: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

/** Chart builders by finding id: a typed table (each builder receives that finding's own data). */
interface ChartContext<K extends FindingId> {
  readonly f: FindingOf<K>;
  readonly m: ChartMeta;
  readonly notes: string[];
  readonly eventDate: string;
}

type ChartBuilder<K extends FindingId> = (d: FindingDataById[K], ctx: ChartContext<K>) => ChartRef[];

const CHARTS: { readonly [K in FindingId]: ChartBuilder<K> } = {
  volume: (d, { m, notes, eventDate }) => {
    const out: ChartRef[] = [];
    if (d.etf) {
      const etf = d.etf;
      const ticker = etf.volumeUsd.series.split(' ')[0];
      out.push(
        ...safe(
          () =>
            etfVolume(
              {
                ticker,
                history: d.etfSeries.map((r) => ({ date: r.date, value: r.volumeUsd })),
                record: etf.volumeUsd,
              },
              m,
            ),
          notes,
          'ETF volume',
        ),
      );
    }
    if (d.options) {
      const underlying = d.options.total.series.split(' ')[0];
      const days = d.optionSeries.map((r) => ({
        date: r.date,
        underlying,
        call_volume: r.calls,
        put_volume: r.puts,
      }));
      out.push(...safe(() => optionsVolume({ underlying, days, eventDate }, m), notes, 'options volume'));
    }
    return out;
  },
  flows: (d, { m, notes, eventDate }) => {
    // The model on the trackers' flows (evidence) when there is one, else the share-count model.
    const model = d.tracker?.model ?? d.model;
    if (!model) return [];
    const ticker = d.reconciliation.ticker;
    const figures = d.reconciliation.figures.map((x) => ({
      label: `${x.source} (${x.method})`,
      flowUsd: x.flowUsd,
    }));
    const history = d.tracker
      ? d.tracker.series.filter((s) => s.date < eventDate)
      : d.series
          .filter((s) => s.date < eventDate)
          .map((s) => ({ date: s.date, logReturn: s.logReturn, flowUsd: s.flowT }));
    return safe(
      () =>
        flows(
          {
            ticker,
            model,
            history,
            eventFigures: figures,
            historyLabel: d.tracker
              ? `${d.tracker.source} flows, earlier days`
              : 'share-count flows (T), earlier days',
          },
          m,
        ),
      notes,
      'flows',
    );
  },
  'cross-asset': (d, { m, notes, eventDate }) => {
    const base = d.pairs[0].base;
    const series = (sym: string) => ({
      symbol: sym,
      closes: d.closes.filter((c) => c.symbol === sym).map((c) => ({ date: c.date, close: c.close })),
    });
    const from = d.closes.reduce((a, c) => (c.date < a ? c.date : a), eventDate);
    return safe(
      () =>
        crossAsset(
          {
            base: series(base),
            others: d.pairs.map((p) => series(p.other)),
            correlations: d.pairs,
            eventDate,
            from,
          },
          m,
        ),
      notes,
      'cross-asset',
    );
  },
  stress: (d, { f, m, notes }) => {
    const name = String(f.metrics.z?.label ?? 'fund stress').split(' on ')[0];
    return safe(
      () => stress({ name, series: d.series, eventDate: d.date, tail: d.tail }, m),
      notes,
      'stress',
    );
  },
  basis: (d, { m, notes }) => {
    return safe(
      () => basis({ curves: d.termStructures, history: d.history, jump: d.largest }, m),
      notes,
      'basis',
    );
  },
  'open-interest': (d, { m, notes, eventDate }) => {
    const daily = d.around.venues.flatMap((v) => v.daily);
    return safe(() => openInterest({ daily, hourly: d.hourly, eventDate }, m), notes, 'open interest');
  },
  positioning: (d, { m, notes }) => {
    const byVenue = Object.fromEntries(Object.entries(d.gexByVenue).map(([k, v]) => [k, { gex: v }]));
    const greeks =
      d.vanna.length === 0
        ? []
        : safe(
            () => vannaCharm({ grid: d.grid, vanna: d.vanna, charm: d.charm, spot: d.spot }, m),
            notes,
            'vanna and charm',
          );
    return [
      ...safe(
        () =>
          gammaProfile(
            {
              profile: { grid: d.grid, gex: d.gex, byVenue },
              zeroGamma: d.zeroGamma,
              shortGammaBands: d.shortGammaBands,
              spot: d.spot,
            },
            m,
          ),
        notes,
        'gamma profile',
      ),
      ...greeks,
    ];
  },
  barriers: (d, { m, notes }) => {
    return safe(() => barrierMap({ clusters: d.clusters, spot: d.spot }, m), notes, 'barrier map');
  },
  liquidations: (d, { m, notes }) => {
    const ladder = d.ladder;
    return ladder === null ? [] : safe(() => liquidationLadder(ladder, m), notes, 'liquidation ladder');
  },
  facts: () => [],
  timeline: (d, { f, m, notes }) =>
    safe(
      () =>
        timeline(
          {
            btc: d.btc,
            dvol: d.dvol,
            events: d.events,
            flows: d.flows,
            openInterest: d.openInterest,
            observed: {
              btc: f.metrics.closeToCloseNy?.quality !== 'reconstructed',
              dvol: f.metrics.dvolPeak?.quality !== 'reconstructed',
            },
          },
          m,
        ),
      notes,
      'timeline',
    ),
  fragility: (d, { m, notes }) => safe(() => fragilityMapChart(d, m), notes, 'fragility map'),
  'what-it-took': () => [],
};

function charts<K extends FindingId>(
  f: FindingOf<K> & { readonly available: true },
  notes: string[],
  eventDate: string,
): ChartRef[] {
  const build: ChartBuilder<K> = CHARTS[f.id];
  return build(f.data, { f, m: meta(f.provenance), notes, eventDate });
}

/** Table builders by finding id (findings without a table are absent). */
type TableBuilder<K extends FindingId> = (d: FindingDataById[K]) => TableBlock[];

const TABLES: { readonly [K in FindingId]?: TableBuilder<K> } = {
  'what-it-took': whatItTookTables,
  timeline: (d) => {
    const funds = [...new Set(d.flows.map((f) => f.ticker))].sort();
    const dates = [...new Set(d.flows.map((f) => f.date))].sort();
    const at = (date: string, t: string) => d.flows.find((f) => f.date === date && f.ticker === t)?.flowUsd;
    return [
      {
        title: 'Spot-bitcoin ETF net flows by fund, US$ millions (Farside, observed)',
        columns: ['date', ...funds, 'total'],
        rows: dates.map((date) => {
          const vals = funds.map((t) => at(date, t) ?? 0);
          return [
            date,
            ...vals.map((v) => (v / 1e6).toFixed(1)),
            (vals.reduce((a, b) => a + b, 0) / 1e6).toFixed(1),
          ];
        }),
      },
    ];
  },
  flows: (d) => {
    return [
      {
        title: `Flow figures for ${d.reconciliation.ticker} on ${d.reconciliation.date}`,
        columns: ['source', 'method', 'flow', 'matches share counts'],
        rows: d.reconciliation.figures.map((x) => [
          x.source,
          x.method,
          fmtUsd(x.flowUsd),
          x.matches.join(', ') || 'neither',
        ]),
      },
    ];
  },
  basis: (d) => {
    const tenors = d.termStructures[0]?.tenors.map((t) => t.tenor) ?? [];
    return [
      {
        title: 'Annualized basis by constant maturity (extrapolated values marked *)',
        columns: ['date', 'near month', ...tenors.map((t) => `${t}d`)],
        rows: d.termStructures.map((ts) => [
          ts.date,
          ts.nearMonth ? `${fmtPct(ts.nearMonth.annualized)} (${ts.nearMonth.contract})` : 'n/a',
          ...ts.tenors.map((t) => `${fmtPct(t.value)}${t.extrapolated ? '*' : ''}`),
        ]),
      },
    ];
  },
  barriers: (d) => {
    return [
      {
        title: 'Barrier clusters: dealer knock-in hedge trades (+ buy, − sell)',
        columns: ['ETF level', 'BTC level', 'notes', 'notional', 'knock-in trade'],
        rows: d.clusters.map((c) => [
          c.shareLevel === null ? 'n/a' : c.shareLevel.toFixed(2),
          fmtUsd(c.btcLevel),
          String(c.count),
          fmtUsd(c.notionalUsd),
          fmtUsd(c.lumpUsd),
        ]),
      },
    ];
  },
  facts: (d) =>
    d.groups.map((g) => ({
      title:
        `${g.title}: ${g.conflicting} of ${g.facts.length} conflicting` +
        (g.hypotheses.length > 0
          ? ` · bears on ${g.hypotheses.join(', ')}; rules ${g.rules.join(', ')}`
          : ' · context, no hypothesis'),
      columns: FACT_COLUMNS,
      rows: g.facts.map(factRow),
      collapsed: true,
    })),
};

const FACT_COLUMNS = ['date', 'figure', 'value', 'unit', 'source says', 'source'];

function factRow(x: FactsData['facts'][number]): string[] {
  return [
    x.date,
    x.metric,
    x.value === null ? (x.note ?? 'n/a') : fmtNum(x.value, Number.isInteger(x.value) ? 0 : 2),
    x.unit,
    x.confidence,
    x.source,
  ];
}

/**
 * Every published figure that bears on a hypothesis is also shown in the section that confronts it with
 * the data (its topic's section, src/forensics/factTopics.ts), conflicting figures first.
 */
function confront(sections: readonly ReportSection[], f: Findings): ReportSection[] {
  const facts = f.findings.find((x) => x.id === 'facts');
  if (facts?.id !== 'facts' || !facts.available) return [...sections];
  return sections.map((s) => {
    const groups = facts.data.groups.filter((g) => g.section === s.id && g.hypotheses.length > 0);
    if (groups.length === 0) return s;
    const extra: TableBlock[] = groups.map((g) => ({
      title: `Published figures on this question (${g.title.toLowerCase()}; ${g.conflicting} of ${g.facts.length} conflicting, listed first)`,
      columns: FACT_COLUMNS,
      rows: g.facts.map(factRow),
    }));
    return { ...s, tables: [...s.tables, ...extra] };
  });
}

function tables<K extends FindingId>(f: FindingOf<K> & { readonly available: true }): TableBlock[] {
  const build: TableBuilder<K> | undefined = TABLES[f.id];
  return build === undefined ? [] : build(f.data);
}

function section(f: Finding, eventDate: string): ReportSection {
  const notes = [...f.notes];
  const c = f.available ? charts(f, notes, eventDate) : [];
  return {
    id: f.id,
    title: f.title,
    summary: f.summary,
    numbers: numbers(f.metrics),
    tables: f.available ? tables(f) : [],
    charts: c,
    provenance: { tables: f.provenance.tables, quality: f.provenance.quality, sources: f.provenance.sources },
    notes,
  };
}

/**
 * A rule's observation as a sentence that is true as written: 'z = 3.50 ≥ 3', 'corr20Pct:IGV = 0.61 < 0.8',
 * 'jump: no data (needs ≥ 3.0%)'.
 * @example evidenceSentence({ metric: 'stress.z', observed: 3.5, threshold: 3, direction: 'above', outcome: 'supports' }, 'z') // 'z = 3.50 ≥ 3'
 */
export function evidenceSentence(
  e: Pick<
    HypothesisResult['evidence'][number],
    'metric' | 'observed' | 'threshold' | 'direction' | 'outcome' | 'upper' | 'means'
  >,
  unit: string | null,
): string {
  const name = e.metric.slice(e.metric.indexOf('.') + 1);
  const thr = formatInUnit(e.threshold, unit);
  if (e.direction === 'between') {
    const range = `${thr} to ${formatInUnit(e.upper ?? Number.NaN, unit)}`;
    if (e.observed === null) return `${name}: no data (needs ${range})`;
    const inside = e.observed >= e.threshold && e.observed <= (e.upper ?? Number.NaN);
    return `${name} = ${formatInUnit(e.observed, unit)} ${inside ? 'within' : 'outside'} ${range}`;
  }
  const holds = e.direction === 'above' ? '≥' : '≤';
  if (e.observed === null) return `${name}: no data (needs ${holds} ${thr})`;
  // The condition held when the outcome is what the rule means by it.
  const held = (e.outcome === 'supports') === (e.means !== 'contradicts');
  const cmp = held ? holds : e.direction === 'above' ? '<' : '>';
  return `${name} = ${formatInUnit(e.observed, unit)} ${cmp} ${thr}`;
}

function card(h: HypothesisResult, findings: readonly Finding[]): HypothesisCard {
  const unitOf = (ref: string) => {
    const dot = ref.indexOf('.');
    return findings.find((f) => f.id === ref.slice(0, dot))?.metrics[ref.slice(dot + 1)]?.unit ?? null;
  };
  const evidence: EvidenceLine[] = h.evidence.map((e) => {
    const unit = unitOf(e.metric);
    return {
      rule: e.description,
      metric: e.metric,
      observed: e.observed,
      threshold: e.threshold,
      direction: e.direction,
      ...(e.upper === undefined ? {} : { upper: e.upper }),
      ...(e.means === undefined ? {} : { means: e.means }),
      weight: e.weight,
      outcome: e.outcome,
      quality: e.quality,
      role: e.role,
      kind: e.kind,
      display: evidenceSentence(e, unit),
    };
  });
  return {
    id: h.id,
    claim: h.claim,
    verdict: h.verdict,
    confidence: h.confidence,
    reason: h.reason,
    evidence,
    wouldTestWith: h.wouldTestWith.map((n) => `${n.model}: ${n.command}`),
  };
}

function lede(f: Findings): string {
  const pos = f.findings.find((x) => x.id === 'positioning');
  const ctx = pos?.id === 'positioning' ? pos.data : null;
  const counts = { supported: 0, contradicted: 0, inconclusive: 0, untestable: 0 };
  for (const h of f.hypotheses) counts[h.verdict]++;
  const low = ctx?.eventLow;
  const tl = f.findings.find((x) => x.id === 'timeline');
  const tm = tl?.available ? tl.metrics : null;
  const num = (k: string): number | null => {
    const v = tm?.[k]?.value;
    return typeof v === 'number' ? v : null;
  };
  const move =
    tm && num('closeToCloseNy') !== null
      ? ` BTC fell ${fmtPct(-(num('closeToCloseNy') ?? 0))} from New York close to New York close ` +
        `(${fmtPct(-(num('closeToCloseUtc') ?? 0))} over the UTC day) and ${fmtPct(-(num('peakToTrough') ?? 0))} ` +
        `from ${fmtUsd(num('peak'))} to its low of ${fmtUsd(num('trough'))}, on ${tm.peak?.quality ?? ''} hourly bars.`
      : ctx && low !== null && low !== undefined
        ? ` BTC fell from ${fmtUsd(ctx.spot)} (previous close) to a low of ${fmtUsd(low)} (${fmtPct(low / ctx.spot - 1)}).`
        : '';
  return (
    `Forensics of ${f.event.date}: ${whatRanLine(whatRan(f))}.${move} ` +
    `${counts.supported} supported, ${counts.contradicted} contradicted, ${counts.inconclusive} inconclusive. Only observed and ` +
    'published data count toward a verdict; rules on reconstructed data are shown as illustrations.'
  );
}

/**
 * Two sections after the findings: what would test each hypothesis that is untestable (or partly
 * tested), and the sensitivity of every verdict to the alternative assumptions.
 */
function evidenceSections(f: Findings): ReportSection[] {
  const provenance = { tables: [], quality: {}, sources: [] };
  const out: ReportSection[] = [];
  const needs = f.hypotheses.filter((h) => h.wouldTestWith.length > 0);
  if (needs.length > 0) {
    out.push({
      id: 'what-would-test',
      title: 'What would test the hypotheses',
      summary:
        'Rules on reconstructed data are illustrations and never count. These data would turn them into evidence.',
      numbers: [],
      tables: [
        {
          title: 'Data that would test each hypothesis',
          columns: ['hypothesis', 'verdict now', 'model', 'command'],
          rows: needs.flatMap((h) => h.wouldTestWith.map((n) => [h.id, h.verdict, n.model, n.command])),
        },
      ],
      charts: [],
      provenance,
      notes: [],
    });
  }
  if (f.inputs.length > 0) {
    const n = (x: (typeof f.inputs)[number], q: 'observed' | 'published' | 'reconstructed') =>
      fmtNum(x.quality[q] ?? 0);
    out.push({
      id: 'data',
      title: 'Data behind this report: observed, published, reconstructed',
      summary:
        'Every table the run read, with how many of its rows are observed, published or reconstructed. What is ' +
        'reconstructed comes from a documented, seeded model (docs/DATA.md) and never counts toward a verdict.',
      numbers: [],
      tables: [
        {
          title: 'Rows read, by quality (a row counts as reconstructed when any of its values is)',
          columns: ['table', 'from', 'to', 'observed', 'published', 'reconstructed'],
          rows: f.inputs.map((x) => [
            x.table,
            x.from?.slice(0, 10) ?? 'n/a',
            x.to?.slice(0, 10) ?? 'n/a',
            n(x, 'observed'),
            n(x, 'published'),
            n(x, 'reconstructed'),
          ]),
        },
      ],
      charts: [],
      provenance,
      notes: [
        'Values stronger than their row (e.g. observed ETF closes and volumes on a row whose shares outstanding are reconstructed) carry their own quality: every number of the report shows its own, the weakest of its inputs.',
      ],
    });
  }
  if (f.sensitivity.length > 0) {
    out.push({
      id: 'sensitivity',
      title: 'Sensitivity of the verdicts',
      summary:
        'Each verdict under the other dealer sign model, flat note vols and every rule threshold moved by ±20%: robust, or which assumption flips it.',
      numbers: [],
      tables: [
        {
          title: 'Verdicts under alternative assumptions',
          columns: ['hypothesis', 'verdict', 'cases', 'robust', 'flipped by'],
          rows: f.sensitivity.map((r) => [
            r.id,
            r.verdict,
            String(r.cases.length),
            r.robust ? 'yes' : 'no',
            r.flips.length > 0 ? r.flips.join('; ') : '–',
          ]),
        },
      ],
      charts: [],
      provenance,
      notes: [],
    });
  }
  return out;
}

/**
 * The report document of a forensics run.
 * @example buildReportDoc(findings).scorecard.length // 7
 */
export function buildReportDoc(f: Findings): ReportDoc {
  const share = f.reconstructedShare;
  return {
    title: `What happened on ${f.event.date}? A cross-market forensics of the Bitcoin crash`,
    eventDate: f.event.date,
    reconstructedBanner:
      share > 0
        ? `${fmtPct(share, 1)} of the rows behind this report were made by a documented, seeded ` +
          'model (docs/DATA.md) where no public source gives them. Sections and numbers built on them are marked; ' +
          'they show the mechanics, not facts about the day.'
        : null,
    dataWarnings: f.dataWarnings ?? [],
    lede: lede(f),
    scorecard: f.hypotheses.map((h) => card(h, f.findings)),
    sections: confront([...f.findings.map((x) => section(x, f.event.date)), ...evidenceSections(f)], f),
    footer: `${f.tool.name} ${f.tool.version} · findings schema ${f.schema} · options: ${JSON.stringify(f.options)}`,
  };
}
