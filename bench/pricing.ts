import { barrierPrice, barrierPriceBatch } from '../src/pricing/barrier.js';
import { bsGreeks, bsPrice } from '../src/pricing/blackScholes.js';
import { type BsBatchColumns, bsGreeksBatch } from '../src/pricing/bsGreeksBatch.js';
import { impliedVol, impliedVolBatch } from '../src/pricing/impliedVol.js';
import { bsPriceDeltaGammaBatch } from '../src/pricing/priceDeltaGammaBatch.js';
import type { BarrierInput, BarrierKind, BsInput, ImpliedVolQuote } from '../src/pricing/types.js';
import { pricingWasmStatus, setPricingWasm } from '../src/pricing/wasmKernel.js';
import { type BarrierGrid, barrierGrid, pickRows, typeOf, type VanillaGrid, vanillaGrid } from './grid.js';
import { type BenchCase, type BenchResult, measureInterleaved } from './harness.js';
import { blackScholesNpmBook } from './peers/blackScholesNpm.js';
import { impliedVolatilityNpmBook } from './peers/impliedVolatilityNpm.js';
import {
  QL_IV_ACCURACY,
  QL_IV_MAX_EVALUATIONS,
  QL_IV_MAX_VOL,
  QL_IV_MIN_VOL,
  qlBarrierBook,
  qlBlackCalculatorBook,
  qlBlackImpliedVolBook,
  qlGreeksBook,
  qlImpliedVolBook,
  qlSharedBarrierBook,
} from './peers/quantlib.js';
import { uqeeBook } from './peers/uqee.js';
import {
  bitMismatches,
  type Check,
  type DiffStats,
  diffStats,
  type ResultRow,
  type SuiteResult,
  sci,
} from './report.js';

/*
 * Pricing suites: every library gets the same seeded rows (bench/grid.ts); slow peers get the first rows of
 * the same grid, and their throughput is per row, so the figures stay comparable.
 */

export const SEED = 20260205;
/** Rows per pass for our functions and for fast peers. */
export const ROWS = 100_000;
/** Rows per pass for QuantLib-js object graphs: one graph per row (tens of KB each), so fewer rows. */
export const QL_ROWS = 5_000;
/** QuantLib's default accuracy of blackFormulaImpliedStdDev (ql/pricingengines/blackformula.hpp). */
export const QL_IV_DEFAULT_ACCURACY = 1e-6;
/** Rows per pass for QuantLib-js fast paths (BlackCalculator, blackFormulaImpliedStdDev, shared graph). */
export const QL_FAST_ROWS = 20_000;
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

/**
 * A speed target as a ratio of medians measured in the same interleaved run; the worst and best ratio of
 * round extremes (slowest of one against fastest of the other, and the reverse) are shown so that noise can
 * be judged.
 */
export function speedCheck(text: string, fast: BenchResult, slow: BenchResult, target: number): Check {
  const ratio = fast.opsPerSec / slow.opsPerSec;
  const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
  return {
    kind: 'speed',
    text,
    measured: `${f(ratio)}× (round extremes ${f(fast.min / slow.max)}–${f(fast.max / slow.min)}×)`,
    met: ratio >= target,
  };
}

/** Measures named cases together (interleaved rounds) and returns results by name. */
function runCases<K extends string>(cases: Record<K, BenchCase>): Record<K, BenchResult> {
  const names = Object.keys(cases) as K[];
  const results = measureInterleaved(names.map((k) => cases[k]));
  return Object.fromEntries(names.map((k, i) => [k, results[i]])) as Record<K, BenchResult>;
}

/** The fastest peer row doing the suite's full work. */
function fastestPeer(rows: readonly ResultRow[]): ResultRow | undefined {
  let best: ResultRow | undefined;
  for (const r of rows) {
    if (r.role !== 'peer' || r.sameWork === false || r.reference === 'graph' || (r.failures ?? 0) > 0)
      continue;
    if (best === undefined || r.bench.opsPerSec > best.bench.opsPerSec) best = r;
  }
  return best;
}

