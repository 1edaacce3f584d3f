import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/testkit/captureIo.js';
import { storeCounts, storeSnapshot } from '../store/testkit/snapshot.js';
import { sha256File } from './eventPack.js';
import { modelByName } from './models/index.js';
import { sampleRows, toCsv } from './models/testkit/sampleRows.js';

const root = mkdtempSync(join(tmpdir(), 'crashscope-pack-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface PackFile {
  readonly path: string;
  readonly model: string;
  readonly text: string;
  readonly rows: number;
  readonly quality: readonly string[];
  readonly sha256?: string;
  readonly columns?: readonly { name: string; unit: string | null }[];
}

let packs = 0;
function makePack(
  files: readonly PackFile[],
  mutate: (m: Record<string, unknown>) => void = () => undefined,
): string {
  const dir = join(root, `pack${packs++}`);
  mkdirSync(dir);
  for (const f of files) writeFileSync(join(dir, f.path), f.text);
  const manifest: Record<string, unknown> = {
    schema: 1,
    event: '2026-02-05',
    generator: 'scripts/eventPack/generate.ts',
    seed: 42,
    files: files.map((f) => ({
      path: f.path,
      model: f.model,
      rows: f.rows,
      sha256: f.sha256 ?? createHash('sha256').update(f.text).digest('hex'),
      columns:
        f.columns ?? modelByName(f.model as 'bars').columns.map((c) => ({ name: c.name, unit: c.unit })),
      quality: f.quality,
      sources: ['https://example.com/source'],
      method: 'test fixture',
    })),
  };
  mutate(manifest);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

const cols = (m: 'bars' | 'etf_daily') => modelByName(m).columns.map((c) => c.name);
const bar = (ts: string, over: Record<string, unknown> = {}) => ({ ...sampleRows.bars, ts, ...over });
const etfText = toCsv(cols('etf_daily'), [
  sampleRows.etf_daily,
  { ...sampleRows.etf_daily, date: '2026-02-06' },
]);
const bars1 = toCsv(cols('bars'), [bar('2026-02-04T21:00:00Z'), bar('2026-02-05T21:00:00Z')]);
const bars2 = toCsv(cols('bars'), [bar('2026-02-06T21:00:00Z', { quality: 'reconstructed' })]);
const good: readonly PackFile[] = [
  { path: 'etf_daily.csv', model: 'etf_daily', text: etfText, rows: 2, quality: ['published'] },
  { path: 'bars.1.csv', model: 'bars', text: bars1, rows: 2, quality: ['published'] },
  { path: 'bars.2.csv', model: 'bars', text: bars2, rows: 1, quality: ['published', 'reconstructed'] },
];

const load = (dir: string, db: string, ...extra: string[]) =>
  runCli(['pack', 'load', dir, '--db', db, ...extra], {}, root);
const EMPTY = { etf_daily: 0, bars: 0 };

describe('crashscope pack load', () => {
  it('loads every file with its model; loading again changes nothing', async () => {
    const dir = makePack(good);
    const db = join(root, 'good.duckdb');
    const r = await load(dir, db);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^etf_daily +2 rows +\(2 new, 0 updated, 0 unchanged\)/);
    expect(r.stdout).toContain('loaded pack 2026-02-05 (3 files)');
    expect(await storeCounts(db)).toMatchObject({ etf_daily: 2, bars: 3 });
    const before = await storeSnapshot(db);
    const again = await load(dir, db, '--json');
    const out = JSON.parse(again.stdout);
    expect(out.files.map((f: { unchanged: number }) => f.unchanged)).toEqual([2, 2, 1]);
    expect(out.unitNotes).toEqual([]);
    expect(await storeSnapshot(db)).toEqual(before);
  });

  it('reads a bracketed file name as that file, and checks the hash of the bytes it parses', async () => {
    const decoy = toCsv(cols('bars'), [bar('2026-01-01T21:00:00Z'), bar('2026-01-02T21:00:00Z')]);
    const dir = makePack([{ ...good[1]!, path: 'b[1].csv' }]);
    writeFileSync(join(dir, 'b1.csv'), decoy);
    const db = join(root, 'bracket.duckdb');
    expect(await load(dir, db)).toMatchObject({ code: 0, stderr: '' });
    const rows = (await storeSnapshot(db)).bars!.map((r) => r.ts);
    expect(rows).toEqual(['2026-02-04T21:00:00Z', '2026-02-05T21:00:00Z']);
  });

  it('refuses a pack that changes stored values unless --overwrite', async () => {
    const db = join(root, 'pack-conflict.duckdb');
    expect((await load(makePack(good), db)).code).toBe(0);
    const before = await storeSnapshot(db);
    const changed = toCsv(cols('bars'), [
      bar('2026-02-04T21:00:00Z', { volume: 1 }),
      bar('2026-02-05T21:00:00Z'),
    ]);
    const dir = makePack([good[0]!, { ...good[1]!, text: changed }, good[2]!]);
    const r = await load(dir, db);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /bars\.1\.csv: 1 row of bars would change stored values, first \(ts=2026-02-04T21:00:00Z, .*volume null -> 1\); nothing written \(pass --overwrite/,
    );
    expect(await storeSnapshot(db)).toEqual(before);
    const o = await load(dir, db, '--overwrite');
    expect(o.code).toBe(0);
    expect(o.stdout).toMatch(/1 updated, 1 unchanged; 1 value changed\)/);
  });

  it('notes (and still loads) a manifest unit worded differently from the model unit', async () => {
    const dir = makePack(good, (m) => {
      const files = m.files as { columns: { name: string; unit: string | null }[] }[];
      files[1]!.columns = [{ name: 'close', unit: 'USD per BTC' }];
    });
    const r = await load(dir, join(root, 'units.duckdb'), '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout).unitNotes).toEqual([
      "bars.1.csv: column 'close' has unit 'USD per BTC' in the manifest, 'quote currency' in model bars",
    ]);
  });

  const bad: readonly [string, () => string, string][] = [
    [
      'a changed file (SHA-256)',
      () => makePack([good[0]!, { ...good[1]!, sha256: 'a'.repeat(64) }]),
      'bars.1.csv: SHA-256 is',
    ],
    [
      'a wrong row count',
      () => makePack([good[0]!, { ...good[1]!, rows: 3 }]),
      'bars.1.csv: 2 rows, but 3 were expected',
    ],
    [
      'a quality the manifest does not list',
      () => makePack([good[0]!, good[1]!, { ...good[2]!, quality: ['published'] }]),
      "bars.2.csv: rows of quality 'reconstructed', but only 'published' were expected",
    ],
    [
      'a bad row in the last file',
      () =>
        makePack([
          good[0]!,
          good[1]!,
          {
            ...good[2]!,
            text: toCsv(cols('bars'), [bar('2026-02-06T21:00:00Z', { close: -1, quality: 'reconstructed' })]),
          },
        ]),
      "bars.2.csv line 2, column 'close': '-1' is not valid",
    ],
    [
      'a key repeated across parts',
      () =>
        makePack([
          good[0]!,
          good[1]!,
          {
            ...good[2]!,
            text: toCsv(cols('bars'), [bar('2026-02-05T21:00:00Z', { quality: 'reconstructed' })]),
          },
        ]),
      'bars.2.csv line 2: duplicate key, already in',
    ],
    [
      'a file without provenance columns',
      () => {
        const noProv = cols('bars').filter((c) => c !== 'source' && c !== 'quality');
        return makePack([
          { ...good[1]!, text: toCsv(noProv, [bar('2026-02-04T21:00:00Z'), bar('2026-02-05T21:00:00Z')]) },
        ]);
      },
      "bars.1.csv line 1: missing column 'source'",
    ],
    [
      'a manifest field missing',
      () => makePack(good, (m) => delete (m.files as Record<string, unknown>[])[0]!.sha256),
      "field 'files[0].sha256'",
    ],
    [
      'an unknown model',
      () => makePack(good, (m) => ((m.files as Record<string, unknown>[])[0]!.model = 'etf')),
      "files[0].model: unknown model 'etf'",
    ],
    [
      'a path outside the pack',
      () => makePack(good, (m) => ((m.files as Record<string, unknown>[])[0]!.path = '../x.csv')),
      "'../x.csv' must be a path inside the pack directory",
    ],
    [
      'an unknown manifest column',
      () =>
        makePack(
          good,
          (m) => ((m.files as Record<string, unknown>[])[0]!.columns = [{ name: 'closee', unit: null }]),
        ),
      "'closee' is not a column of etf_daily",
    ],
    [
      'a missing manifest',
      () => {
        const d = makePack(good);
        rmSync(join(d, 'manifest.json'));
        return d;
      },
      'cannot read the pack manifest',
    ],
  ];

  it.each(bad)('refuses %s with exit 2 and stores nothing', async (_name, build, fragment) => {
    const db = join(root, `bad${packs}.duckdb`);
    const r = await load(build(), db);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
    expect(r.stderr).toContain(fragment);
    expect(await storeCounts(db)).toMatchObject(EMPTY);
  });

  it('hashes files as sha256sum does', async () => {
    const path = join(root, 'empty.txt');
    writeFileSync(path, '');
    expect(await sha256File(path)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
