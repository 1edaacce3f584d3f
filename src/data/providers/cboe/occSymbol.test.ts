import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOccSymbol } from './occSymbol.js';

describe('parseOccSymbol', () => {
  // Published examples: macroption's OSI parser page ("AAPL  260918C00260000"; "00022500" = $22.50), the
  // OSI plan's layout, and symbols from Cboe's delayed-quotes feed (OpenBB's recorded CLX chain).
  const table: [string, { root: string; expiry: string; type: 'call' | 'put'; strike: number }][] = [
    ['AAPL  260918C00260000', { root: 'AAPL', expiry: '2026-09-18', type: 'call', strike: 260 }],
    ['AAPL260918C00260000', { root: 'AAPL', expiry: '2026-09-18', type: 'call', strike: 260 }],
    ['XYZ   260918P00022500', { root: 'XYZ', expiry: '2026-09-18', type: 'put', strike: 22.5 }],
    ['CLX260821P00055000', { root: 'CLX', expiry: '2026-08-21', type: 'put', strike: 55 }],
    ['CLX280121C00185000', { root: 'CLX', expiry: '2028-01-21', type: 'call', strike: 185 }],
    ['IBIT260220C00040000', { root: 'IBIT', expiry: '2026-02-20', type: 'call', strike: 40 }],
    ['IBIT  260206P00036500', { root: 'IBIT', expiry: '2026-02-06', type: 'put', strike: 36.5 }],
    ['SPXW261016P05800000', { root: 'SPXW', expiry: '2026-10-16', type: 'put', strike: 5800 }],
    ['2AAPL 260619C00001500', { root: '2AAPL', expiry: '2026-06-19', type: 'call', strike: 1.5 }],
    ['A240229C99999999', { root: 'A', expiry: '2024-02-29', type: 'call', strike: 99999.999 }],
    // A root ending in digits (an adjusted series): the 15-character tail fixes where the root ends.
    ['IBIT1260116C00050000', { root: 'IBIT1', expiry: '2026-01-16', type: 'call', strike: 50 }],
  ];
  for (const [symbol, value] of table) {
    it(`reads ${JSON.stringify(symbol)}`, () => {
      expect(parseOccSymbol(symbol), symbol).toEqual({ ok: true, value });
    });
  }

  const refused: [string, string][] = [
    ['', 'not ROOT'],
    ['IBIT', 'not ROOT'],
    ['ibit260220C00040000', 'not ROOT'],
    ['IBIT260220X00040000', 'not ROOT'],
    ['IBIT260220C0004000', 'not ROOT'],
    ['IBIT260220C000400000', 'not ROOT'],
    ['TOOLONG260220C00040000', 'not ROOT'],
    ['IBIT 260220C00040000', 'padded to 5 characters, not 6'],
    ['IBIT   260220C00040000', 'padded to 7 characters, not 6'],
    ['IBIT260230C00040000', 'expiry 260230 is not a calendar date'],
    ['IBIT251320C00040000', 'expiry 251320 is not a calendar date'],
    ['IBIT250229C00040000', 'expiry 250229 is not a calendar date'],
    ['IBIT260220C00000000', 'the strike is zero'],
    [' IBIT260220C00040000', 'not ROOT'],
  ];
  for (const [symbol, reason] of refused) {
    it(`refuses ${JSON.stringify(symbol)} (${reason})`, () => {
      const r = parseOccSymbol(symbol);
      expect(r.ok, JSON.stringify(r)).toBe(false);
      if (!r.ok) expect(r.reason).toContain(reason);
    });
  }

  it('reads back what it would write, padded or not (property)', () => {
    const root = fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}$/);
    const date = fc.date({
      min: new Date(Date.UTC(2000, 0, 1)),
      max: new Date(Date.UTC(2099, 11, 31)),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(
        root,
        date,
        fc.boolean(),
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.boolean(),
        (r, d, call, mills, pad) => {
          const iso = d.toISOString().slice(0, 10);
          const symbol = `${pad ? r.padEnd(6, ' ') : r}${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${call ? 'C' : 'P'}${String(mills).padStart(8, '0')}`;
          const parsed = parseOccSymbol(symbol);
          expect(parsed, symbol).toEqual({
            ok: true,
            value: { root: r, expiry: iso, type: call ? 'call' : 'put', strike: mills / 1000 },
          });
        },
      ),
    );
  });
});
