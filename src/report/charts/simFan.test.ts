import { describe, expect, it } from 'vitest';
import { chartContract } from '../testkit/chartContract.js';
import { simFan } from './simFan.js';

const meta = {
  sourceNote: 'crashscope simulate: 2,000 paths, seed 20260205 (synthetic test input)',
  reconstructed: true,
};
const fan = {
  minutes: [0, 60, 120],
  p05: [70000, 66000, 64000],
  p25: [70000, 67500, 66500],
  p50: [70000, 68500, 68000],
  p75: [70000, 69500, 69500],
  p95: [70000, 71000, 72000],
  spot: 70000,
};
chartContract('simFan', () => simFan(fan, meta));
chartContract('simFan (observed path)', () =>
  simFan(
    {
      ...fan,
      observed: [
        { minute: 0, usd: 70000 },
        { minute: 120, usd: 65000 },
      ],
    },
    { ...meta, reconstructed: false },
  ),
);

describe('simFan', () => {
  it('fan: bands and median from the quantiles, in hours', () => {
    const data = (simFan(fan, meta).spec.data as { values: { h: number; p50: number }[] }).values;
    expect(data.map((d) => d.h)).toEqual([0, 1, 2]);
    expect(data[2].p50).toBe(68000);
  });
});
