import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, roundTo, toCsv } from './csv.js';

describe('toCsv', () => {
  it('writes the contract format: header, LF, String(number), empty cell for null, RFC 4180 quotes', () => {
    const text = toCsv({
      columns: ['a', 'b', 'c', 'd'],
      rows: [
        [0.1 + 0.2, null, 'x,y', -0],
        [1e-7, 123456789012, 'say "hi"', 'line\nbreak'],
      ],
    });
    expect(text).toBe(
      'a,b,c,d\n0.30000000000000004,,"x,y",0\n1e-7,123456789012,"say ""hi""","line\nbreak"\n',
    );
  });

  it('refuses NaN and rows of the wrong width, naming the place', () => {
    expect(() => toCsv({ columns: ['a'], rows: [[Number.NaN]] }, 't.csv')).toThrow(/t\.csv row 1 column a/);
    expect(() => toCsv({ columns: ['a', 'b'], rows: [[1]] }, 't.csv')).toThrow(/t\.csv row 1 has 1 cells/);
  });

  it('round-trips through parseCsv', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true })), {
          maxLength: 20,
        }),
        (rows) => {
          const text = toCsv({ columns: ['s', 'x'], rows });
          const back = parseCsv(text);
          return (
            back.length === rows.length &&
            back.every((r, i) => r.s === rows[i][0] && Number(r.x) === (rows[i][1] === 0 ? 0 : rows[i][1]))
          );
        },
      ),
    );
  });
});

describe('roundTo', () => {
  it('rounds half away from zero on the decimal value', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(2.675, 2)).toBe(2.68);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(0.000568 * (1 - 0.0012 / 365), 8)).toBe(0.000568);
    expect(Object.is(roundTo(-0.001, 2), 0)).toBe(true);
  });
});
