import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimPool } from '../app/simPool.js';
import { simulate } from '../app/simulate.js';
import { InvalidInputError } from '../errors.js';
import { constantKappaBook, exogenousBook, liquidationCohortBook } from '../sim/testkit/books.js';
import { writeSimulation } from './writeSimulation.js';

const SPOT = 70_000;
const root = mkdtempSync(join(tmpdir(), 'crashscope-sim-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function doc() {
  const pool = new SimPool(1);
  const { doc } = await simulate(
    {
      market: {
        asOf: '2026-02-05T14:30:00Z',
        spot: { usd: SPOT, quality: 'observed', source: 'x' },
        dvol: null,
        depth: null,
      },
      books: [
        constantKappaBook(SPOT, 0.2, 145e6),
        liquidationCohortBook(SPOT, 68_500, 300e6),
        exogenousBook(SPOT, 200e6),
      ],
      assumptions: {},
      options: { shocks: ['sell:500m:30'], paths: 50, attributionPaths: 20, horizonHours: 2, noiseVol: 0.6 },
    },
    pool,
    () => {},
  );
  return doc;
}

describe('writeSimulation', () => {
  it('writes simulation.json, a self-contained simulation.html and the chart specs', async () => {
    const d = await doc();
    const dir = join(root, 'out');
    const files = await writeSimulation(dir, d, 'crashscope test');
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'charts/sim-attribution.vl.json',
      'charts/sim-fan.vl.json',
      'charts/sim-flows.vl.json',
      'simulation.html',
      'simulation.json',
    ]);
    const json = JSON.parse(readFileSync(join(dir, 'simulation.json'), 'utf8'));
    expect(json.schema).toBe('crashscope.simulation/1');
    expect(json.quantiles.p50).toHaveLength(d.minutes.length);
    const html = readFileSync(join(dir, 'simulation.html'), 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(html).toMatch(/RECONSTRUCTED DATA/); // default depth is an assumption
    expect(html).toMatch(/Attribution/);
    expect(html).toMatch(/amberdata/);
    expect(html).not.toMatch(/Scorecard/);
    // a second run replaces it
    await writeSimulation(dir, d, 'crashscope test');
  });

  it('refuses a directory holding other files, leaving it untouched', async () => {
    const d = await doc();
    const dir = join(root, 'foreign');
    await writeSimulation(dir, d, 'x');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await expect(writeSimulation(dir, d, 'x')).rejects.toThrow(InvalidInputError);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });
});
