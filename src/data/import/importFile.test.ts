import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/testkit/captureIo.js';
import { openDb, sqlString } from '../../store/db.js';
import { readBars, readEtfDaily } from '../../store/readers.js';
import { withStore } from '../../store/store.js';
import { storeSnapshot } from '../../store/testkit/snapshot.js';
import { modelByName } from '../models/index.js';
import { sampleRows, toCsv } from '../models/testkit/sampleRows.js';

const dir = mkdtempSync(join(tmpdir(), 'crashscope-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = '2026-02-10T00:00:00Z';
const FACTS = modelByName('facts').columns.map((c) => c.name);
const ETF = modelByName('etf_daily').columns.map((c) => c.name);
const BARS = modelByName('bars').columns.map((c) => c.name);
const FLOWS = modelByName('etf_flows').columns.map((c) => c.name);

const etf = (date: string, over: Record<string, unknown> = {}) => ({
  ...sampleRows.etf_daily,
  date,
  ...over,
});
const goodEtf = [
  etf('2026-02-04', { flow_usd: null, flow_source: null }),
  etf('2026-02-05'),
  etf('2026-02-06', { close: 38.9 }),
];

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function csvLines(columns: readonly string[], rows: readonly Record<string, unknown>[]): string[] {
  return toCsv(columns, rows).trimEnd().split('\n');
}

async function importCli(file: string, model: string, db: string, ...extra: string[]) {
  return runCli(['import', file, '--model', model, '--db', db, ...extra], {}, dir);
}

describe('crashscope import: file names are literal (DuckDB would read them as glob patterns)', () => {
  it.each([
    ['a[1].csv', ['a1.csv']],
    ['star*.csv', ['star1.csv', 'star2.csv']],
    ['q?.csv', ['q1.csv']],
    ['b{1,2}.csv', ['b1.csv', 'b2.csv']],
  ])('%j imports that one file, not the files its pattern matches', async (name, decoys) => {
    const db = join(dir, `literal-${decoys[0]}.duckdb`);
    write(name, toCsv(ETF, [etf('2026-02-05', { close: 11 })]));
    for (const d of decoys) write(d, toCsv(ETF, [etf('2026-02-06', { close: 99 }), etf('2026-02-09')]));
    for (const fmt of ['', '--json']) {
      const r = await importCli(name, 'etf_daily', db, ...(fmt ? [fmt] : []));
      expect(r.code).toBe(0);
      if (fmt) expect(JSON.parse(r.stdout)).toMatchObject({ rows: 1, file: name });
    }
    const rows = await withStore(db, { readOnly: true }, (s) => readEtfDaily(s));
    expect(rows.map((r) => [r.date, r.close])).toEqual([['2026-02-05', 11]]);
  });

  it('a pattern naming no file is "no such file", though other files match it', async () => {
    write('only1.csv', toCsv(ETF, [etf('2026-02-05')]));
    const r = await importCli('only*.csv', 'etf_daily', join(dir, 'nomatch.duckdb'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('crashscope: only*.csv: no such file\n');
  });

  it('Parquet: a bracketed name reads that file', async () => {
    const db = join(dir, 'literal-pq.duckdb');
    const mk = async (name: string, close: number) => {
      const mem = await openDb(':memory:');
      try {
        write(`${name}.csv`, toCsv(ETF, [etf('2026-02-05', { close })]));
        await mem.run(
          `COPY (SELECT * FROM read_csv(${sqlString(join(dir, `${name}.csv`))}, all_varchar = true)) TO ${sqlString(join(dir, `${name}.parquet`))} (FORMAT parquet)`,
        );
      } finally {
        mem.close();
      }
    };
    await mk('pq1', 77);
    await mk('pqsrc', 12);
    const { renameSync } = await import('node:fs');
    renameSync(join(dir, 'pqsrc.parquet'), join(dir, 'pq[1].parquet'));
    expect((await importCli('pq[1].parquet', 'etf_daily', db)).code).toBe(0);
    const rows = await withStore(db, { readOnly: true }, (s) => readEtfDaily(s));
    expect(rows.map((r) => r.close)).toEqual([12]);
  });
});

describe('crashscope import: a control character in a text key is refused with file, line and column', () => {
  it.each([
    ['a quoted newline', '"BTC\nUSD"', "'BTC\\nUSD'"],
    ['a tab', '"BTC\tUSD"', "'BTC\\tUSD'"],
  ])('%s in a symbol', async (_what, cell, shown) => {
    const db = join(dir, 'ctl.duckdb');
    const good = csvLines(BARS, [sampleRows.bars]);
    const header = good[0]!;
    const row = good[1]!.replace(String(sampleRows.bars.symbol), cell);
    write(
      'ctl.csv',
      `${header}\n${good[1]!.replace(String(sampleRows.bars.ts), '2026-02-04T21:00:00Z')}\n${row}\n`,
    );
    const r = await importCli('ctl.csv', 'bars', db);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      `crashscope: ctl.csv line 3, column 'symbol': ${shown} is not valid: expected a non-empty text without surrounding spaces or control characters\n`,
    );
  });
});

describe('importFiles: a required SHA-256 is checked on the bytes parsed', () => {
  it('refuses a file whose bytes differ from the expected hash, and stores nothing', async () => {
    const text = toCsv(ETF, [etf('2026-02-05')]);
    const path = write('hashed[1].csv', text);
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(text).digest('hex');
    const { importFiles } = await import('./importFile.js');
    const db = await openDb(':memory:');
    const { migrate } = await import('../../store/store.js');
    await migrate(db);
    try {
      const spec = { path, file: 'hashed[1].csv', model: 'etf_daily' };
      const ok = await importFiles(db, [{ ...spec, expect: { sha256: sha } }], { ingestedAt: NOW });
      expect(ok[0]).toMatchObject({ rows: 1, inserted: 1 });
      await expect(
        importFiles(db, [{ ...spec, expect: { sha256: 'b'.repeat(64) } }], { ingestedAt: NOW }),
      ).rejects.toThrow(`hashed[1].csv: SHA-256 is ${sha}, the manifest says ${'b'.repeat(64)}`);
    } finally {
      db.close();
    }
  });
});

describe('crashscope import: a re-import that changes stored values', () => {
  it('is refused by default: exit 2, the first conflicting keys with old and new values, nothing written', async () => {
    const db = join(dir, 'conflict.duckdb');
    write('c1.csv', toCsv(ETF, goodEtf));
    expect((await importCli('c1.csv', 'etf_daily', db)).code).toBe(0);
    const before = await storeSnapshot(db);
    // The same rows with prices x100 (a cents/dollars mix-up), plus one new row.
    const x100 = goodEtf.map((r) => ({ ...r, close: r.close * 100 }));
    write('c2.csv', toCsv(ETF, [...x100, etf('2026-02-09')]));
    const r = await importCli('c2.csv', 'etf_daily', db);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      `crashscope: c2.csv: 3 rows of etf_daily would change stored values, first (date=2026-02-04, ticker=IBIT: close ${goodEtf[0]!.close} -> ${x100[0]!.close}); (date=2026-02-05, ticker=IBIT: close ${goodEtf[1]!.close} -> ${x100[1]!.close}); (date=2026-02-06, ticker=IBIT: close 38.9 -> ${x100[2]!.close}); nothing written (pass --overwrite to replace them)\n`,
    );
    expect(await storeSnapshot(db)).toEqual(before);
  });

  it('--overwrite replaces them and reports how many values changed and the largest relative change', async () => {
    const db = join(dir, 'overwrite.duckdb');
    write('o1.csv', toCsv(ETF, goodEtf));
    expect((await importCli('o1.csv', 'etf_daily', db)).code).toBe(0);
    // close x100 on two rows (relative change 99), nav +1% on one (0.01): 3 values changed.
    const next = [
      { ...goodEtf[0]!, close: goodEtf[0]!.close * 100 },
      { ...goodEtf[1]!, nav: goodEtf[1]!.nav * 1.01 },
      { ...goodEtf[2]!, close: goodEtf[2]!.close * 100 },
    ];
    write('o2.csv', toCsv(ETF, next));
    const r = await importCli('o2.csv', 'etf_daily', db, '--overwrite', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ inserted: 0, updated: 3, unchanged: 0, changedValues: 3 });
    expect(out.largestChange).toMatchObject({ column: 'close', old: goodEtf[0]!.close });
    expect(out.largestChange.relative).toBeCloseTo(99, 9);
    const text = await importCli('o1.csv', 'etf_daily', db, '--overwrite');
    // Back from x100: |35.2 − 3520| / 3520 = 0.99.
    expect(text.stdout).toMatch(
      /3 updated, 0 unchanged; 3 values changed, largest relative change 99% \(close 3520\.0*\d* -> 35\.2 at date=2026-02-04, ticker=IBIT\)\)/,
    );
    const rows = await withStore(db, { readOnly: true }, (s) => readEtfDaily(s));
    expect(rows.map(({ ingested_at, ...x }) => x)).toEqual(goodEtf);
  });
});

