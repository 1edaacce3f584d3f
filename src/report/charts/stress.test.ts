import { describe, expect, it } from 'vitest';
import { stressTail } from '../../analytics/stress.js';
import { renderSvg } from '../render.js';
import { chartContract } from '../testkit/chartContract.js';
import { stress } from './stress.js';

const series = [
  { date: '2026-01-30', value: 0.4 },
  { date: '2026-02-02', value: -1.2 },
  { date: '2026-02-03', value: null },
  { date: '2026-02-04', value: 3.5 },
  { date: '2026-02-05', value: 1.1 },
];
const meta = { sourceNote: 'Source: prime-broker note (published)', reconstructed: true };
const build = () =>
  stress({ name: 'PB stress z', series, eventDate: '2026-02-04', tail: stressTail(3.5) }, meta);

chartContract('stress', build);
chartContract('stress (observed)', () =>
  stress(
    { name: 'PB stress z', series, eventDate: '2026-02-04', tail: stressTail(3.5), from: '2026-02-02' },
    {
      ...meta,
      reconstructed: false,
    },
  ),
);

describe('stress', () => {
  it('states the z and the two-sided tails: 2Φ(−3.5) = 0.0465 % (Abramowitz & Stegun table 26.1)', async () => {
    const svg = await renderSvg(build().spec);
    expect(svg).toContain('2026-02-04: z = 3.5');
    expect(svg).toContain('two-sided p = 0.047% under a normal');
    expect(svg).toMatch(/p = [0-9.]+% under a Student-t \(ν = 4\)/);
  });

  it('keeps headroom for the text: y domain from floor(min) − 0.5 to ceil(max) + 2', () => {
    const spec = build().spec as { layer: { encoding?: { y?: { scale?: { domain?: number[] } } } }[] };
    const domains = spec.layer.map((l) => l.encoding?.y?.scale?.domain).filter((d) => d !== undefined);
    expect(domains[0]).toEqual([-3.5, 6]);
  });

  it('marks the event day with a point', () => {
    const spec = build().spec as { layer: { mark: { type: string }; data?: { values: unknown[] } }[] };
    const point = spec.layer.find((l) => l.mark.type === 'point');
    expect(point?.data?.values).toEqual([{ date: '2026-02-04', z: 3.5 }]);
  });
});
