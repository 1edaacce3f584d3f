import { describe, expect, it } from 'vitest';
import { doubledUnits } from './units.js';

describe('doubledUnits', () => {
  it.each([
    ['volume $10.4B USD on the day', 'dollar figure then USD'],
    ['| $230M | USD |', null],
    ['ratio 1.30x x the record', 'multiple then x'],
    ['ratio 1.30× x', 'multiple then x'],
    ['put share 58.0% decimal', 'percent then a unit name'],
    ['| *58.0%* decimal |', 'percent then a unit name'],
    ['a loss of 12 USD USD', 'repeated unit word'],
    ['2.8 sigma sigma', 'repeated unit word'],
  ])('%j -> %s', (text, pattern) => {
    const found = doubledUnits(text);
    if (pattern === null) expect(found).toEqual([]);
    else expect(found.map((f) => f.pattern)).toContain(pattern);
  });

  it.each([
    'traded $10.4B, 1.30x the record, 58.0% puts',
    'IBIT net assets 56.21 USD bn',
    'z = 3.5 ≥ 3',
    '2.8 sigma above; 6,000,000 shares',
    'USD bn | USD mn',
  ])('finds nothing in %j', (text) => {
    expect(doubledUnits(text)).toEqual([]);
  });
});
