/**
 * The Data page: the store's tables (rows, date range, quality mix, sources, downloads), and a read-only
 * SQL box (the sandboxed `sql`, with a row limit) whose query and limit live in the URL (?q=…&limit=…).
 */
import { api, badge, count, dataTable, el, errorBox, mount, params, setParams } from './common.js';

interface TableInfo {
  readonly table: string;
  readonly rows: number;
  readonly timeColumn: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly quality: Readonly<Record<string, number>>;
  readonly sources: number;
  readonly lastIngestedAt: string | null;
}

interface DataAnswer {
  readonly store: { readonly label: string };
  readonly schemaVersion: number;
  readonly tables: readonly TableInfo[];
}

interface SqlAnswer {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly Readonly<Record<string, string | number | boolean | null>>[];
  readonly truncated: boolean;
  readonly limit: number;
}

const EXAMPLE =
  "SELECT date, ticker, close, dollar_volume, source, quality\nFROM etf_daily\nWHERE ticker = 'IBIT'\nORDER BY date DESC\nLIMIT 20";

function downloadLinks(query: Readonly<Record<string, string>>): HTMLElement {
  const link = (format: string) =>
    el(
      'a',
      {
        href: `/api/download?${new URLSearchParams({ ...query, format })}`,
        download: '',
        'data-format': format,
      },
      format.toUpperCase(),
    );
  return el('span', { class: 'downloads' }, link('csv'), ' · ', link('parquet'));
}

function tablesView(data: DataAnswer): HTMLElement {
  const head = ['table', 'rows', 'from', 'to', 'quality', 'sources', 'last import', 'download'];
  const rows = data.tables.map((t) => {
    const mix = el(
      'span',
      {},
      ...Object.entries(t.quality)
        .filter(([, n]) => n > 0)
        .map(([q, n]) => badge(q, `${q} ${count(n)}`)),
    );
    return el(
      'tr',
      { 'data-table': t.table },
      el('td', {}, el('code', {}, t.table)),
      el('td', { class: 'num' }, count(t.rows)),
      el('td', {}, t.from ?? '—'),
      el('td', {}, t.to ?? '—'),
      el('td', {}, mix),
      el('td', { class: 'num' }, String(t.sources)),
      el('td', {}, t.lastIngestedAt ?? '—'),
      el('td', {}, t.rows > 0 ? downloadLinks({ table: t.table }) : '—'),
    );
  });
  return el(
    'div',
    { class: 'scroll' },
    el(
      'table',
      { id: 'tables' },
      el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))),
      el('tbody', {}, ...rows),
    ),
  );
}

async function runQuery(q: string, limit: string, out: HTMLElement): Promise<void> {
  setParams({ q, limit });
  out.replaceChildren(el('p', { class: 'muted' }, 'Running…'));
  try {
    const answer = await api<SqlAnswer>('/api/sql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ q, limit: Number(limit) }),
    });
    const names = answer.columns.map((c) => c.name);
    out.replaceChildren(
      el(
        'p',
        { class: 'muted', id: 'result-summary' },
        `${count(answer.rows.length)} row${answer.rows.length === 1 ? '' : 's'}`,
        answer.truncated ? ` (first ${count(answer.limit)}; more exist — download the whole result)` : '',
        ' · download ',
        downloadLinks({ q }),
        ' · ',
        el('a', { class: 'json', href: `/api/sql?${new URLSearchParams({ q, limit })}` }, 'JSON'),
      ),
      dataTable(
        names,
        answer.rows.map((r) => names.map((n) => r[n] ?? null)),
        'result',
      ),
    );
  } catch (error) {
    out.replaceChildren(errorBox(error, 'sql-error'));
  }
}

async function main(): Promise<void> {
  const p = params();
  const sql = el('textarea', {
    id: 'sql',
    spellcheck: 'false',
    'aria-label': 'SQL query',
  }) as HTMLTextAreaElement;
  sql.value = p.get('q') ?? EXAMPLE;
  const limit = el('input', {
    id: 'limit',
    type: 'number',
    min: '1',
    max: '10000',
    value: p.get('limit') ?? '1000',
  }) as HTMLInputElement;
  const run = el('button', { id: 'run', type: 'button' }, 'Run');
  const out = el('div', { id: 'sql-out' });
  run.addEventListener('click', () => void runQuery(sql.value, limit.value, out));
  sql.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void runQuery(sql.value, limit.value, out);
  });
  const tables = el('div', { id: 'tables-box' }, el('p', { class: 'muted' }, 'Reading the store…'));
  mount(
    el('h1', {}, 'Data'),
    el(
      'p',
      { class: 'muted' },
      'The store behind every number of the dashboard. ',
      el('a', { class: 'json', href: '/api/data' }, 'JSON'),
    ),
    tables,
    el('h2', {}, 'SQL (read-only)'),
    el(
      'p',
      { class: 'muted' },
      'One SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE or EXPLAIN, run in DuckDB’s sandbox: the store’s tables only, no files, no network, no writes. Ctrl-Enter runs it.',
    ),
    sql,
    el('div', { class: 'row' }, run, el('label', { for: 'limit' }, 'row limit'), limit),
    out,
  );
  try {
    tables.replaceChildren(tablesView(await api<DataAnswer>('/api/data')));
  } catch (error) {
    tables.replaceChildren(errorBox(error));
  }
  if (p.get('q') !== null) await runQuery(sql.value, limit.value, out);
}

void main();
