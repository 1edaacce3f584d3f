/**
 * The Fragility page: the forced flow by channel stacked on the BTC axis, the intensity per 1 % against
 * depth with the κ ≥ 1 zone, the levels table; channel toggles and an assumptions form generated from the
 * JSON Schema of each channel's zod schema. Every control writes the URL (the permalink, the same
 * parameters as /api/fragility) and the map is recomputed on the server.
 */
import { type AssumptionsAnswer, assumptionFieldsets } from './assumptions.js';
import { api, badge, count, drawChart, el, errorBox, mount, params } from './common.js';

interface Level {
  readonly kind: string;
  readonly price: number;
  readonly hi?: number;
  readonly channel: string;
  readonly sizeUsd: number | null;
}

interface MapAnswer {
  readonly computeMs: number;
  readonly cached: boolean;
  readonly map: {
    readonly asOf: string;
    readonly spot: number;
    readonly spotSource: { readonly quality: string; readonly source: string };
    readonly channels: readonly {
      readonly id: string;
      readonly title: string;
      readonly available: boolean;
      readonly trigger: string;
      readonly exogenousUsd: number;
      readonly quality: string;
    }[];
    readonly depth: { readonly source: string; readonly quality: string } | null;
    readonly levels: readonly Level[];
  };
  readonly charts: { readonly flow: unknown; readonly intensity: unknown };
}

const usd = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;
const usdM = (x: number | null) =>
  x === null ? '—' : `${x < 0 ? '−' : '+'}$${(Math.abs(x) / 1e6).toFixed(1)}M`;

class FragilityPage {
  private readonly schema: AssumptionsAnswer;
  private readonly state: URLSearchParams;
  private readonly status = el('p', { class: 'muted', id: 'status' });
  private readonly flow = el('div', { id: 'flow-chart', class: 'vega' });
  private readonly intensity = el('div', { id: 'intensity-chart', class: 'vega' });
  private readonly levels = el('div', { id: 'levels' });
  private readonly channelsBox = el('div', { id: 'channel-table' });
  private readonly errorBox = el('div', { id: 'fragility-error' });
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;

  constructor(schema: AssumptionsAnswer) {
    this.schema = schema;
    this.state = params();
  }

  private selected(): string[] {
    const raw = this.state.get('channels');
    return raw === null ? this.schema.channels.map((c) => c.id) : raw.split(',').filter((x) => x !== '');
  }

