import { barrierPrice, barrierPriceBatch } from '../src/pricing/barrier.js';
import { bsGreeks, bsPrice } from '../src/pricing/blackScholes.js';
import { type BsBatchColumns, bsGreeksBatch } from '../src/pricing/bsGreeksBatch.js';
import { impliedVol, impliedVolBatch } from '../src/pricing/impliedVol.js';
import type { BarrierInput, BarrierKind, BsInput, ImpliedVolQuote } from '../src/pricing/types.js';
import { type BarrierGrid, barrierGrid, pickRows, typeOf, type VanillaGrid, vanillaGrid } from './grid.js';
import { type BenchResult, measure } from './harness.js';
import { blackScholesNpmBook } from './peers/blackScholesNpm.js';
import { impliedVolatilityNpmBook } from './peers/impliedVolatilityNpm.js';
import {
  QL_IV_ACCURACY,
  QL_IV_MAX_EVALUATIONS,
  QL_IV_MAX_VOL,
  QL_IV_MIN_VOL,
  qlBarrierBook,
  qlGreeksBook,
  qlImpliedVolBook,
} from './peers/quantlib.js';
import { uqeeBook } from './peers/uqee.js';
import { bitMismatches, type Check, diffStats, type ResultRow, type SuiteResult, sci } from './report.js';

/*
 * Pricing suites: every library gets the same seeded rows (bench/grid.ts); slow peers get the first rows of
 * the same grid, and their throughput is per row, so the figures stay comparable.
 */

export const SEED = 20260205;
/** Rows per pass for our functions and for fast peers. */
export const ROWS = 100_000;
/** Rows per pass for QuantLib-js: it keeps one object graph per row (tens of KB each), so fewer rows. */
export const QL_ROWS = 5_000;
/** Relative errors are taken only where the reference is at least this (1e-6 of spot 100). */
export const REL_FLOOR = 1e-4;

/**
 * Accuracy gates on our prices and Greeks against QuantLib-js (abs, spot 100): far above the rounding-level
 * differences (~1e-13), far below what a wrong formula or convention would give.
 */
export const GREEKS_ABS_TOL = 1e-9;
export const BARRIER_ABS_TOL = 1e-9;
/** Target of the brief for our implied vol on well-conditioned rows (relative to the true vol). */
export const IV_REL_TOL = 1e-12;
/** Well-conditioned rows for implied vol: |ln(F/K)| <= IV_MONEYNESS_SD·vol·√tau and price >= IV_MIN_PRICE·spot. */
export const IV_MONEYNESS_SD = 1.5;
export const IV_MIN_PRICE = 1e-8;

function bsInputs(g: VanillaGrid): BsInput[] {
  const out: BsInput[] = [];
  for (let i = 0; i < g.n; i++) {
    out.push({
      type: typeOf(g.sign[i]),
      spot: g.spot[i],
      strike: g.strike[i],
      tau: g.tau[i],
      rate: g.rate[i],
      divYield: g.divYield[i],
      vol: g.vol[i],
    });
  }
  return out;
}

/** A speed target as a ratio of medians; the rounds' spreads are shown so that noise can be judged. */
function speedCheck(text: string, fast: BenchResult, slow: BenchResult, target: number): Check {
  const ratio = fast.opsPerSec / slow.opsPerSec;
  const spreads = `${(100 * fast.spread).toFixed(0)} % / ${(100 * slow.spread).toFixed(0)} %`;
  return {
    kind: 'speed',
    text,
    measured: `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(1)}× (round spreads ${spreads})`,
    met: ratio >= target,
  };
}

