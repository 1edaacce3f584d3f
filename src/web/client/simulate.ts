/**
 * The Simulate page: a form (shocks, impact model, depth per 1 %, paths, horizon, step, noise, seed,
 * channels, and each channel's assumptions — the Fragility page's form, generated from the schemas) whose values are the URL (the permalink) and the body of POST /api/simulate; a progress bar
 * polled from GET /api/simulate/:id; then the report's fan chart, flows by channel and Shapley waterfall,
 * and the attribution table with its sum beside v(all) − v(none). Cancel sends DELETE /api/simulate/:id.
 */
import { type AssumptionsAnswer, assumptionFieldsets, typedAssumptions } from './assumptions.js';
import { api, dataTable, drawChart, el, errorBox, mount, params } from './common.js';

interface RunAnswer {
  readonly id: string;
  readonly status: 'running' | 'done' | 'failed' | 'cancelled';
  readonly progress: { readonly stage: string; readonly fraction: number };
  readonly error?: { readonly message: string };
  readonly doc?: {
    readonly paths: number;
    readonly steps: number;
    readonly quality: string;
    readonly attribution: readonly { readonly channel: string; readonly shapleyDrawdown: number }[];
    readonly baseline: { readonly drawdown: number };
    readonly all: { readonly drawdown: number };
    readonly params: { readonly assumptions: Readonly<Record<string, Readonly<Record<string, unknown>>>> };
  };
  readonly charts?: { readonly fan: unknown; readonly flows: unknown; readonly attribution: unknown };
}

/** The form's fields: URL parameter, body field, label, input type, default shown. */
const FIELDS = [
  { key: 'impact', field: 'impact', label: 'impact model', options: ['linear', 'sqrt', 'propagator'] },
  { key: 'depth', field: 'depth1PctUsd', label: 'depth per 1 % (USD)', placeholder: 'store, else default' },
  { key: 'paths', field: 'paths', label: 'paths', placeholder: '400' },
  { key: 'horizon', field: 'horizonHours', label: 'horizon (h)', placeholder: '24' },
  { key: 'step', field: 'stepMinutes', label: 'step (min)', placeholder: '5' },
  { key: 'noise', field: 'noiseVol', label: 'noise vol', placeholder: 'auto (DVOL)' },
  { key: 'seed', field: 'seed', label: 'seed', placeholder: '20260205' },
] as const;

const pp = (x: number) => `${(100 * x).toFixed(3)} pp`;

class SimulatePage {
  private readonly channels: AssumptionsAnswer['channels'];
  private readonly state = params();
  /** The assumption fields' texts by `<channel>.<assumption>` (absent = the channel's default). */
  private readonly assumptionTexts = new Map<string, string>();
  private readonly inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  private readonly boxes = new Map<string, HTMLInputElement>();
  private readonly shocks = el('input', {
    id: 'shocks',
    type: 'text',
    size: '40',
    placeholder: 'e.g. sell:500m:60 (comma-separated)',
  }) as HTMLInputElement;
  private readonly runButton = el('button', { id: 'run', type: 'button' }, 'Run') as HTMLButtonElement;
  private readonly cancelButton = el(
    'button',
    { id: 'cancel', type: 'button', disabled: '' },
    'Cancel',
  ) as HTMLButtonElement;
  private readonly bar = el('progress', { id: 'progress', max: '1', value: '0' }) as HTMLProgressElement;
  private readonly status = el('p', { class: 'muted', id: 'status' }, 'Not run yet.');
  private readonly errors = el('div', { id: 'simulate-error' });
  private readonly results = el('div', { id: 'results' });
  private runId: string | null = null;

  constructor(answer: AssumptionsAnswer) {
    this.channels = answer.channels;
    const ids = new Set(this.channels.map((c) => c.id));
    for (const [key, value] of this.state)
      if (ids.has(key.split('.')[0]!) && key.includes('.')) this.assumptionTexts.set(key, value);
  }

  private form(): HTMLElement {
    this.shocks.value = this.state.getAll('shock').join(',');
    const rows = FIELDS.map((f) => {
      const id = `f-${f.key}`;
      let input: HTMLInputElement | HTMLSelectElement;
      if ('options' in f) {
        input = el(
          'select',
          { id },
          ...f.options.map((o) => el('option', { value: o }, o)),
        ) as HTMLSelectElement;
        input.value = this.state.get(f.key) ?? f.options[0];
      } else {
        input = el('input', { id, type: 'text', size: '14', placeholder: f.placeholder }) as HTMLInputElement;
        input.value = this.state.get(f.key) ?? '';
      }
      this.inputs.set(f.key, input);
      return el('label', { for: id }, `${f.label} `, input);
    });
    const chosen = this.state.get('channels');
    const set = chosen === null ? null : new Set(chosen.split(','));
    const toggles = this.channels.map((c) => {
      const box = el('input', {
        type: 'checkbox',
        id: `ch-${c.id}`,
        'data-channel': c.id,
      }) as HTMLInputElement;
      box.checked = set === null || set.has(c.id);
      this.boxes.set(c.id, box);
      return el('label', { for: `ch-${c.id}` }, box, ` ${c.title}`);
    });
    this.runButton.addEventListener('click', () => void this.run());
    this.cancelButton.addEventListener('click', () => void this.cancel());
    return el(
      'form',
      { id: 'simulate-form' },
      el('div', { class: 'row' }, el('label', { for: 'shocks' }, 'shocks '), this.shocks),
      el('div', { class: 'row' }, ...rows),
      el('div', { class: 'row', id: 'channel-toggles' }, ...toggles),
      el(
        'details',
        { id: 'assumptions' },
        el(
          'summary',
          {},
          'Channel assumptions (generated from each channel’s schema, as on the Fragility page)',
        ),
        ...assumptionFieldsets(
          this.channels,
          (key) => this.assumptionTexts.get(key) ?? null,
          (key, value) => {
            if (value === null) this.assumptionTexts.delete(key);
            else this.assumptionTexts.set(key, value);
          },
        ),
      ),
      el('div', { class: 'row' }, this.runButton, this.cancelButton, this.bar, this.status),
    );
  }

