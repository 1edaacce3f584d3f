/**
 * The Event page: the scorecard of a day (verdict, confidence, evidence by quality), the drill-down from a
 * hypothesis to its rules, from a rule to the metric and its finding, and from the finding to the stored
 * rows with their `source`; then every section of the report with its numbers, tables (published figures
 * side by side) and charts, interactive. State in the URL: /event/<date>?h=H3&m=basis.jumpPp&rows=futures_settlements.
 */
import {
  api,
  badge,
  type Cell,
  count,
  dataTable,
  drawChart,
  el,
  errorBox,
  mount,
  params,
  setParams,
} from './common.js';
import { interactive } from './interactive.js';

type Quality = 'observed' | 'published' | 'reconstructed';

interface Metric {
  readonly label: string;
  readonly value: string | number | boolean | null;
  readonly unit: string | null;
  readonly quality: Quality;
  readonly display: string;
}

interface Finding {
  readonly id: string;
  readonly title: string;
  readonly available: boolean;
  readonly summary: string;
  readonly metrics: Readonly<Record<string, Metric>>;
  readonly provenance: {
    readonly tables: readonly string[];
    readonly quality: Readonly<Partial<Record<Quality, number>>>;
    readonly sources: readonly string[];
    readonly rows: number;
  };
  readonly notes: readonly string[];
}

interface Evidence {
  readonly rule: string;
  readonly description: string;
  readonly metric: string;
  readonly observed: number | null;
  readonly threshold: number;
  readonly direction: 'above' | 'below' | 'between';
  readonly upper?: number;
  readonly means?: 'supports' | 'contradicts';
  readonly weight: number;
  readonly outcome: 'supports' | 'contradicts' | 'missing';
  readonly quality: Quality;
}

interface Hypothesis {
  readonly id: string;
  readonly claim: string;
  readonly verdict: string;
  readonly confidence: number;
  readonly score: number;
  readonly coverage: number;
  readonly reason: string;
  readonly evidence: readonly Evidence[];
}

interface Section {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly numbers: readonly {
    readonly label: string;
    readonly display: string;
    readonly quality: Quality;
  }[];
  readonly tables: readonly {
    readonly title: string;
    readonly columns: readonly string[];
    readonly rows: readonly (readonly string[])[];
  }[];
  readonly charts: readonly {
    readonly id: string;
    readonly title: string;
    readonly spec: Record<string, unknown>;
    readonly sourceNote: string;
    readonly reconstructed: boolean;
  }[];
  readonly notes: readonly string[];
}

interface EventAnswer {
  readonly findings: {
    readonly event: {
      readonly date: string;
      readonly previousDate: string | null;
      readonly nextDate: string | null;
    };
    readonly reconstructedShare: number;
    readonly findings: readonly Finding[];
    readonly hypotheses: readonly Hypothesis[];
  };
  readonly doc: {
    readonly title: string;
    readonly reconstructedBanner: string | null;
    readonly lede: string;
    readonly sections: readonly Section[];
    readonly footer: string;
  };
}

interface RowsAnswer {
  readonly table: string;
  readonly from: string;
  readonly to: string;
  readonly total: number;
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function qualityMix(q: Readonly<Partial<Record<Quality, number>>>): HTMLElement {
  return el(
    'span',
    {},
    ...(['observed', 'published', 'reconstructed'] as const)
      .filter((k) => (q[k] ?? 0) > 0)
      .map((k) => badge(k, `${k} ${count(q[k] ?? 0)}`)),
  );
}

class EventPage {
  private readonly date: string;
  private readonly data: EventAnswer;
  private readonly evidenceBox = el('div', { id: 'evidence' });
  private readonly metricBox = el('div', { id: 'metric' });
  private readonly rowsBox = el('div', { id: 'rows' });

  constructor(date: string, data: EventAnswer) {
    this.date = date;
    this.data = data;
  }

  private finding(id: string): Finding | undefined {
    return this.data.findings.findings.find((f) => f.id === id);
  }