describe('crashscope import: good files', () => {
  it('imports a CSV exactly; re-importing it changes nothing; a changed row replaces only itself', async () => {
    const db = join(dir, 'good.duckdb');
    write('etf.csv', toCsv(ETF, goodEtf));
    const first = await importCli('etf.csv', 'etf_daily', db);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(
      /^imported etf\.csv into etf_daily: 3 rows \(3 new, 0 updated, 0 unchanged\) in /,
    );
    const rows = await withStore(db, { readOnly: true }, (s) => readEtfDaily(s));
    expect(rows.map(({ ingested_at, ...r }) => r)).toEqual(goodEtf);
    expect(rows.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(r.ingested_at))).toBe(true);

    const before = await storeSnapshot(db);
    const again = await importCli('etf.csv', 'etf_daily', db, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      rows: 3,
      inserted: 0,
      updated: 0,
      unchanged: 3,
      format: 'csv',
    });
    expect(await storeSnapshot(db)).toEqual(before);

    write('etf2.csv', toCsv(ETF, [goodEtf[0]!, { ...goodEtf[1]!, nav: 35.3 }]));
    // A changed value is a conflict: refused by default (exit 2, nothing written), replaced with --overwrite.
    const refused = await importCli('etf2.csv', 'etf_daily', db);
    expect(refused.code).toBe(2);
    expect(await storeSnapshot(db)).toEqual(before);
    const changed = await importCli('etf2.csv', 'etf_daily', db, '--overwrite');
    expect(changed.stdout).toContain('2 rows (0 new, 1 updated, 1 unchanged; 1 value changed');
    const after = await storeSnapshot(db);
    expect(after.etf_daily!.filter((r) => r.date !== '2026-02-05')).toEqual(
      before.etf_daily!.filter((r) => r.date !== '2026-02-05'),
    );
    expect(after.etf_daily!.find((r) => r.date === '2026-02-05')).toMatchObject({ nav: 35.3 });
  });

  it('fills source and quality from the flags, or the file name and observed, where the file has none', async () => {
    const db = join(dir, 'prov.duckdb');
    const noProv = ETF.filter((c) => c !== 'source' && c !== 'quality');
    write('noprov.csv', toCsv(noProv, [goodEtf[0]!]));
    expect((await importCli('noprov.csv', 'etf_daily', db)).code).toBe(0);
    write(
      'flags.csv',
      `${toCsv(
        [...noProv, 'quality'],
        [
          { ...goodEtf[1]!, quality: null },
          { ...goodEtf[2]!, quality: 'observed' },
        ],
      )}`,
    );
    expect(
      (
        await importCli(
          'flags.csv',
          'etf_daily',
          db,
          '--source',
          'manual entry',
          '--quality',
          'reconstructed',
        )
      ).code,
    ).toBe(0);
    const rows = await withStore(db, { readOnly: true }, (s) => readEtfDaily(s));
    expect(rows.map((r) => [r.date, r.source, r.quality])).toEqual([
      ['2026-02-04', 'noprov.csv', 'observed'],
      ['2026-02-05', 'manual entry', 'reconstructed'],
      ['2026-02-06', 'manual entry', 'observed'],
    ]);
  });

  it('imports JSON arrays and JSON lines to the same rows as CSV', async () => {
    const db = join(dir, 'json.duckdb');
    write('etf.json', JSON.stringify(goodEtf.slice(0, 2), null, 2));
    write('etf.jsonl', `${JSON.stringify(goodEtf[2])}\n\n`);
    expect((await importCli('etf.json', 'etf_daily', db)).code).toBe(0);
    expect((await importCli('etf.jsonl', 'etf_daily', db)).code).toBe(0);
    const rows = await withStore(db, { readOnly: true }, (s) => readEtfDaily(s));
    expect(rows.map(({ ingested_at, ...r }) => r)).toEqual(goodEtf);
  });

  it('imports Parquet with native DATE, DOUBLE and TIMESTAMPTZ columns', async () => {
    const db = join(dir, 'parquet.duckdb');
    const raw = await openDb(':memory:');
    try {
      await raw.run(
        `COPY (SELECT TIMESTAMPTZ '2026-02-05 21:00:00+00' AS ts, 'reference' AS venue, 'BTC-USD' AS symbol, '1d' AS "interval",
          73172.0 AS "open", 73500.0 AS high, 60074.0 AS low, 62854.0 AS "close", NULL::DOUBLE AS volume,
          'https://example.com/source' AS source, 'published' AS quality) TO ${sqlString(join(dir, 'bars.parquet'))} (FORMAT parquet)`,
      );
    } finally {
      raw.close();
    }
    expect((await importCli('bars.parquet', 'bars', db)).code).toBe(0);
    const rows = await withStore(db, { readOnly: true }, (s) => readBars(s));
    expect(rows.map(({ ingested_at, ...r }) => r)).toEqual([sampleRows.bars]);
  });

  it('prints plain progress lines with --progress when stderr is not a terminal', async () => {
    const r = await importCli('etf.csv', 'etf_daily', join(dir, 'progress.duckdb'), '--progress');
    expect(r.stderr).toBe('import etf.csv: read\nimport etf.csv: check\nimport etf.csv: write\n');
  });
});