/** Suite 1: price + delta + gamma of European options. */
export function greeksSuite(): SuiteResult {
  const g = vanillaGrid(ROWS, SEED);
  const n = g.n;
  const rows: ResultRow[] = [];
  const checks: Check[] = [];

  const inputs = bsInputs(g);
  const sP = new Float64Array(n);
  const sD = new Float64Array(n);
  const sG = new Float64Array(n);
  const scalar = measure({
    opsPerPass: n,
    pass: () => {
      for (let i = 0; i < n; i++) {
        const r = bsGreeks(inputs[i]);
        sP[i] = r.price;
        sD[i] = r.delta;
        sG[i] = r.gamma;
      }
    },
  });

  const cols: BsBatchColumns = {
    type: g.sign,
    spot: g.spot,
    strike: g.strike,
    tau: g.tau,
    rate: g.rate,
    divYield: g.divYield,
    vol: g.vol,
  };
  const out = {
    price: new Float64Array(n),
    delta: new Float64Array(n),
    gamma: new Float64Array(n),
    vega: new Float64Array(n),
    theta: new Float64Array(n),
    vanna: new Float64Array(n),
    volga: new Float64Array(n),
    charm: new Float64Array(n),
  };
  const batch = measure({ opsPerPass: n, pass: () => bsGreeksBatch(cols, out) });

  const ql = qlGreeksBook(g, QL_ROWS);
  const m = ql.rows;
  const qP = new Float64Array(m);
  const qD = new Float64Array(m);
  const qG = new Float64Array(m);
  const qlBench = measure({ opsPerPass: m, beforePass: ql.invalidate, pass: () => ql.run(qP, qD, qG) });

  const greekNotes = (d: Float64Array, gm: Float64Array) => {
    const dd = diffStats(d, qD, m, REL_FLOOR);
    const dg = diffStats(gm, qG, m, REL_FLOOR);
    return { dd, dg, text: `max abs diff delta ${sci(dd.maxAbs)}, gamma ${sci(dg.maxAbs)}` };
  };

  const sp = diffStats(sP, qP, m, REL_FLOOR);
  const sNotes = greekNotes(sD, sG);
  rows.push({
    library: 'crashscope bsGreeks (scalar)',
    rows: n,
    bench: scalar,
    maxAbsErr: sp.maxAbs,
    maxRelErr: sp.maxRel,
    failures: sp.nonFinite,
    notes: `all 11 Greeks per call (object in, object out); ${sNotes.text}`,
  });
  const bp = diffStats(out.price, qP, m, REL_FLOOR);
  const bNotes = greekNotes(out.delta, out.gamma);
  const mismatch =
    bitMismatches(out.price, sP, n) + bitMismatches(out.delta, sD, n) + bitMismatches(out.gamma, sG, n);
  rows.push({
    library: 'crashscope bsGreeksBatch (Float64Array columns)',
    rows: n,
    bench: batch,
    maxAbsErr: bp.maxAbs,
    maxRelErr: bp.maxRel,
    failures: bp.nonFinite,
    notes: `8 output columns; ${bNotes.text}; ${mismatch === 0 ? 'bit-identical to scalar' : `${mismatch} values differ from scalar`}`,
  });
  rows.push({
    library: 'QuantLib-js AnalyticEuropeanEngine',
    rows: m,
    bench: qlBench,
    reference: true,
    notes: 'reference; 4 quote setValue + NPV/delta/gamma per row (engine computes all Greeks)',
  });

  const uq = uqeeBook(g, n, { precision: 'single' });
  const uP = new Float64Array(n);
  const uD = new Float64Array(n);
  const uG = new Float64Array(n);
  const uqBench = measure({ opsPerPass: n, pass: () => uq.greeks(uP, uD, uG) });
  const up = diffStats(uP, qP, m, REL_FLOOR);
  rows.push({
    library: '@uqee/black-scholes (default, single precision)',
    rows: n,
    bench: uqBench,
    maxAbsErr: up.maxAbs,
    maxRelErr: up.maxRel,
    failures: up.nonFinite,
    notes: `polynomial CDF (~1e-7); no dividend yield (spot S·e^(-qτ)); ${greekNotes(uD, uG).text}`,
  });
  const uq2 = uqeeBook(g, n, { precision: 'double' });
  const uqBench2 = measure({ opsPerPass: n, pass: () => uq2.greeks(uP, uD, uG) });
  const up2 = diffStats(uP, qP, m, REL_FLOOR);
  rows.push({
    library: "@uqee/black-scholes (sigmaToPricePrecision 'double')",
    rows: n,
    bench: uqBench2,
    maxAbsErr: up2.maxAbs,
    maxRelErr: up2.maxRel,
    failures: up2.nonFinite,
    notes: `rational CDF (Hart/West); no dividend yield (spot S·e^(-qτ)); ${greekNotes(uD, uG).text}`,
  });

  const bsn = blackScholesNpmBook(g, 2_000);
  const nP = new Float64Array(bsn.rows);
  const bsnBench = measure({ opsPerPass: bsn.rows, pass: () => bsn.prices(nP) });
  const np = diffStats(nP, qP, Math.min(bsn.rows, m), REL_FLOOR);
  rows.push({
    library: 'black-scholes (price only)',
    rows: bsn.rows,
    bench: bsnBench,
    maxAbsErr: np.maxAbs,
    maxRelErr: np.maxRel,
    failures: np.nonFinite,
    notes:
      'price only, no Greeks: not the same work; 100-term series CDF; no dividend yield (spot S·e^(-qτ))',
  });

  checks.push(
    speedCheck('Greeks: ours batch ≥ 4× QuantLib-js scalar', batch, qlBench, 4),
    {
      kind: 'accuracy',
      text: 'Greeks: bsGreeksBatch equals bsGreeks bit for bit (price, delta, gamma, all rows)',
      measured: `${mismatch} mismatches`,
      met: mismatch === 0,
    },
    {
      kind: 'accuracy',
      text: `Greeks: ours vs QuantLib-js max abs diff of price, delta, gamma ≤ ${sci(GREEKS_ABS_TOL)}`,
      measured: `${sci(sp.maxAbs)}, ${sci(sNotes.dd.maxAbs)}, ${sci(sNotes.dg.maxAbs)}`,
      met:
        sp.nonFinite === 0 &&
        sp.maxAbs <= GREEKS_ABS_TOL &&
        sNotes.dd.maxAbs <= GREEKS_ABS_TOL &&
        sNotes.dg.maxAbs <= GREEKS_ABS_TOL,
    },
  );
  return {
    name: 'Greeks (price + delta + gamma)',
    errorNote: `price vs QuantLib-js on its ${m.toLocaleString('en-US')} rows`,
    rows,
    checks,
    notes: [],
  };
}