  render(): void {
    const { doc, findings } = this.data;
    const score = el(
      'tbody',
      {},
      ...findings.hypotheses.map((h) => {
        const byQuality: Partial<Record<Quality, number>> = {};
        for (const e of h.evidence)
          if (e.outcome !== 'missing') byQuality[e.quality] = (byQuality[e.quality] ?? 0) + 1;
        const tr = el(
          'tr',
          { class: 'clickable', 'data-hypothesis': h.id, tabindex: '0' },
          el('td', {}, el('strong', {}, h.id)),
          el('td', {}, h.claim),
          el('td', {}, badge(h.verdict)),
          el('td', { class: 'num' }, pct(h.confidence)),
          el('td', {}, qualityMix(byQuality)),
          el('td', {}, h.reason),
        );
        tr.addEventListener('click', () => this.selectHypothesis(h.id));
        return tr;
      }),
    );
    const head = el(
      'tr',
      {},
      ...['', 'claim', 'verdict', 'confidence', 'evidence', 'why'].map((t) => el('th', {}, t)),
    );
    const sections = doc.sections.map((s) => this.section(s));
    mount(
      el('h1', {}, doc.title),
      doc.reconstructedBanner === null
        ? null
        : el('div', { class: 'banner', id: 'reconstructed-banner' }, doc.reconstructedBanner),
      el('p', {}, doc.lede, ' ', el('a', { class: 'json', href: `/api/event/${this.date}` }, 'JSON')),
      el('h2', {}, 'Scorecard'),
      el(
        'p',
        { class: 'muted' },
        'Click a hypothesis for its rules; a rule’s metric for the finding behind it; a table for the stored rows.',
      ),
      el('div', { class: 'scroll' }, el('table', { id: 'scorecard' }, el('thead', {}, head), score)),
      this.evidenceBox,
      this.metricBox,
      this.rowsBox,
      ...sections.map((s) => s.node),
      el('p', { class: 'muted' }, doc.footer),
    );
    for (const s of sections) void s.draw();
    const p = params();
    const h = p.get('h');
    if (h !== null) this.selectHypothesis(h);
    const m = p.get('m');
    if (m !== null) this.selectMetric(m);
    const rows = p.get('rows');
    if (rows !== null) void this.showRows(rows, p.get('source'));
  }

  selectHypothesis(id: string): void {
    const h = this.data.findings.hypotheses.find((x) => x.id === id);
    if (h === undefined) {
      this.evidenceBox.replaceChildren(errorBox(new Error(`no hypothesis ${id} on this day`)));
      return;
    }
    setParams({ h: id });
    for (const tr of Array.from(document.querySelectorAll('#scorecard tr[data-hypothesis]'))) {
      tr.classList.toggle('selected', tr.getAttribute('data-hypothesis') === id);
    }
    const rows = h.evidence.map((e) => {
      const metricLink = el('a', { href: '#metric', 'data-metric': e.metric }, e.metric);
      metricLink.addEventListener('click', (ev) => {
        ev.preventDefault();
        this.selectMetric(e.metric);
      });
      const f = this.finding(e.metric.split('.')[0]!);
      const m = f?.metrics[e.metric.split('.').slice(1).join('.')];
      return el(
        'tr',
        { 'data-rule': e.rule },
        el('td', {}, e.rule),
        el('td', {}, e.description),
        el('td', {}, metricLink),
        el('td', { class: 'num' }, m?.display ?? (e.observed === null ? 'missing' : String(e.observed))),
        el(
          'td',
          {},
          `${e.direction === 'between' ? `${e.threshold} to ${e.upper}` : `${e.direction === 'above' ? '≥' : '≤'} ${e.threshold}`}${e.means === 'contradicts' ? ' (contradicts)' : ''}`,
        ),
        el('td', { class: 'num' }, String(e.weight)),
        el('td', {}, badge(e.outcome)),
        el('td', {}, badge(e.quality)),
      );
    });
    const head = [
      'rule',
      'what it checks',
      'metric',
      'observed',
      'threshold',
      'weight',
      'outcome',
      'quality',
    ];
    this.evidenceBox.replaceChildren(
      el(
        'div',
        { class: 'panel' },
        el(
          'h3',
          {},
          `${h.id}: `,
          badge(h.verdict),
          ` confidence ${pct(h.confidence)}, score ${h.score.toFixed(2)}, coverage ${pct(h.coverage)}`,
        ),
        el('p', {}, h.claim),
        el(
          'div',
          { class: 'scroll' },
          el(
            'table',
            { id: 'rules' },
            el('thead', {}, el('tr', {}, ...head.map((t) => el('th', {}, t)))),
            el('tbody', {}, ...rows),
          ),
        ),
      ),
    );
  }