const header = ETF.join(',');
const [h, r1, r2, r3] = csvLines(ETF, goodEtf);
const replaceCell = (line: string, column: string, value: string) => {
  const cells = line.split(',');
  cells[ETF.indexOf(column)] = value;
  return cells.join(',');
};

/** name, file name, file text, model, expected fragments of the one-line error. */
const badCases: readonly [string, string, string, string, readonly string[]][] = [
  [
    'missing header column',
    'nonav.csv',
    `${header.replace(',nav', '')}\n`,
    'etf_daily',
    ["nonav.csv line 1: missing column 'nav'"],
  ],
  [
    'unknown header column',
    'navv.csv',
    `${header},navv\n${r1},1\n`,
    'etf_daily',
    ["navv.csv line 1: unknown column 'navv' for model etf_daily"],
  ],
  [
    'repeated header column',
    'twice.csv',
    `${header},close\n`,
    'etf_daily',
    ["twice.csv line 1: column 'close' appears twice"],
  ],
  [
    'ingested_at column',
    'stamp.csv',
    `${header},ingested_at\n`,
    'etf_daily',
    ["'ingested_at' is stamped by the store"],
  ],
  [
    'unparseable number',
    'abc.csv',
    [h, r1, replaceCell(r2!, 'close', 'abc'), r3].join('\n'),
    'etf_daily',
    ["abc.csv line 3, column 'close': 'abc' is not valid: expected a number > 0 (USD/share)"],
  ],
  [
    'negative price, counted among bad rows',
    'neg.csv',
    [
      h,
      r1,
      r2,
      replaceCell(r3!, 'close', '-38.9'),
      replaceCell(r1!.replace('2026-02-04', '2026-02-07'), 'nav', '0'),
    ].join('\n'),
    'etf_daily',
    [
      "neg.csv line 4, column 'close': '-38.9' is not valid: expected a number > 0 (USD/share) (first of 2 bad rows)",
    ],
  ],
  [
    'impossible date',
    'date.csv',
    [h, replaceCell(r1!, 'date', '2026-02-30')].join('\n'),
    'etf_daily',
    ["date.csv line 2, column 'date': '2026-02-30' is not valid: expected an ISO date YYYY-MM-DD"],
  ],
  [
    'empty required cell',
    'empty.csv',
    [h, replaceCell(r1!, 'nav', '')].join('\n'),
    'etf_daily',
    ["empty.csv line 2, column 'nav': (empty) is not valid"],
  ],
  [
    'bad quality cell',
    'qual.csv',
    [h, replaceCell(r1!, 'quality', 'guessed')].join('\n'),
    'etf_daily',
    [
      "qual.csv line 2, column 'quality': 'guessed' is not valid: expected one of 'observed', 'published', 'reconstructed'",
    ],
  ],
  [
    'duplicate key within the file',
    'dup.csv',
    [h, r2, r3, replaceCell(r2!, 'close', '35.3')].join('\n'),
    'etf_daily',
    ['dup.csv line 4: duplicate key (date=2026-02-05, ticker=IBIT), already on line 2'],
  ],
  [
    'too few fields',
    'short.csv',
    [h, r1, r2!.slice(0, r2!.lastIndexOf(',')), r3].join('\n'),
    'etf_daily',
    ['short.csv line 3:', 'Columns'],
  ],
  [
    'unterminated quote',
    'quote.csv',
    [h, r1, r2!.replace('IBIT', '"IBIT')].join('\n'),
    'etf_daily',
    ['quote.csv line 3', 'unterminated quote'],
  ],
  [
    // A quoted line break is allowed only in free text (facts.note); labels refuse it (see the control
    // character tests), so the line counting is checked on a facts file.
    'line numbers count quoted line breaks and skip blank lines',
    'lines.csv',
    [
      ...csvLines(FACTS, [{ ...sampleRows.facts, note: 'one\ntwo' }]),
      '',
      ...csvLines(FACTS, [{ ...sampleRows.facts, date: '2026-02-06', unit: ' USD' }]).slice(1),
    ].join('\n'),
    'facts',
    [
      "lines.csv line 5, column 'unit': ' USD' is not valid: expected a non-empty text without surrounding spaces or control characters",
    ],
  ],
  [
    'bad enum',
    'flows.csv',
    toCsv(FLOWS, [{ ...sampleRows.etf_flows, method: 'average' }]),
    'etf_flows',
    [
      "flows.csv line 2, column 'method': 'average' is not valid: expected one of 'shares_outstanding_t', 'shares_outstanding_t1', 'reported'",
    ],
  ],
  [
    'instant without a zone',
    'naive.csv',
    toCsv(BARS, [{ ...sampleRows.bars, ts: '2026-02-05 16:00:00' }]),
    'bars',
    [
      "naive.csv line 2, column 'ts': '2026-02-05 16:00:00' is not valid: expected an ISO instant with a zone",
    ],
  ],
  [
    'row check across columns',
    'hilo.csv',
    toCsv(BARS, [{ ...sampleRows.bars, high: 60_000 }]),
    'bars',
    [
      "hilo.csv line 2, column 'low': low='60074', high='60000', open='73172', close='62854': expected low <= open, close <= high",
    ],
  ],
  ['empty file', 'void.csv', '', 'etf_daily', ['void.csv: the file is empty']],
  [
    'JSON: string where a number belongs',
    'str.json',
    `[\n${JSON.stringify(goodEtf[0])},\n${JSON.stringify({ ...goodEtf[1], close: '35.2' })}\n]`,
    'etf_daily',
    ["str.json element 2 (line 3), field 'close': '35.2' is not valid: expected a number > 0 (USD/share)"],
  ],
  [
    'JSON lines: unknown field after a blank line',
    'extra.jsonl',
    `${JSON.stringify(goodEtf[0])}\n\n${JSON.stringify({ ...goodEtf[1], extra: 1 })}\n`,
    'etf_daily',
    ["extra.jsonl line 3: unknown field 'extra' for model etf_daily"],
  ],
  [
    'JSON lines: missing field',
    'missing.jsonl',
    `${JSON.stringify({ ...goodEtf[0], nav: undefined })}\n`,
    'etf_daily',
    ["missing.jsonl line 1, field 'nav': missing: expected a number > 0 (USD/share)"],
  ],
  [
    'JSON syntax',
    'syntax.json',
    '[\n  {"date": "2026-02-05",}\n]',
    'etf_daily',
    ['syntax.json line 2, column', 'not valid JSON'],
  ],
  [
    'JSON: not an object',
    'scalar.json',
    '[1]',
    'etf_daily',
    ['scalar.json element 1 (line 1): 1 is not an object'],
  ],
  [
    'JSON lines: duplicate key',
    'dup.jsonl',
    `${JSON.stringify(goodEtf[1])}\n${JSON.stringify(goodEtf[0])}\n${JSON.stringify(goodEtf[1])}\n`,
    'etf_daily',
    ['dup.jsonl line 3: duplicate key (date=2026-02-05, ticker=IBIT), already on line 1'],
  ],
  [
    'Parquet: not a Parquet file',
    'fake.parquet',
    'date,ticker\n',
    'etf_daily',
    ['fake.parquet: cannot read Parquet'],
  ],
];