  private set(key: string, value: string | null): void {
    if (value === null || value === '') this.state.delete(key);
    else this.state.set(key, value);
    const q = this.state.toString();
    window.history.replaceState(null, '', `/fragility${q === '' ? '' : `?${q}`}`);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.compute(), 150);
  }

  private toggles(): HTMLElement {
    const chosen = new Set(this.selected());
    return el(
      'div',
      { class: 'row', id: 'channel-toggles' },
      ...this.schema.channels.map((c) => {
        const box = el('input', {
          type: 'checkbox',
          id: `ch-${c.id}`,
          'data-channel': c.id,
        }) as HTMLInputElement;
        box.checked = chosen.has(c.id);
        box.addEventListener('change', () => {
          const now = new Set(this.selected());
          if (box.checked) now.add(c.id);
          else now.delete(c.id);
          const ids = this.schema.channels.map((x) => x.id).filter((id) => now.has(id));
          this.set('channels', ids.length === this.schema.channels.length ? null : ids.join(','));
        });
        return el('label', { for: `ch-${c.id}` }, box, ` ${c.title}`);
      }),
    );
  }

  private form(): HTMLElement {
    const asOf = el('input', {
      id: 'asOf',
      type: 'text',
      size: '24',
      placeholder: this.schema.defaultAsOf,
    }) as HTMLInputElement;
    asOf.value = this.state.get('asOf') ?? '';
    asOf.addEventListener('change', () => this.set('asOf', asOf.value.trim()));
    const depth = el('input', {
      id: 'depth',
      type: 'text',
      size: '14',
      placeholder: 'store, else default',
    }) as HTMLInputElement;
    depth.value = this.state.get('depth') ?? '';
    depth.addEventListener('change', () => this.set('depth', depth.value.trim()));
    return el(
      'details',
      { id: 'assumptions' },
      el('summary', {}, 'Instant, depth and assumptions (generated from each channel’s schema)'),
      el(
        'div',
        { class: 'row' },
        el('label', { for: 'asOf' }, 'as of'),
        asOf,
        el('label', { for: 'depth' }, 'depth per 1% (USD, or none)'),
        depth,
      ),
      ...assumptionFieldsets(
        this.schema.channels,
        (key) => this.state.get(key),
        (key, value) => this.set(key, value),
      ),
    );
  }

  render(): void {
    mount(
      el('h1', {}, 'Fragility map'),
      el(
        'p',
        { class: 'muted' },
        'Forced buying (+) and selling (−) each channel would do for a move from spot to each BTC price, from one market snapshot; same library as ',
        el('code', {}, 'crashscope fragility'),
        '. ',
        el('a', { class: 'json', id: 'json-link', href: '/api/fragility' }, 'JSON'),
      ),
      this.toggles(),
      this.form(),
      this.status,
      this.errorBox,
      el('figure', { class: 'chart' }, this.flow),
      el('figure', { class: 'chart' }, this.intensity),
      el('h2', {}, 'Channels'),
      this.channelsBox,
      el('h2', {}, 'Levels'),
      this.levels,
    );
    void this.compute();
  }

  async compute(): Promise<void> {
    const mine = ++this.seq;
    const q = this.state.toString();
    (document.getElementById('json-link') as HTMLAnchorElement).href =
      `/api/fragility${q === '' ? '' : `?${q}`}`;
    this.status.textContent = 'Computing…';
    try {
      const r = await api<MapAnswer>(`/api/fragility${q === '' ? '' : `?${q}`}`);
      if (mine !== this.seq) return;
      this.errorBox.replaceChildren();
      const m = r.map;
      this.status.replaceChildren(
        `As of ${m.asOf}: spot ${usd(m.spot)} `,
        badge(m.spotSource.quality),
        ` · depth: ${m.depth === null ? 'none' : m.depth.source} · ${r.cached ? 'computed earlier' : 'computed'} in ${r.computeMs.toFixed(0)} ms`,
      );
      await drawChart(this.flow, r.charts.flow);
      await drawChart(this.intensity, r.charts.intensity);
      this.flow.setAttribute('data-version', String(mine));
      this.channelsBox.replaceChildren(
        el(
          'div',
          { class: 'scroll' },
          el(
            'table',
            { id: 'channels' },
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ...['channel', 'trigger', 'available', 'quality', 'scenario trade'].map((h) =>
                  el('th', {}, h),
                ),
              ),
            ),
            el(
              'tbody',
              {},
              ...m.channels.map((c) =>
                el(
                  'tr',
                  { 'data-channel': c.id },
                  el('td', {}, c.title),
                  el('td', {}, c.trigger),
                  el('td', {}, c.available ? 'yes' : 'no data'),
                  el('td', {}, badge(c.quality)),
                  el('td', { class: 'num' }, c.trigger === 'exogenous' ? usdM(c.exogenousUsd) : '—'),
                ),
              ),
            ),
          ),
        ),
      );
      this.levels.replaceChildren(
        el(
          'div',
          { class: 'scroll' },
          el(
            'table',
            { id: 'levels-table' },
            el(
              'thead',
              {},
              el('tr', {}, ...['level', 'BTC', 'to', 'channel', 'size'].map((h) => el('th', {}, h))),
            ),
            el(
              'tbody',
              {},
              ...m.levels.map((l) =>
                el(
                  'tr',
                  { 'data-kind': l.kind },
                  el('td', {}, l.kind),
                  el('td', { class: 'num' }, usd(l.price)),
                  el('td', { class: 'num' }, l.hi === undefined ? '' : usd(l.hi)),
                  el('td', {}, l.channel),
                  el('td', { class: 'num' }, usdM(l.sizeUsd)),
                ),
              ),
            ),
          ),
        ),
        el('p', { class: 'muted' }, `${count(m.levels.length)} levels`),
      );
    } catch (error) {
      if (mine !== this.seq) return;
      this.status.textContent = '';
      this.errorBox.replaceChildren(errorBox(error, 'error'));
    }
  }
}

async function main(): Promise<void> {
  try {
    new FragilityPage(await api<AssumptionsAnswer>('/api/fragility/assumptions')).render();
  } catch (error) {
    mount(el('h1', {}, 'Fragility map'), errorBox(error));
  }
}

void main();