/** Suite 2: implied vol from prices made by our bsPrice at known vols, on well-conditioned rows. */
export function impliedVolSuite(): SuiteResult {
  const base = vanillaGrid(ROWS, SEED);
  const keep: number[] = [];
  const basePrice = new Float64Array(base.n);
  for (let i = 0; i < base.n; i++) {
    const p: BsInput = {
      type: typeOf(base.sign[i]),
      spot: base.spot[i],
      strike: base.strike[i],
      tau: base.tau[i],
      rate: base.rate[i],
      divYield: base.divYield[i],
      vol: base.vol[i],
    };
    basePrice[i] = bsPrice(p);
    const lnFK = Math.log(p.spot / p.strike) + (p.rate - p.divYield) * p.tau;
    if (Math.abs(lnFK) <= IV_MONEYNESS_SD * p.vol * Math.sqrt(p.tau) && basePrice[i] >= IV_MIN_PRICE * p.spot)
      keep.push(i);
  }
  const g = pickRows(base, keep);
  const n = g.n;
  const price = Float64Array.from(keep, (i) => basePrice[i]);
  const rows: ResultRow[] = [];

  const quotes: ImpliedVolQuote[] = [];
  for (let i = 0; i < n; i++) {
    quotes.push({
      type: typeOf(g.sign[i]),
      price: price[i],
      spot: g.spot[i],
      strike: g.strike[i],
      tau: g.tau[i],
      rate: g.rate[i],
      divYield: g.divYield[i],
    });
  }
  const sV = new Float64Array(n);
  let sFail = 0;
  const scalar = measure({
    opsPerPass: n,
    pass: () => {
      let fails = 0;
      for (let i = 0; i < n; i++) {
        const r = impliedVol(quotes[i]);
        if (r.ok) sV[i] = r.vol;
        else {
          sV[i] = Number.NaN;
          fails++;
        }
      }
      sFail = fails;
    },
  });

  const cols = {
    type: g.sign,
    price,
    spot: g.spot,
    strike: g.strike,
    tau: g.tau,
    rate: g.rate,
    divYield: g.divYield,
  };
  const bV = new Float64Array(n);
  const batch = measure({ opsPerPass: n, pass: () => impliedVolBatch(cols, bV) });

  const ql = qlImpliedVolBook(g, 2_000);
  const qV = new Float64Array(ql.rows);
  let qFail = 0;
  const qlBench = measure({
    opsPerPass: ql.rows,
    beforePass: ql.rebuild,
    pass: () => {
      qFail = ql.run(price, qV);
    },
  });

  const uq = uqeeBook(g, 20_000, { precision: 'single' });
  const uV = new Float64Array(uq.rows);
  const uqBench = measure({ opsPerPass: uq.rows, pass: () => uq.impliedVol(price, uV) });
  const uq2 = uqeeBook(g, 20_000, { precision: 'double', ivAccuracy: 1e-12 });
  const uV2 = new Float64Array(uq2.rows);
  const uqBench2 = measure({ opsPerPass: uq2.rows, pass: () => uq2.impliedVol(price, uV2) });
  // @uqee returns 0 when its bisection gives up.
  const zeroToNaN = (v: Float64Array) => v.map((x) => (x === 0 ? Number.NaN : x));

  const ivn = impliedVolatilityNpmBook(g, 200);
  const nV = new Float64Array(ivn.rows);
  const ivnBench = measure({ opsPerPass: ivn.rows, pass: () => ivn.impliedVol(price, nV) });

  const stat = (v: Float64Array, m: number) => diffStats(v, g.vol, m, 0);
  const s = stat(sV, n);
  const b = stat(bV, n);
  const q = stat(qV, ql.rows);
  const u = stat(zeroToNaN(uV), uq.rows);
  const u2 = stat(zeroToNaN(uV2), uq2.rows);
  const iv = stat(nV, ivn.rows);
  const mismatch = bitMismatches(bV, sV, n);
  rows.push(
    {
      library: 'crashscope impliedVol (scalar)',
      rows: n,
      bench: scalar,
      maxAbsErr: s.maxAbs,
      maxRelErr: s.maxRel,
      failures: sFail,
      notes: "Jäckel's Let's Be Rational, ≤ 2 Householder steps; result union per call",
    },
    {
      library: 'crashscope impliedVolBatch (Float64Array columns)',
      rows: n,
      bench: batch,
      maxAbsErr: b.maxAbs,
      maxRelErr: b.maxRel,
      failures: b.nonFinite,
      notes: mismatch === 0 ? 'bit-identical to scalar' : `${mismatch} rows differ from scalar`,
    },
    {
      library: 'QuantLib-js VanillaOption.impliedVolatility',
      rows: ql.rows,
      bench: qlBench,
      reference: true,
      maxAbsErr: q.maxAbs,
      maxRelErr: q.maxRel,
      failures: qFail,
      notes:
        `reference; Brent, accuracy ${sci(QL_IV_ACCURACY)}, ${QL_IV_MAX_EVALUATIONS} evals, ` +
        `vol in [${sci(QL_IV_MIN_VOL)}, ${QL_IV_MAX_VOL}]; clones the process per call; row objects rebuilt ` +
        'untimed each pass (the clones are never unregistered: a few KB leak per call)',
    },
    {
      library: '@uqee/black-scholes .sigma (defaults)',
      rows: uq.rows,
      bench: uqBench,
      maxAbsErr: u.maxAbs,
      maxRelErr: u.maxRel,
      failures: u.nonFinite,
      notes: 'bisection on [0, 2] to |price error| < 1e-3, single-precision CDF; returns 0 on failure',
    },
    {
      library: "@uqee/black-scholes .sigma ('double', accuracy 1e-12)",
      rows: uq2.rows,
      bench: uqBench2,
      maxAbsErr: u2.maxAbs,
      maxRelErr: u2.maxRel,
      failures: u2.nonFinite,
      notes: 'bisection on [0, 2] to |price error| < 1e-12, double-precision CDF',
    },
    {
      library: 'implied-volatility',
      rows: ivn.rows,
      bench: ivnBench,
      maxAbsErr: iv.maxAbs,
      maxRelErr: iv.maxRel,
      failures: iv.nonFinite,
      notes: 'bisection, 100 steps of the black-scholes package; cannot report failure',
    },
  );

  const checks: Check[] = [
    speedCheck('Implied vol: ours scalar ≥ 5× QuantLib-js', scalar, qlBench, 5),
    speedCheck('Implied vol: ours batch faster than ours scalar', batch, scalar, 1),
    {
      kind: 'accuracy',
      text: `Implied vol: ours scalar max rel error ≤ ${sci(IV_REL_TOL)} and 0 failures`,
      measured: `${sci(s.maxRel)}, ${sFail} failures`,
      met: sFail === 0 && s.nonFinite === 0 && s.maxRel <= IV_REL_TOL,
    },
    {
      kind: 'accuracy',
      text: `Implied vol: ours batch max rel error ≤ ${sci(IV_REL_TOL)} and 0 failures`,
      measured: `${sci(b.maxRel)}, ${b.nonFinite} failures`,
      met: b.nonFinite === 0 && b.maxRel <= IV_REL_TOL,
    },
    {
      kind: 'accuracy',
      text: 'Implied vol: impliedVolBatch equals impliedVol bit for bit (all rows)',
      measured: `${mismatch} mismatches`,
      met: mismatch === 0,
    },
  ];
  return {
    name: 'Implied vol',
    errorNote: 'vol vs the true vol that made the price',
    rows,
    checks,
    notes: [
      `implied-vol rows: the ${n.toLocaleString('en-US')} of the ${base.n.toLocaleString('en-US')} Greeks rows with ` +
        `|ln(F/K)| ≤ ${IV_MONEYNESS_SD}·vol·√tau and price ≥ ${sci(IV_MIN_PRICE)}·spot, priced by our bsPrice at their vol.`,
    ],
  };
}

