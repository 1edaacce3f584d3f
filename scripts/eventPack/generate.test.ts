import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePack, type Manifest } from './generate.js';
import { PACK_DIR, readManifest } from './readPack.js';

const REPO_ROOT = join(PACK_DIR, '..', '..', '..');

describe('the committed event pack is exactly what the generator writes', () => {
  let dir = '';
  let manifest: Manifest;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crashscope-pack-'));
    manifest = await generatePack({ outDir: dir, factsPath: join(PACK_DIR, 'published-facts.json') });
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('regenerates every file byte for byte', async () => {
    const names = [...manifest.files.map((f) => f.path), 'manifest.json', 'hypotheses.json'];
    for (const name of names) {
      const fresh = await readFile(join(dir, name));
      const committed = await readFile(join(PACK_DIR, name));
      expect(fresh.equals(committed), `${name} differs from the committed file; rerun the generator`).toBe(
        true,
      );
    }
  });

  it('commits nothing the manifest does not describe', async () => {
    const listed = new Set([
      ...readManifest().files.map((f) => f.path),
      'manifest.json',
      ...readManifest().inputs.map((i) => i.path),
    ]);
    for (const name of await readdir(PACK_DIR)) expect(listed.has(name), name).toBe(true);
  });

  it('states the right row counts and SHA-256 of each file', async () => {
    for (const f of readManifest().files) {
      const text = await readFile(join(PACK_DIR, f.path));
      expect(createHash('sha256').update(text).digest('hex'), f.path).toBe(f.sha256);
      expect(text.toString('utf8').split('\n').length - 2, f.path).toBe(f.rows);
      expect(text.includes('\r'), `${f.path} has CR characters`).toBe(false);
    }
    const inputs = readManifest().inputs;
    expect(inputs.map((i) => i.path)).toEqual(['published-facts.json', 'hypotheses.json']);
    for (const input of inputs) {
      const bytes = await readFile(join(PACK_DIR, input.path));
      expect(createHash('sha256').update(bytes).digest('hex'), input.path).toBe(input.sha256);
    }
  });

  it('lists every observed source with its publisher, repository, commit and SHA-256', async () => {
    const observed = readManifest().observed_sources;
    expect(observed.map((o) => o.path.split('/').at(-1)).sort()).toEqual([
      'btc_spot_etf_flows_daily.csv',
      'btc_usdt_binance_1h.csv',
      'cross_asset_daily_yahoo.csv',
      'deribit_btc_dvol_1h.csv',
      'ibit_close_daily_yahoo.csv',
      'ibit_daily_tradingview.csv',
    ]);
    for (const o of observed) {
      const bytes = await readFile(join(REPO_ROOT, o.path));
      expect(createHash('sha256').update(bytes).digest('hex'), o.path).toBe(o.sha256);
      expect(o.publisher.length, o.path).toBeGreaterThan(0);
      expect(o.repository, o.path).toMatch(/^[\w.-]+\/[\w.-]+$/);
      expect(o.commit, o.path).toMatch(/^[0-9a-f]{40}$/);
      expect(bytes.toString('utf8').trimEnd().split('\n').length - 1, o.path).toBe(o.rows);
    }
    const publishers = observed.map((o) => o.publisher).join(' | ');
    for (const p of ['Binance', 'Yahoo', 'Deribit', 'Farside', 'TradingView'])
      expect(publishers).toContain(p);
  });

  it('names the observed publishers among the sources of the files that hold their data', () => {
    const files = new Map(readManifest().files.map((f) => [f.path, f]));
    expect(files.get('bars.1h.csv')!.sources).toEqual(['binance']);
    expect(files.get('dvol.1h.csv')!.sources).toEqual(['deribit']);
    expect(files.get('etf_flows.csv')!.sources).toContain('farside');
    expect(files.get('bars.csv')!.sources).toEqual(
      expect.arrayContaining(['binance', 'tradingview', 'yahoo']),
    );
    expect(files.get('bars.1h.csv')!.quality).toEqual(['observed']);
  });
});
