import { describe, expect, it } from 'vitest';
import { modelByName } from '../../data/models/index.js';
import { providers } from '../../data/providers/registry.js';
import { runCli } from '../testkit/captureIo.js';

describe('crashscope providers', () => {
  it('lists providers, datasets and the columns each fills, as JSON', async () => {
    const r = await runCli(['providers', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as {
      name: string;
      baseUrl: string;
      datasets: {
        name: string;
        model: string;
        fills: string[];
        source: string;
        flags: Record<string, string>;
      }[];
    }[];
    expect(list.map((p) => p.name)).toEqual(providers.map((p) => p.name));
    expect(list.map((p) => p.name)).toEqual(expect.arrayContaining(['coinbase', 'yahoo']));
    expect(list[0]).toMatchObject({
      name: 'coinbase',
      baseUrl: 'https://api.exchange.coinbase.com',
      rateLimit: { perSecond: 5, burst: 5 },
      datasets: [{ name: 'bars', model: 'bars', source: 'coinbase:/products/{product_id}/candles' }],
    });
    expect(Object.keys(list[1]!.datasets[0]!.flags)).toEqual(['symbol', 'interval', 'from', 'to']);
    for (const p of list) {
      for (const d of p.datasets) {
        const columns = modelByName(d.model as 'bars').columns.map((c) => c.name);
        for (const f of d.fills) expect(columns).toContain(f);
      }
    }
  });

  it('prints a readable list', async () => {
    const r = await runCli(['providers']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('coinbase — Coinbase Exchange');
    expect(r.stdout).toContain('    fills bars: ts, venue, symbol, interval, open, high, low, close, volume');
    expect(r.stdout).toContain('    --symbol    Yahoo symbol, e.g. IBIT, QQQ, ^GSPC (required)');
  });
});