/** Runs `f` on the JavaScript loops of the batch functions (WebAssembly off), then turns WebAssembly back on. */
function jsPath(f: () => unknown): void {
  setPricingWasm(false);
  try {
    f();
  } finally {
    setPricingWasm(true);
  }
}

/** The path the batch functions take by default in this process: "WebAssembly", or "JavaScript" if unavailable. */
function defaultPath(): string {
  bsPriceDeltaGammaBatch({ type: 'call', spot: 1, strike: 1, tau: 1, rate: 0, divYield: 0, vol: 0.1 });
  return pricingWasmStatus() === 'wasm' ? 'WebAssembly' : 'JavaScript: WebAssembly unavailable';
}

/** Suite 1: price + delta + gamma of European options. */
export function greeksSuite(): SuiteResult {
  const wasmPath = defaultPath();
  const g = vanillaGrid(ROWS, SEED);
  const n = g.n;
  const rows: ResultRow[] = [];

  const inputs = bsInputs(g);
  const sP = new Float64Array(n);
  const sD = new Float64Array(n);
  const sG = new Float64Array(n);
  const cols: BsBatchColumns = {
    type: g.sign,
    spot: g.spot,
    strike: g.strike,
    tau: g.tau,
    rate: g.rate,
    divYield: g.divYield,
    vol: g.vol,
  };
  const pdg = { price: new Float64Array(n), delta: new Float64Array(n), gamma: new Float64Array(n) };
  const pdgJs = { price: new Float64Array(n), delta: new Float64Array(n), gamma: new Float64Array(n) };
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
  const outJs = {
    price: new Float64Array(n),
    delta: new Float64Array(n),
    gamma: new Float64Array(n),
    vega: new Float64Array(n),
    theta: new Float64Array(n),
    vanna: new Float64Array(n),
    volga: new Float64Array(n),
    charm: new Float64Array(n),
  };
  const qlFresh = qlBlackCalculatorBook(g, QL_FAST_ROWS, true);
  const qlReuse = qlBlackCalculatorBook(g, QL_FAST_ROWS, false);
  const m = qlFresh.rows;
  const qP = new Float64Array(m);
  const qD = new Float64Array(m);
  const qG = new Float64Array(m);
  const rP = new Float64Array(m);
  const rD = new Float64Array(m);
  const rG = new Float64Array(m);
  const graph = qlGreeksBook(g, QL_ROWS);
  const gm = graph.rows;
  const gP = new Float64Array(gm);
  const gD = new Float64Array(gm);
  const gG = new Float64Array(gm);
  const uq = uqeeBook(g, n, { precision: 'single' });
  const uP = new Float64Array(n);
  const uD = new Float64Array(n);
  const uG = new Float64Array(n);
  const uq2 = uqeeBook(g, n, { precision: 'double' });
  const u2P = new Float64Array(n);
  const u2D = new Float64Array(n);
  const u2G = new Float64Array(n);
  const bsn = blackScholesNpmBook(g, 2_000);
  const nP = new Float64Array(bsn.rows);

  const r = runCases({
    pdg: { opsPerPass: n, pass: () => bsPriceDeltaGammaBatch(cols, pdg) },
    pdgJs: { opsPerPass: n, pass: () => jsPath(() => bsPriceDeltaGammaBatch(cols, pdgJs)) },
    batch: { opsPerPass: n, pass: () => bsGreeksBatch(cols, out) },
    batchJs: { opsPerPass: n, pass: () => jsPath(() => bsGreeksBatch(cols, outJs)) },
    scalar: {
      opsPerPass: n,
      pass: () => {
        for (let i = 0; i < n; i++) {
          const x = bsGreeks(inputs[i]);
          sP[i] = x.price;
          sD[i] = x.delta;
          sG[i] = x.gamma;
        }
      },
    },
    qlFresh: { opsPerPass: m, pass: () => qlFresh.run(qP, qD, qG) },
    qlReuse: { opsPerPass: m, pass: () => qlReuse.run(rP, rD, rG) },
    uq: { opsPerPass: n, pass: () => uq.greeks(uP, uD, uG) },
    uq2: { opsPerPass: n, pass: () => uq2.greeks(u2P, u2D, u2G) },
    bsn: { opsPerPass: bsn.rows, pass: () => bsn.prices(nP) },
    graph: { opsPerPass: gm, beforePass: graph.invalidate, pass: () => graph.run(gP, gD, gG) },
  });

  // Errors: price against QuantLib-js BlackCalculator on its rows; delta and gamma differences in the notes.
  const vsQl = (p: Float64Array, d: Float64Array, gm2: Float64Array, k = m) => {
    const dp = diffStats(p, qP, k, REL_FLOOR);
    const dd = diffStats(d, qD, k, REL_FLOOR);
    const dg = diffStats(gm2, qG, k, REL_FLOOR);
    return { dp, dd, dg, text: `max abs diff delta ${sci(dd.maxAbs)}, gamma ${sci(dg.maxAbs)}` };
  };
  const mismatch3 = (o: { price: Float64Array; delta: Float64Array; gamma: Float64Array }) =>
    bitMismatches(o.price, sP, n) + bitMismatches(o.delta, sD, n) + bitMismatches(o.gamma, sG, n);
  const pdgMismatch = mismatch3(pdg);
  const batchMismatch = mismatch3(out);
  const pdgJsMismatch = mismatch3(pdgJs);
  const batchJsMismatch = mismatch3(outJs);
  const e1 = vsQl(pdg.price, pdg.delta, pdg.gamma);
  const e2 = vsQl(out.price, out.delta, out.gamma);
  const e3 = vsQl(sP, sD, sG);
  const e4 = vsQl(rP, rD, rG);
  const e5 = vsQl(uP, uD, uG);
  const e6 = vsQl(u2P, u2D, u2G);
  const e7 = vsQl(gP, gD, gG, gm);
  const e8 = diffStats(nP, qP, Math.min(bsn.rows, m), REL_FLOOR);
  const bit = (k: number) => (k === 0 ? 'bit-identical to bsGreeks' : `${k} values differ from bsGreeks`);
  const row = (
    library: string,
    rowsPerPass: number,
    bench: BenchResult,
    e: { dp: DiffStats; text: string },
    notes: string,
    extra: Partial<ResultRow> = {},
  ): ResultRow => ({
    library,
    rows: rowsPerPass,
    bench,
    role: 'peer',
    maxAbsErr: e.dp.maxAbs,
    maxRelErr: e.dp.maxRel,
    failures: e.dp.nonFinite,
    notes: `${notes}; ${e.text}`,
    ...extra,
  });
  rows.push(
    row(
      `crashscope bsPriceDeltaGammaBatch (${wasmPath})`,
      n,
      r.pdg,
      e1,
      `3 output columns; ${bit(pdgMismatch)}`,
      { role: 'ours', headline: true },
    ),
    row(
      'crashscope bsPriceDeltaGammaBatch (JavaScript path)',
      n,
      r.pdgJs,
      vsQl(pdgJs.price, pdgJs.delta, pdgJs.gamma),
      `setPricingWasm(false): the fallback where WebAssembly is unavailable; ${bit(pdgJsMismatch)}`,
      { role: 'ours' },
    ),
    row(`crashscope bsGreeksBatch (${wasmPath})`, n, r.batch, e2, `8 output columns; ${bit(batchMismatch)}`, {
      role: 'ours',
    }),
    row(
      'crashscope bsGreeksBatch (JavaScript path)',
      n,
      r.batchJs,
      vsQl(outJs.price, outJs.delta, outJs.gamma),
      `8 output columns; ${bit(batchJsMismatch)}`,
      { role: 'ours' },
    ),
    row('crashscope bsGreeks (scalar)', n, r.scalar, e3, 'all 11 Greeks per call, object in, object out', {
      role: 'ours',
    }),
    row(
      'QuantLib-js BlackCalculator, new per row',
      m,
      r.qlFresh,
      { dp: diffStats(qP, qP, m, REL_FLOOR), text: 'error reference' },
      'fast-path reference: new BlackCalculator().init2(type, K, F, σ√τ, DF), value/delta(S)/gamma(S); F, DF per row',
      { reference: 'fast' },
    ),
    row(
      'QuantLib-js BlackCalculator, one instance re-initialised',
      m,
      r.qlReuse,
      e4,
      'same calls on one instance (init2 per row)',
    ),
    row(
      '@uqee/black-scholes .option() (default)',
      n,
      r.uq,
      e5,
      'single-precision polynomial CDF (~1e-7); no dividend yield: spot S·e^(−qτ), e^(−qτ) per row',
    ),
    row(
      "@uqee/black-scholes .option() (sigmaToPricePrecision 'double')",
      n,
      r.uq2,
      e6,
      'rational CDF (Hart/West, ~1e-15); no dividend yield: spot S·e^(−qτ), e^(−qτ) per row',
    ),
    {
      library: 'black-scholes (price only)',
      rows: bsn.rows,
      bench: r.bsn,
      role: 'peer',
      sameWork: false,
      maxAbsErr: e8.maxAbs,
      maxRelErr: e8.maxRel,
      failures: e8.nonFinite,
      notes: 'price only, no Greeks: less work; 100-term series CDF; no dividend yield (spot S·e^(−qτ))',
    },
    row(
      'QuantLib-js AnalyticEuropeanEngine, object graph per row',
      gm,
      r.graph,
      e7,
      'object-graph reference: 4 quote setValue + NPV/delta/gamma per row (the engine computes all Greeks)',
      { reference: 'graph' },
    ),
  );

  const peer = fastestPeer(rows);
  const checks: Check[] = [
    speedCheck(
      'Greeks: bsPriceDeltaGammaBatch ≥ 3× QuantLib-js BlackCalculator (new per row)',
      r.pdg,
      r.qlFresh,
      3,
    ),
    speedCheck(
      'Greeks: bsPriceDeltaGammaBatch ≥ 3× QuantLib-js BlackCalculator (re-initialised)',
      r.pdg,
      r.qlReuse,
      3,
    ),
    speedCheck(
      `Greeks: bsPriceDeltaGammaBatch ≥ 1.5× the fastest JS peer (${peer?.library})`,
      r.pdg,
      peer?.bench ?? r.pdg,
      1.5,
    ),
    speedCheck(
      `Greeks: bsPriceDeltaGammaBatch ≥ 3× QuantLib-js BlackCalculator (new per row), JavaScript path`,
      r.pdgJs,
      r.qlFresh,
      3,
    ),
    speedCheck('Greeks: bsGreeksBatch per row ≥ bsGreeks scalar', r.batch, r.scalar, 1),
    speedCheck('Greeks: bsGreeksBatch per row ≥ bsGreeks scalar, JavaScript path', r.batchJs, r.scalar, 1),
    {
      kind: 'accuracy',
      text:
        'Greeks: bsPriceDeltaGammaBatch and bsGreeksBatch, WebAssembly and JavaScript paths, equal bsGreeks bit ' +
        'for bit (price, delta, gamma, all rows)',
      measured: `${pdgMismatch} + ${batchMismatch} + ${pdgJsMismatch} + ${batchJsMismatch} mismatches`,
      met: pdgMismatch + batchMismatch + pdgJsMismatch + batchJsMismatch === 0,
    },
    {
      kind: 'accuracy',
      text: `Greeks: ours vs QuantLib-js max abs diff of price, delta, gamma ≤ ${sci(GREEKS_ABS_TOL)}`,
      measured: `${sci(e3.dp.maxAbs)}, ${sci(e3.dd.maxAbs)}, ${sci(e3.dg.maxAbs)}`,
      met:
        e3.dp.nonFinite === 0 &&
        e3.dp.maxAbs <= GREEKS_ABS_TOL &&
        e3.dd.maxAbs <= GREEKS_ABS_TOL &&
        e3.dg.maxAbs <= GREEKS_ABS_TOL,
    },
  ];
  return {
    name: 'Greeks (price + delta + gamma)',
    errorNote: `price vs QuantLib-js BlackCalculator on its ${m.toLocaleString('en-US')} rows`,
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
  const bjV = new Float64Array(n);
  const wasmPath = defaultPath();
  const qlFast = qlBlackImpliedVolBook(g, QL_FAST_ROWS, QL_IV_ACCURACY);
  const qV = new Float64Array(qlFast.rows);
  let qFail = 0;
  const qlDefault = qlBlackImpliedVolBook(g, QL_FAST_ROWS, QL_IV_DEFAULT_ACCURACY);
  const qdV = new Float64Array(qlDefault.rows);
  let qdFail = 0;
  const graph = qlImpliedVolBook(g, 2_000);
  const gV = new Float64Array(graph.rows);
  let gFail = 0;
  const uq = uqeeBook(g, 20_000, { precision: 'single' });
  const uV = new Float64Array(uq.rows);
  const uq2 = uqeeBook(g, 20_000, { precision: 'double', ivAccuracy: 1e-12 });
  const uV2 = new Float64Array(uq2.rows);
  const uq3 = uqeeBook(g, 20_000, {
    precision: 'double',
    ivAccuracy: 1e-12,
    ivMethod: 'newton-raphson',
    ivNewtonIterations: 100,
  });
  const uV3 = new Float64Array(uq3.rows);
  const ivn = impliedVolatilityNpmBook(g, 200);
  const nV = new Float64Array(ivn.rows);

  const r = runCases({
    scalar: {
      opsPerPass: n,
      pass: () => {
        let fails = 0;
        for (let i = 0; i < n; i++) {
          const x = impliedVol(quotes[i]);
          if (x.ok) sV[i] = x.vol;
          else {
            sV[i] = Number.NaN;
            fails++;
          }
        }
        sFail = fails;
      },
    },
    batch: { opsPerPass: n, pass: () => impliedVolBatch(cols, bV) },
    batchJs: { opsPerPass: n, pass: () => jsPath(() => impliedVolBatch(cols, bjV)) },
    qlFast: { opsPerPass: qlFast.rows, pass: () => (qFail = qlFast.run(price, qV)) },
    qlDefault: { opsPerPass: qlDefault.rows, pass: () => (qdFail = qlDefault.run(price, qdV)) },
    uq: { opsPerPass: uq.rows, pass: () => uq.impliedVol(price, uV) },
    uq2: { opsPerPass: uq2.rows, pass: () => uq2.impliedVol(price, uV2) },
    uq3: { opsPerPass: uq3.rows, pass: () => uq3.impliedVol(price, uV3) },
    ivn: { opsPerPass: ivn.rows, pass: () => ivn.impliedVol(price, nV) },
    graph: { opsPerPass: graph.rows, beforePass: graph.rebuild, pass: () => (gFail = graph.run(price, gV)) },
  });
  // @uqee returns 0 when it gives up.
  const zeroToNaN = (v: Float64Array) => v.map((x) => (x === 0 ? Number.NaN : x));

  const stat = (v: Float64Array, m: number) => diffStats(v, g.vol, m, 0);
  const s = stat(sV, n);
  const b = stat(bV, n);
  const q = stat(qV, qlFast.rows);
  const qd = stat(qdV, qlDefault.rows);
  const gq = stat(gV, graph.rows);
  const u = stat(zeroToNaN(uV), uq.rows);
  const u2 = stat(zeroToNaN(uV2), uq2.rows);
  const u3 = stat(zeroToNaN(uV3), uq3.rows);
  const iv = stat(nV, ivn.rows);
  const bj = stat(bjV, n);
  const mismatch = bitMismatches(bV, sV, n);
  const mismatchJs = bitMismatches(bjV, sV, n);
  const row = (
    library: string,
    rowsPerPass: number,
    bench: BenchResult,
    d: DiffStats,
    failures: number,
    notes: string,
    extra: Partial<ResultRow> = {},
  ): ResultRow => ({
    library,
    rows: rowsPerPass,
    bench,
    role: 'peer',
    maxAbsErr: d.maxAbs,
    maxRelErr: d.maxRel,
    failures,
    notes,
    ...extra,
  });
  rows.push(
    row(
      'crashscope impliedVol (scalar)',
      n,
      r.scalar,
      s,
      sFail,
      "Jäckel's Let's Be Rational, ≤ 2 Householder steps; result object per call",
      {
        role: 'ours',
        headline: true,
      },
    ),
    row(
      `crashscope impliedVolBatch (${wasmPath})`,
      n,
      r.batch,
      b,
      b.nonFinite,
      mismatch === 0 ? 'bit-identical to scalar' : `${mismatch} rows differ from scalar`,
      { role: 'ours' },
    ),
    row(
      'crashscope impliedVolBatch (JavaScript path)',
      n,
      r.batchJs,
      bj,
      bj.nonFinite,
      mismatchJs === 0 ? 'bit-identical to scalar' : `${mismatchJs} rows differ from scalar`,
      { role: 'ours' },
    ),
    row(
      `QuantLib-js blackFormulaImpliedStdDev (accuracy ${sci(QL_IV_ACCURACY)})`,
      qlFast.rows,
      r.qlFast,
      q,
      qFail,
      `fast-path reference: Newton-safe from QuantLib's own approximation, accuracy on σ√τ, ≤ ${QL_IV_MAX_EVALUATIONS} iterations; F, DF per row`,
      { reference: 'fast' },
    ),
    row(
      `QuantLib-js blackFormulaImpliedStdDev (default accuracy ${sci(QL_IV_DEFAULT_ACCURACY)})`,
      qlDefault.rows,
      r.qlDefault,
      qd,
      qdFail,
      'as above with the library default accuracy: faster, far less precise',
      { sameWork: false },
    ),
    row(
      '@uqee/black-scholes .sigma() (defaults)',
      uq.rows,
      r.uq,
      u,
      u.nonFinite,
      'bisection on [0, 2] to |price error| < 1e-3, single-precision CDF; returns 0 on failure',
      { sameWork: false },
    ),
    row(
      "@uqee/black-scholes .sigma() ('double', bisection, accuracy 1e-12)",
      uq2.rows,
      r.uq2,
      u2,
      u2.nonFinite,
      'bisection on [0, 2] to |price error| < 1e-12, double-precision CDF',
    ),
    row(
      "@uqee/black-scholes .sigma() ('double', newton-raphson, accuracy 1e-12, 100 iterations)",
      uq3.rows,
      r.uq3,
      u3,
      u3.nonFinite,
      'Newton from √(2π/τ)·price/S; returns 0 when the vega vanishes or the cap is hit',
    ),
    row(
      'implied-volatility',
      ivn.rows,
      r.ivn,
      iv,
      iv.nonFinite,
      'bisection, 100 steps of the black-scholes package; cannot report failure',
    ),
    row(
      'QuantLib-js VanillaOption.impliedVolatility, object graph per row',
      graph.rows,
      r.graph,
      gq,
      gFail,
      `object-graph reference: Brent, accuracy ${sci(QL_IV_ACCURACY)}, ${QL_IV_MAX_EVALUATIONS} evals, ` +
        `vol in [${sci(QL_IV_MIN_VOL)}, ${QL_IV_MAX_VOL}]; clones the process per call; row objects rebuilt untimed each pass`,
      { reference: 'graph' },
    ),
  );

  const checks: Check[] = [
    speedCheck(
      `Implied vol: ours scalar ≥ 6× QuantLib-js blackFormulaImpliedStdDev (accuracy ${sci(QL_IV_ACCURACY)})`,
      r.scalar,
      r.qlFast,
      6,
    ),
    speedCheck(
      `Implied vol: ours scalar ≥ 6× QuantLib-js blackFormulaImpliedStdDev (default accuracy)`,
      r.scalar,
      r.qlDefault,
      6,
    ),
    speedCheck('Implied vol: impliedVolBatch ≥ 1.3× impliedVol scalar', r.batch, r.scalar, 1.3),
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
      text: 'Implied vol: impliedVolBatch, WebAssembly and JavaScript paths, equals impliedVol bit for bit (all rows)',
      measured: `${mismatch} + ${mismatchJs} mismatches`,
      met: mismatch + mismatchJs === 0,
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
  const slices = sliceByKind(g);
  const shared = qlSharedBarrierBook(g, QL_FAST_ROWS);
  const m = shared.rows;
  const qP = new Float64Array(m);
  const graph = qlBarrierBook(g, QL_ROWS);
  const gP = new Float64Array(graph.rows);
  const r = runCases({
    scalar: {
      opsPerPass: n,
      pass: () => {
        for (let i = 0; i < n; i++) sP[i] = barrierPrice(inputs[i]);
      },
    },
    batch: {
      opsPerPass: n,
      pass: () => {
        for (const s of slices) barrierPriceBatch({ kind: s.kind, ...s.cols }, s.out);
      },
    },
    shared: { opsPerPass: m, beforePass: shared.invalidate, pass: () => shared.run(qP) },
    graph: { opsPerPass: graph.rows, beforePass: graph.invalidate, pass: () => graph.run(gP) },
  });
  const bP = new Float64Array(n);
  for (const s of slices) for (let j = 0; j < s.index.length; j++) bP[s.index[j]] = s.out[j];

  const sp = diffStats(sP, qP, m, REL_FLOOR);
  const bp = diffStats(bP, qP, m, REL_FLOOR);
  const gp = diffStats(gP, qP, graph.rows, REL_FLOOR);
  const mismatch = bitMismatches(bP, sP, n);
  const worst =
    sp.worst < 0
      ? ''
      : `; largest diff at ${inputs[sp.worst].kind} ${inputs[sp.worst].type} K=${inputs[sp.worst].strike.toFixed(2)} ` +
        `H=${inputs[sp.worst].barrier.toFixed(2)} rebate=${inputs[sp.worst].rebate} ` +
        `(ours ${sP[sp.worst].toPrecision(15)}, QL ${qP[sp.worst].toPrecision(15)})`;
  rows.push(
    {
      library: 'crashscope barrierPrice (scalar)',
      rows: n,
      bench: r.scalar,
      role: 'ours',
      headline: true,
      maxAbsErr: sp.maxAbs,
      maxRelErr: sp.maxRel,
      failures: sp.nonFinite,
      notes: `price only${worst}`,
    },
    {
      library: 'crashscope barrierPriceBatch (4 calls, one per kind)',
      rows: n,
      bench: r.batch,
      role: 'ours',
      maxAbsErr: bp.maxAbs,
      maxRelErr: bp.maxRel,
      failures: bp.nonFinite,
      notes: mismatch === 0 ? 'bit-identical to scalar' : `${mismatch} rows differ from scalar`,
    },
    {
      library: 'QuantLib-js AnalyticBarrierEngine, one shared object graph',
      rows: m,
      bench: r.shared,
      role: 'peer',
      reference: 'fast',
      notes:
        'fast-path reference (error reference): one process and engine; per row 4 quote setValue, setupArguments, engine.calculate()',
    },
    {
      library: 'QuantLib-js AnalyticBarrierEngine, object graph per row',
      rows: graph.rows,
      bench: r.graph,
      role: 'peer',
      reference: 'graph',
      maxAbsErr: gp.maxAbs,
      maxRelErr: gp.maxRel,
      failures: gp.nonFinite,
      notes: 'object-graph reference: 4 quote setValue + NPV per row',
    },
  );

  const checks: Check[] = [
    speedCheck(
      'Barrier: ours scalar ≥ 20× QuantLib-js AnalyticBarrierEngine (shared graph)',
      r.scalar,
      r.shared,
      20,
    ),
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
    errorNote: `price vs QuantLib-js (shared graph) on its ${m.toLocaleString('en-US')} rows`,
    rows,
    checks,
    notes: [
      `barriers: down at 50–99 % of spot, up at 101–150 %; the eight kind × type combinations and rebate 0 / 3 ` +
        `in equal proportions (seed ${SEED + 3}); rebate paid at the hit for knock-outs, at expiry for knock-ins.`,
    ],
  };
}
