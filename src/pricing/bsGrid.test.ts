import { describe, expect, it } from 'vitest';
import { bsGreeks } from './blackScholes.js';
import { type BsGridBook, bsExposureGrid, bsGammaGrid, bsGammaVannaGridVolPath } from './bsGrid.js';
import { dollarCharm1day, dollarGamma1pct, dollarVanna1volPt } from './exposures.js';

// Two options on one driver: an ETF-like call (U = S · 0.0006, r = 4%) and a forward-like put (q = r).
const book: BsGridBook = {
  n: 2,
  spot: 70000,
  sign: new Int8Array([1, -1]),
  strike: new Float64Array([45, 65000]),
  scale: new Float64Array([0.0006, 1.01]),
  tau: new Float64Array([0.1, 0.25]),
  rate: new Float64Array([0.04, 0.03]),
  divYield: new Float64Array([0, 0.03]),
  vol: new Float64Array([0.55, 0.6]),
  units: new Float64Array([-2000, 35]),
};
const grid = new Float64Array([50000, 62000, 70000, 81000]);

describe('bsGrid', () => {
  it('equals the sum of per-option BSM Greeks (Haug 2007) in dollar units at every grid price', () => {
    const gex = bsGammaGrid(book, grid, new Float64Array(grid.length));
    const ex = bsExposureGrid(book, grid, new Int32Array([0, 1]), 2);
    for (let j = 0; j < grid.length; j++) {
      let g = 0;
      for (let i = 0; i < book.n; i++) {
        const U = grid[j] * book.scale[i];
        const x = bsGreeks({
          type: book.sign[i] > 0 ? 'call' : 'put',
          spot: U,
          strike: book.strike[i],
          tau: book.tau[i],
          rate: book.rate[i],
          divYield: book.divYield[i],
          vol: book.vol[i],
        });
        const off = i * grid.length + j;
        const u = book.units[i];
        g += dollarGamma1pct(x.gamma, U) * u;
        expect(ex.gex[off]).toBeCloseTo(dollarGamma1pct(x.gamma, U) * u, 6);
        expect(ex.vanna[off]).toBeCloseTo(dollarVanna1volPt(x.vanna, U) * u, 6);
        // charm per year of calendar time with the sign of d(delta)/dt (time passing).
        expect(ex.charm[off]).toBeCloseTo(dollarCharm1day(x.charm, U) * u, 6);
      }
      expect(gex[j]).toBeCloseTo(g, 6);
    }
  });
});

describe('bsGammaVannaGridVolPath', () => {
  it('with no shift equals bsExposureGrid; with a shift equals the book re-priced at the shifted vols', () => {
    const m = grid.length;
    const g = new Float64Array(m);
    const v = new Float64Array(m);
    bsGammaVannaGridVolPath(book, grid, new Float64Array(m), g, v);
    const ex = bsExposureGrid(book, grid, new Int32Array(book.n), 1);
    for (let j = 0; j < m; j++) {
      expect(g[j]).toBeCloseTo(ex.gex[j], 6);
      expect(v[j]).toBeCloseTo(ex.vanna[j], 6);
    }
    const shift = new Float64Array([0.1, 0.05, 0, -0.05]);
    bsGammaVannaGridVolPath(book, grid, shift, g, v);
    for (let j = 0; j < m; j++) {
      const shifted = { ...book, vol: book.vol.map((s) => s + shift[j]) };
      const one = bsExposureGrid(shifted, grid.subarray(j, j + 1), new Int32Array(book.n), 1);
      expect(g[j]).toBeCloseTo(one.gex[0], 6);
      expect(v[j]).toBeCloseTo(one.vanna[0], 6);
    }
  });
});