  selectMetric(metricId: string): void {
    const [findingId, ...rest] = metricId.split('.');
    const key = rest.join('.');
    const f = this.finding(findingId!);
    if (f === undefined) {
      this.metricBox.replaceChildren(errorBox(new Error(`no finding '${findingId}' for metric ${metricId}`)));
      return;
    }
    setParams({ m: metricId });
    const metricRows = Object.entries(f.metrics).map(([k, m]) =>
      el(
        'tr',
        k === key ? { class: 'selected', 'data-metric-key': k } : { 'data-metric-key': k },
        el('td', {}, m.label),
        el('td', { class: 'num' }, m.display),
        el('td', {}, m.unit ?? ''),
        el('td', {}, badge(m.quality)),
      ),
    );
    const tableButtons = f.provenance.tables.map((t) => {
      const b = el('button', { type: 'button', 'data-rows-table': t }, `rows of ${t}`);
      b.addEventListener('click', () => void this.showRows(t, null));
      return b;
    });
    this.metricBox.replaceChildren(
      el(
        'div',
        { class: 'panel' },
        el('h3', {}, `${f.title}`, f.available ? '' : ' (data missing)'),
        el('p', {}, f.summary),
        el('div', { class: 'scroll' }, el('table', { id: 'metrics' }, el('tbody', {}, ...metricRows))),
        el('p', {}, `${count(f.provenance.rows)} stored rows used: `, qualityMix(f.provenance.quality)),
        el('p', { class: 'muted' }, `Sources: ${f.provenance.sources.join('; ') || 'none'}`),
        ...f.notes.map((n) => el('p', { class: 'muted' }, n)),
        el('div', { class: 'row' }, ...tableButtons),
      ),
    );
  }

  async showRows(table: string, source: string | null): Promise<void> {
    setParams({ rows: table, source });
    this.rowsBox.replaceChildren(el('p', { class: 'muted' }, `Reading ${table}…`));
    const q = new URLSearchParams({ table, ...(source === null ? {} : { source }) });
    try {
      const r = await api<RowsAnswer>(`/api/event/${this.date}/rows?${q}`);
      const names = r.rows.length > 0 ? Object.keys(r.rows[0]!) : [];
      this.rowsBox.replaceChildren(
        el(
          'div',
          { class: 'panel' },
          el(
            'h3',
            {},
            `${r.table}: ${count(r.rows.length)} of ${count(r.total)} stored rows from ${r.from} to ${r.to}`,
          ),
          el(
            'p',
            { class: 'muted' },
            'Each row names its source and quality. ',
            el('a', { class: 'json', href: `/api/event/${this.date}/rows?${q}` }, 'JSON'),
          ),
          dataTable(
            names,
            r.rows.map((row) => names.map((n) => row[n] ?? null)),
            'stored-rows',
          ),
        ),
      );
    } catch (error) {
      this.rowsBox.replaceChildren(errorBox(error));
    }
  }

  private section(s: Section): { node: HTMLElement; draw: () => Promise<void> } {
    const figures = s.charts.map((c) => {
      const target = el('div', { class: 'vega' });
      const fig = el(
        'figure',
        { class: 'chart', 'data-chart-id': c.id },
        target,
        el(
          'figcaption',
          {},
          c.reconstructed ? badge('reconstructed', 'reconstructed data') : null,
          ' ',
          c.sourceNote,
        ),
      );
      return { fig, target, spec: c.spec, id: c.id };
    });
    const node = el(
      'section',
      { id: `section-${s.id}` },
      el('h2', {}, s.title),
      el('p', {}, s.summary),
      s.numbers.length === 0
        ? null
        : el(
            'div',
            { class: 'scroll' },
            el(
              'table',
              {},
              el(
                'tbody',
                {},
                ...s.numbers.map((n) =>
                  el(
                    'tr',
                    {},
                    el('td', {}, n.label),
                    el('td', { class: 'num' }, n.display),
                    el('td', {}, badge(n.quality)),
                  ),
                ),
              ),
            ),
          ),
      ...s.tables.map((t) => el('div', {}, el('h3', {}, t.title), dataTable(t.columns, t.rows))),
      ...figures.map((f) => f.fig),
      ...s.notes.map((n) => el('p', { class: 'muted' }, n)),
    );
    const draw = async () => {
      for (const f of figures) {
        try {
          await drawChart(f.target, interactive(f.spec));
        } catch (error) {
          f.target.replaceChildren(errorBox(error, `chart-error-${f.id}`));
        }
      }
    };
    return { node, draw };
  }
}

function datePicker(): void {
  const input = el('input', { type: 'date', id: 'date' }) as HTMLInputElement;
  const go = el('button', { type: 'button' }, 'Open');
  go.addEventListener('click', () => {
    if (input.value !== '') window.location.assign(`/event/${input.value}`);
  });
  mount(
    el('h1', {}, 'Event'),
    el('p', {}, 'Which day of the store? '),
    el('div', { class: 'row' }, input, go),
  );
}

async function main(): Promise<void> {
  const m = /^\/event\/([^/]+)$/.exec(window.location.pathname);
  if (m === null) {
    datePicker();
    return;
  }
  const date = decodeURIComponent(m[1]!);
  mount(
    el('p', { class: 'muted', id: 'loading' }, `Analysing ${date} (the first time takes a few seconds)…`),
  );
  try {
    new EventPage(date, await api<EventAnswer>(`/api/event/${date}`)).render();
  } catch (error) {
    mount(el('h1', {}, `Event ${date}`), errorBox(error));
  }
}

void main();