const KINDS: readonly BarrierKind[] = ['down-in', 'down-out', 'up-in', 'up-out'];

interface KindSlice {
  readonly kind: BarrierKind;
  /** Grid rows of this kind, in order. */
  readonly index: Int32Array;
  readonly cols: {
    readonly type: Int8Array;
    readonly spot: Float64Array;
    readonly strike: Float64Array;
    readonly barrier: Float64Array;
    readonly rebate: Float64Array;
    readonly tau: Float64Array;
    readonly rate: Float64Array;
    readonly divYield: Float64Array;
    readonly vol: Float64Array;
  };
  readonly out: Float64Array;
}

/** barrierPriceBatch takes one kind per call: the book is split by kind once, as a caller would store it. */
function sliceByKind(g: BarrierGrid): KindSlice[] {
  return KINDS.map((kind) => {
    const idx: number[] = [];
    for (let i = 0; i < g.n; i++) if (g.kind[i] === kind) idx.push(i);
    const pick = (c: Float64Array) => Float64Array.from(idx, (i) => c[i]);
    return {
      kind,
      index: Int32Array.from(idx),
      cols: {
        type: Int8Array.from(idx, (i) => g.sign[i]),
        spot: pick(g.spot),
        strike: pick(g.strike),
        barrier: pick(g.barrier),
        rebate: pick(g.rebate),
        tau: pick(g.tau),
        rate: pick(g.rate),
        divYield: pick(g.divYield),
        vol: pick(g.vol),
      },
      out: new Float64Array(idx.length),
    };
  });
}