describe('crashscope import: bad input exits 2 with one clear line and leaves the store untouched', () => {
  const db = join(dir, 'bad.duckdb');
  let before: Awaited<ReturnType<typeof storeSnapshot>>;
  beforeAll(async () => {
    write('seed.csv', toCsv(ETF, goodEtf));
    write('seedbars.csv', toCsv(BARS, [sampleRows.bars]));
    expect((await importCli('seed.csv', 'etf_daily', db)).code).toBe(0);
    expect((await importCli('seedbars.csv', 'bars', db)).code).toBe(0);
    before = await storeSnapshot(db);
  });

  it.each(badCases)('%s', async (_name, file, text, model, fragments) => {
    write(file, text);
    const r = await importCli(file, model, db);
    expect({ code: r.code, stdout: r.stdout, lines: r.stderr.trimEnd().split('\n').length }).toEqual({
      code: 2,
      stdout: '',
      lines: 1,
    });
    expect(r.stderr.startsWith('crashscope: ')).toBe(true);
    for (const f of fragments) expect(r.stderr).toContain(f);
    expect(await storeSnapshot(db)).toEqual(before);
  });

  it('Parquet: the header is checked, a bad row names the data row, a naive TIMESTAMP gets a hint', async () => {
    const raw = await openDb(':memory:');
    try {
      await raw.run(
        `COPY (SELECT * FROM (VALUES (DATE '2026-02-05', 35.2), (DATE '2026-02-06', -1.0)) t(date, "close")) TO ${sqlString(join(dir, 'neg.parquet'))} (FORMAT parquet)`,
      );
      await raw.run(
        `COPY (SELECT TIMESTAMP '2026-02-05 21:00:00' AS ts, 'binance' AS venue, 'BTCUSDT' AS symbol, '1m' AS "interval", 1.0 AS "open", 1.0 AS high, 1.0 AS low, 1.0 AS "close")
         TO ${sqlString(join(dir, 'naive.parquet'))} (FORMAT parquet)`,
      );
    } finally {
      raw.close();
    }
    const neg = await runCli(['import', 'neg.parquet', '--model', 'stress_series', '--db', db], {}, dir);
    expect(neg.stderr).toContain("neg.parquet columns: unknown column 'close' for model stress_series");
    const cols = ETF.filter((c) => !['close', 'source', 'quality', 'flow_usd', 'flow_source'].includes(c));
    const raw2 = await openDb(':memory:');
    try {
      await raw2.run(
        `COPY (SELECT t.*, ${cols
          .filter((c) => c !== 'date')
          .map((c) => `${c === 'ticker' ? "'IBIT'" : '1.0'} AS ${c}`)
          .join(', ')}
         FROM (VALUES (DATE '2026-02-05', 35.2), (DATE '2026-02-06', -1.0)) t(date, "close")) TO ${sqlString(join(dir, 'etfneg.parquet'))} (FORMAT parquet)`,
      );
    } finally {
      raw2.close();
    }
    const etfNeg = await importCli('etfneg.parquet', 'etf_daily', db);
    expect(etfNeg.code).toBe(2);
    expect(etfNeg.stderr).toContain(
      "etfneg.parquet row 2, column 'close': '-1.0' is not valid: expected a number > 0 (USD/share)",
    );
    const naive = await importCli('naive.parquet', 'bars', db);
    expect(naive.code).toBe(2);
    expect(naive.stderr).toContain("naive.parquet row 1, column 'ts': '2026-02-05 21:00:00' is not valid");
    expect(naive.stderr).toContain('TIMESTAMP without a time zone');
    expect(await storeSnapshot(db)).toEqual(before);
  });

  it.each([
    [
      ['import', 'seed.csv', '--model', 'etf_dayly'],
      "unknown model 'etf_dayly' (models: etf_daily, etf_flows",
    ],
    [['import', 'seed.xlsx', '--model', 'etf_daily'], "seed.xlsx: unknown file type '.xlsx'"],
    [['import', 'absent.csv', '--model', 'etf_daily'], 'absent.csv: no such file'],
    [
      ['import', 'seed.csv', '--model', 'etf_daily', '--quality', 'good'],
      "--quality: 'good' is not one of observed, published, reconstructed",
    ],
  ])('%j', async (argv, fragment) => {
    const r = await runCli([...argv, '--db', db], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(fragment);
    expect(await storeSnapshot(db)).toEqual(before);
  });
});
