import { describe, expect, it } from 'vitest';
import type { BarrierCluster } from '../../forensics/sections/barriers.js';
import { renderSvg } from '../render.js';
import { chartContract } from '../testkit/chartContract.js';
import { barrierMap } from './barrierMap.js';

function cluster(
  btc: number,
  share: number | null,
  underlyings: string[],
  notional: number,
  lump: number,
): BarrierCluster {
  return {
    btcLevel: btc,
    btcLo: btc * 0.99,
    btcHi: btc * 1.01,
    shareLevel: share,
    underlyings,
    count: 3,
    notionalUsd: notional,
    noteIds: ['a', 'b', 'c'],
    lumpShares: lump / share!,
    lumpUsd: lump,
    lumpBtc: lump / btc,
  };
}
const clusters = [
  cluster(76760, 43.6, ['IBIT'], 120e6, -2.3e6),
  cluster(67960, 38.6, ['IBIT'], 50e6, -0.9e6),
  cluster(61000, 35, ['IBIT', 'MSTR'], 20e6, -0.4e6),
];
const meta = { sourceNote: 'Sources: 424B2 filings (reconstructed)', reconstructed: true };

chartContract('barrierMap', () => barrierMap({ clusters, spot: 70100 }, meta));
chartContract('barrierMap (observed)', () =>
  barrierMap({ clusters: clusters.slice(0, 1), spot: 70100 }, { ...meta, reconstructed: false }),
);

describe('barrierMap', () => {
  const spec = barrierMap({ clusters, spot: 70100 }, meta).spec as {
    vconcat: { data: { values: Record<string, unknown>[] } }[];
  };

  it('puts notional and knock-in trade (USD M) at each cluster level, labelled with the ETF level', () => {
    expect(
      spec.vconcat[0].data.values.map((r) => [r.btc, r.notionalM, r.lumpM, r.label, r.lumpLabel]),
    ).toEqual([
      [76760, 120, -2.3, 'IBIT $43.60', '-$2.3M'],
      [67960, 50, -0.9, 'IBIT $38.60', '-$900k'],
      [61000, 20, -0.4, '3 notes', '-$400k'],
    ]);
  });

  it('renders the labels and the spot marker', async () => {
    const svg = await renderSvg(spec);
    for (const t of ['IBIT $43.60', 'IBIT $38.60', '3 notes', '-$2.3M', 'spot $70.1k'])
      expect(svg).toContain(t);
  });
});