/** Suite 3: single-barrier options, all eight kind × type combinations, rebate 0 and 3. */
export function barrierSuite(): SuiteResult {
  const g = barrierGrid(ROWS, SEED + 3);
  const n = g.n;
  const rows: ResultRow[] = [];

  const inputs: BarrierInput[] = [];
  for (let i = 0; i < n; i++) {
    inputs.push({
      type: typeOf(g.sign[i]),
      kind: g.kind[i],
      spot: g.spot[i],
      strike: g.strike[i],
      barrier: g.barrier[i],
      rebate: g.rebate[i],
      tau: g.tau[i],
      rate: g.rate[i],
      divYield: g.divYield[i],
      vol: g.vol[i],
    });
  }
  const sP = new Float64Array(n);
  const scalar = measure({
    opsPerPass: n,
    pass: () => {
      for (let i = 0; i < n; i++) sP[i] = barrierPrice(inputs[i]);
    },
  });

  const slices = sliceByKind(g);
  const batch = measure({
    opsPerPass: n,
    pass: () => {
      for (const s of slices) barrierPriceBatch({ kind: s.kind, ...s.cols }, s.out);
    },
  });
  const bP = new Float64Array(n);
  for (const s of slices) for (let j = 0; j < s.index.length; j++) bP[s.index[j]] = s.out[j];

  const ql = qlBarrierBook(g, QL_ROWS);
  const m = ql.rows;
  const qP = new Float64Array(m);
  const qlBench = measure({ opsPerPass: m, beforePass: ql.invalidate, pass: () => ql.run(qP) });

  const sp = diffStats(sP, qP, m, REL_FLOOR);
  const bp = diffStats(bP, qP, m, REL_FLOOR);
  const mismatch = bitMismatches(bP, sP, n);
  const worst =
    sp.worst < 0
      ? ''
      : `; largest diff at ${inputs[sp.worst].kind} ${inputs[sp.worst].type} K=${inputs[sp.worst].strike.toFixed(2)} ` +
        `H=${inputs[sp.worst].barrier.toFixed(2)} rebate=${inputs[sp.worst].rebate} ` +
        `(ours ${sP[sp.worst].toPrecision(15)}, QL ${qP[sp.worst].toPrecision(15)})`;
  rows.push({
    library: 'crashscope barrierPrice (scalar)',
    rows: n,
    bench: scalar,
    maxAbsErr: sp.maxAbs,
    maxRelErr: sp.maxRel,
    failures: sp.nonFinite,
    notes: `price only${worst}`,
  });
  rows.push({
    library: 'crashscope barrierPriceBatch (4 calls, one per kind)',
    rows: n,
    bench: batch,
    maxAbsErr: bp.maxAbs,
    maxRelErr: bp.maxRel,
    failures: bp.nonFinite,
    notes: mismatch === 0 ? 'bit-identical to scalar' : `${mismatch} rows differ from scalar`,
  });
  rows.push({
    library: 'QuantLib-js AnalyticBarrierEngine',
    rows: m,
    bench: qlBench,
    reference: true,
    notes: 'reference; 4 quote setValue + NPV per row',
  });

  const checks: Check[] = [
    speedCheck('Barrier: ours scalar ≥ 20× QuantLib-js', scalar, qlBench, 20),
    {
      kind: 'accuracy',
      text: 'Barrier: barrierPriceBatch equals barrierPrice bit for bit (all rows)',
      measured: `${mismatch} mismatches`,
      met: mismatch === 0,
    },
    {
      kind: 'accuracy',
      text: `Barrier: ours vs QuantLib-js max abs price diff ≤ ${sci(BARRIER_ABS_TOL)}`,
      measured: sci(sp.maxAbs),
      met: sp.nonFinite === 0 && sp.maxAbs <= BARRIER_ABS_TOL,
    },
  ];
  return {
    name: 'Barrier (continuous monitoring)',
    errorNote: `price vs QuantLib-js on its ${m.toLocaleString('en-US')} rows`,
    rows,
    checks,
    notes: [
      `barriers: down at 50–99 % of spot, up at 101–150 %; the eight kind × type combinations and rebate 0 / 3 ` +
        `in equal proportions (seed ${SEED + 3}); rebate paid at the hit for knock-outs, at expiry for knock-ins.`,
    ],
  };
}
