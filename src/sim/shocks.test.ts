import { describe, expect, it } from 'vitest';
import { addSpread, parseShock, ShockSpecError, shockSchedule } from './shocks.js';

describe('parseShock', () => {
  it('reads sales and gaps', () => {
    expect(parseShock('sell:50000000')).toEqual({ kind: 'sell', usd: 50e6, minutes: 0 });
    expect(parseShock('sell:2.5b:120')).toEqual({ kind: 'sell', usd: 2.5e9, minutes: 120 });
    expect(parseShock('SELL:50m:0')).toEqual({ kind: 'sell', usd: 50e6, minutes: 0 });
    expect(parseShock('gap:-5%')).toEqual({ kind: 'gap', pct: -0.05 });
    expect(parseShock('gap:+2.5%')).toEqual({ kind: 'gap', pct: 0.025 });
  });

  it('names what is wrong', () => {
    for (const [spec, re] of [
      ['sell', /sell:USD/],
      ['sell:abc', /not an amount/],
      ['sell:0', /positive/],
      ['sell:5m:-3', /MINUTES/],
      ['sell:5m:', /MINUTES/],
      ['gap:-5', /percentage/],
      ['gap:-100%', /above −100/],
      ['buy:5m', /unknown shock 'buy'/],
    ] as const) {
      expect(() => parseShock(spec)).toThrow(ShockSpecError);
      expect(() => parseShock(spec)).toThrow(re);
    }
  });
});

describe('schedules', () => {
  it('spreads a sale evenly over whole and partial steps', () => {
    const out = new Float64Array(4);
    addSpread(out, -100, 25, 10); // 10, 10, 5 minutes of 25
    expect(Array.from(out)).toEqual([-40, -40, -20, 0]);
  });

  it('a window longer than the horizon trades only what falls inside it', () => {
    const out = new Float64Array(2);
    addSpread(out, -100, 40, 10);
    expect(Array.from(out)).toEqual([-25, -25]);
  });

  it('adds shocks up; gaps add in log', () => {
    const s = shockSchedule(
      [
        { kind: 'sell', usd: 10, minutes: 0 },
        { kind: 'sell', usd: 20, minutes: 2 },
        { kind: 'gap', pct: -0.05 },
        { kind: 'gap', pct: -0.05 },
      ],
      3,
      1,
    );
    expect(Array.from(s.flowUsd)).toEqual([-20, -10, 0]);
    expect(s.gapLog).toBeCloseTo(2 * Math.log(0.95), 15);
  });
});