  /** The URL parameters and the API body of the form. */
  private read(): { query: URLSearchParams; body: Record<string, unknown> } {
    const query = new URLSearchParams();
    const body: Record<string, unknown> = {};
    const shocks = this.shocks.value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    for (const s of shocks) query.append('shock', s);
    body.shocks = shocks;
    for (const f of FIELDS) {
      const v = this.inputs.get(f.key)!.value.trim();
      if (v === '' || ('options' in f && v === f.options[0])) continue;
      query.set(f.key, v);
      body[f.field] = 'options' in f || v === 'auto' ? v : Number(v);
    }
    const ids = this.channels.map((c) => c.id).filter((id) => this.boxes.get(id)!.checked);
    if (ids.length !== this.channels.length) query.set('channels', ids.join(','));
    body.channels = ids;
    for (const [key, value] of this.assumptionTexts) query.set(key, value);
    if (this.assumptionTexts.size > 0)
      body.assumptions = typedAssumptions(this.channels, this.assumptionTexts);
    return { query, body };
  }

  private async run(): Promise<void> {
    const { query, body } = this.read();
    const q = query.toString();
    window.history.replaceState(null, '', `/simulate${q === '' ? '' : `?${q}`}`);
    this.errors.replaceChildren();
    this.results.replaceChildren();
    try {
      const started = await api<{ id: string }>('/api/simulate', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      this.runId = started.id;
      this.runButton.disabled = true;
      this.cancelButton.disabled = false;
      await this.poll(started.id);
    } catch (error) {
      this.errors.replaceChildren(errorBox(error));
      this.status.textContent = 'Failed.';
    } finally {
      this.runButton.disabled = false;
      this.cancelButton.disabled = true;
      this.runId = null;
    }
  }

  private async poll(id: string): Promise<void> {
    for (;;) {
      const a = await api<RunAnswer>(`/api/simulate/${id}`);
      this.bar.value = a.progress.fraction;
      this.status.textContent = `${a.status}: ${a.progress.stage} (${Math.round(100 * a.progress.fraction)} %)`;
      document.body.dataset.simStatus = a.status;
      if (a.status === 'failed') throw new Error(a.error?.message ?? 'the simulation failed');
      if (a.status !== 'running') {
        if (a.status === 'done') await this.show(a);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  private async cancel(): Promise<void> {
    if (this.runId === null) return;
    try {
      await api(`/api/simulate/${this.runId}`, {
        method: 'DELETE',
        headers: { 'content-type': 'application/json' },
      });
    } catch (error) {
      this.errors.replaceChildren(errorBox(error));
    }
  }

  private async show(a: RunAnswer): Promise<void> {
    const doc = a.doc!;
    const charts = a.charts!;
    const sum = doc.attribution.reduce((s, r) => s + r.shapleyDrawdown, 0);
    const total = doc.all.drawdown - doc.baseline.drawdown;
    const table = dataTable(
      ['Channel', 'Shapley value (expected drawdown)'],
      [
        ...doc.attribution.map((r) => [r.channel, pp(r.shapleyDrawdown)]),
        ['Sum of the Shapley values', pp(sum)],
        ['v(all) − v(none)', pp(total)],
      ],
      'attribution-table',
    );
    // For tests and scripts: the unrounded sum and total.
    this.results.dataset.sum = String(sum);
    this.results.dataset.total = String(total);
    const fan = el('div', { id: 'fan-chart', class: 'vega' });
    const flows = el('div', { id: 'flows-chart', class: 'vega' });
    const waterfall = el('div', { id: 'attribution-chart', class: 'vega' });
    // The assumptions set in the form, as the run used them (read back from the document).
    const used = [...this.assumptionTexts.keys()].map((key) => {
      const [channel, name] = key.split('.') as [string, string];
      return `${key} = ${JSON.stringify(doc.params.assumptions[channel]?.[name] ?? null)}`;
    });
    this.results.replaceChildren(
      el(
        'p',
        { class: 'muted' },
        `${doc.paths.toLocaleString('en-US')} paths × ${doc.steps.toLocaleString('en-US')} steps; inputs ${doc.quality}.`,
      ),
      el(
        'p',
        { class: 'muted', id: 'assumptions-used' },
        used.length === 0 ? 'Channel assumptions: the defaults.' : `Channel assumptions: ${used.join('; ')}.`,
      ),
      el('h2', {}, 'Price paths'),
      fan,
      el('h2', {}, 'Forced flows by channel'),
      flows,
      el('h2', {}, 'Shapley attribution of the expected drawdown'),
      waterfall,
      table,
    );
    await drawChart(fan, charts.fan);
    if (charts.flows !== null) await drawChart(flows, charts.flows);
    else flows.textContent = 'No channel traded.';
    if (charts.attribution !== null) await drawChart(waterfall, charts.attribution);
    else waterfall.textContent = 'No channel took part: nothing to attribute.';
  }

  render(): void {
    mount(el('h1', {}, 'Simulate a cascade'), this.form(), this.errors, this.results);
  }
}

async function main(): Promise<void> {
  try {
    new SimulatePage(await api<AssumptionsAnswer>('/api/fragility/assumptions')).render();
  } catch (error) {
    mount(el('h1', {}, 'Simulate a cascade'), errorBox(error));
  }
}

void main();
