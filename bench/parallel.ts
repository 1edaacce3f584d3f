import { type PricingPool, sharedFloat64, sharedInt8 } from '../src/parallel/pricingPool.js';
import { type BsGridBook, bsGammaGrid } from '../src/pricing/bsGrid.js';
import { bsGreeksGrid, type GridOptions } from '../src/pricing/greeksGrid.js';
import { bsPriceDeltaGammaBatch } from '../src/pricing/priceDeltaGammaBatch.js';
import { vanillaGrid } from './grid.js';
import { measureInterleavedAsync } from './harness.js';
import { type BookPeer, qlGridPeer, uqeeGridPeer } from './peers/gridPeers.js';
import { speedCheck } from './pricing.js';
import type { Check, ResultRow, SuiteResult } from './report.js';
import { seededRng } from './rng.js';

/*
 * Suites 4 and 5: the grid kernels ("N options × M underlying prices", summed per price: the work of a dealer
 * gamma profile or a fragility scan) and the worker pool on both cores.
 */

export const GRID_OPTIONS = 2000;
export const GRID_PRICES = 1000;
/** Options given to the per-point peers (each still sees all grid prices); ops/s is per option-point. */
export const GRID_PEER_OPTIONS = 50;
/** Options re-priced as flattened rows by bsPriceDeltaGammaBatch (N·M rows would not fit in memory). */
export const GRID_FLAT_OPTIONS = 200;
export const POOL_ROWS = 1_000_000;
export const POOL_THREADS = 2;
const SEED = 20260205;
const SPOT = 70000;

/** A seeded BTC-like book: strikes e^U(−0.6, 0.6) around 70,000, 1–365 days, vol 30–120 %, ±1,000 contracts. */
export function gridBook(n: number, seed: number): GridOptions & { readonly n: number } {
  const rng = seededRng(seed);
  const type = new Int8Array(n);
  const strike = new Float64Array(n);
  const tau = new Float64Array(n);
  const vol = new Float64Array(n);
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    type[i] = rng.next() < 0.5 ? 1 : -1;
    strike[i] = SPOT * Math.exp(rng.uniform(-0.6, 0.6));
    tau[i] = rng.int(1, 365) / 365;
    vol[i] = rng.uniform(0.3, 1.2);
    weight[i] = rng.int(-1000, 1000);
  }
  return { n, type, strike, tau, rate: 0.04, divYield: 0, vol, weight };
}

/** Log-spaced grid prices from lo to hi. */
export function gridPrices(lo: number, hi: number, m: number): Float64Array {
  return Float64Array.from({ length: m }, (_, j) => lo * (hi / lo) ** (j / (m - 1)));
}

function firstOptions(b: GridOptions & { n: number }, k: number): GridOptions & { n: number } {
  const s = (c: Float64Array | number | undefined) => (typeof c === 'object' ? c.subarray(0, k) : c);
  return {
    n: k,
    type: (b.type as Int8Array).subarray(0, k),
    strike: s(b.strike) as Float64Array,
    tau: s(b.tau) as Float64Array,
    rate: b.rate,
    divYield: b.divYield,
    vol: s(b.vol) as Float64Array,
    weight: s(b.weight) as Float64Array,
  };
}

/** Suite 4: grid kernels against per-point libraries and against flattened batch rows. */
export async function gridSuite(pool: PricingPool): Promise<SuiteResult> {
  const book = gridBook(GRID_OPTIONS, SEED);
  const prices = gridPrices(30000, 150000, GRID_PRICES);
  const ops = GRID_OPTIONS * GRID_PRICES;
  const gOut = new Float64Array(GRID_PRICES);
  // The same book in bsGrid.ts form (the dealer-profile kernel): driver = grid price, scale 1.
  const n = book.n;
  const gBook: BsGridBook = {
    n,
    spot: SPOT,
    sign: book.type as Int8Array,
    strike: book.strike as Float64Array,
    scale: new Float64Array(n).fill(1),
    tau: book.tau as Float64Array,
    rate: new Float64Array(n).fill(0.04),
    divYield: new Float64Array(n),
    vol: book.vol as Float64Array,
    units: book.weight as Float64Array,
  };
  const aOut = {
    price: new Float64Array(GRID_PRICES),
    delta: new Float64Array(GRID_PRICES),
    gamma: new Float64Array(GRID_PRICES),
    cashGamma: new Float64Array(GRID_PRICES),
  };
  const pOut = new Float64Array(GRID_PRICES);

  // Flattened rows: every (option, price) pair of the first GRID_FLAT_OPTIONS options as a batch row.
  const fo = GRID_FLAT_OPTIONS;
  const flatN = fo * GRID_PRICES;
  const flat = {
    type: new Int8Array(flatN),
    spot: new Float64Array(flatN),
    strike: new Float64Array(flatN),
    tau: new Float64Array(flatN),
    rate: 0.04,
    divYield: 0,
    vol: new Float64Array(flatN),
  };
  for (let i = 0; i < fo; i++) {
    for (let j = 0; j < GRID_PRICES; j++) {
      const r = i * GRID_PRICES + j;
      flat.type[r] = (book.type as Int8Array)[i];
      flat.spot[r] = prices[j];
      flat.strike[r] = (book.strike as Float64Array)[i];
      flat.tau[r] = (book.tau as Float64Array)[i];
      flat.vol[r] = (book.vol as Float64Array)[i];
    }
  }
  const fOut = {
    price: new Float64Array(flatN),
    delta: new Float64Array(flatN),
    gamma: new Float64Array(flatN),
  };
  const flatSums = {
    price: new Float64Array(GRID_PRICES),
    delta: new Float64Array(GRID_PRICES),
    gamma: new Float64Array(GRID_PRICES),
  };
  const w = book.weight as Float64Array;

  const peerBook = firstOptions(book, GRID_PEER_OPTIONS);
  const ql: BookPeer = qlGridPeer(peerBook, prices);
  const uq: BookPeer = uqeeGridPeer(peerBook, prices);
  const peerOps = GRID_PEER_OPTIONS * GRID_PRICES;

  const [gamma, all, pooled, flatR, qlR, uqR] = await measureInterleavedAsync([
    { opsPerPass: ops, pass: () => void bsGammaGrid(gBook, prices, gOut) },
    { opsPerPass: ops, pass: () => void bsGreeksGrid(book, prices, aOut) },
    { opsPerPass: ops, pass: async () => void (await pool.gammaGrid(gBook, prices, pOut)) },
    {
      opsPerPass: flatN,
      pass: () => {
        bsPriceDeltaGammaBatch(flat, fOut);
        flatSums.price.fill(0);
        flatSums.delta.fill(0);
        flatSums.gamma.fill(0);
        for (let i = 0; i < fo; i++) {
          const wi = w[i];
          for (let j = 0; j < GRID_PRICES; j++) {
            const r = i * GRID_PRICES + j;
            flatSums.price[j] += wi * fOut.price[r];
            flatSums.delta[j] += wi * fOut.delta[r];
            flatSums.gamma[j] += wi * fOut.gamma[r];
          }
        }
      },
    },
    { opsPerPass: peerOps, pass: () => ql.run() },
    { opsPerPass: peerOps, pass: () => uq.run() },
  ]);

  // Accuracy: our grid on the peers' options against QuantLib-js summed per point.
  const ours = bsGreeksGrid(peerBook, prices);
  let maxRelGamma = 0;
  let maxRelDelta = 0;
  for (let j = 0; j < GRID_PRICES; j++) {
    maxRelGamma = Math.max(maxRelGamma, Math.abs(ours.gamma[j] - ql.gamma[j]) / ql.gammaAbs[j]);
    maxRelDelta = Math.max(maxRelDelta, Math.abs(ours.delta[j] - ql.delta[j]) / ql.deltaAbs[j]);
  }
  const rows: ResultRow[] = [
    {
      library: 'crashscope bsGammaGrid (one thread)',
      rows: ops,
      bench: gamma,
      role: 'ours',
      notes:
        'gamma and cash gamma per 1 % only (less work than the peers), summed per price; one exp per option-point',
    },
    {
      library: 'crashscope bsGreeksGrid (one thread)',
      rows: ops,
      bench: all,
      role: 'ours',
      headline: true,
      notes: `value, delta, gamma, cash gamma summed per price; vs QuantLib-js per point: max rel diff of the sums delta ${maxRelDelta.toExponential(1)}, gamma ${maxRelGamma.toExponential(1)} (relative to Σ|terms|)`,
    },
    {
      library: `crashscope PricingPool.gammaGrid (${POOL_THREADS} threads)`,
      rows: ops,
      bench: pooled,
      role: 'ours',
      notes: 'options split over the calling thread and one worker; partial sums added',
    },
    {
      library: 'crashscope bsPriceDeltaGammaBatch on flattened option × price rows',
      rows: flatN,
      bench: flatR,
      role: 'ours',
      notes: `${fo} options × ${GRID_PRICES} prices as batch rows, then weighted sums: what a caller without the grid kernel does`,
    },
    {
      library: 'QuantLib-js BlackCalculator per option-point',
      rows: peerOps,
      bench: qlR,
      role: 'peer',
      reference: 'fast',
      notes: `fast-path reference; ${GRID_PEER_OPTIONS} options × ${GRID_PRICES} prices, new BlackCalculator per point, weighted sums`,
    },
    {
      library: "@uqee/black-scholes .option() ('double') per option-point",
      rows: peerOps,
      bench: uqR,
      role: 'peer',
      notes: `${GRID_PEER_OPTIONS} options × ${GRID_PRICES} prices, weighted sums`,
    },
  ];
  const checks: Check[] = [
    speedCheck('Grid: bsGreeksGrid ≥ 3× QuantLib-js BlackCalculator per option-point', all, qlR, 3),
    {
      kind: 'accuracy',
      text: 'Grid: bsGreeksGrid vs QuantLib-js per point, delta and gamma sums within 1e-12 of Σ|terms|',
      measured: `${maxRelDelta.toExponential(1)}, ${maxRelGamma.toExponential(1)}`,
      met: maxRelDelta <= 1e-12 && maxRelGamma <= 1e-12,
    },
  ];
  return {
    name: `Grid: ${GRID_OPTIONS.toLocaleString('en-US')} options × ${GRID_PRICES.toLocaleString('en-US')} prices`,
    errorNote: 'see Notes (sums compared with QuantLib-js per point on the peers’ options)',
    rows,
    checks,
    notes: [
      `book: seeded (seed ${SEED}) BTC-like options, strikes 70,000·e^U(−0.6, 0.6), 1–365 days, vol 30–120 %, rate 4 %, ` +
        `±1,000 contracts; grid: ${GRID_PRICES} log-spaced prices 30,000–150,000. ops/s counts option-points.`,
    ],
  };
}

/** Suite 5: one batch of POOL_ROWS rows on one thread and on the pool. */
export async function poolSuite(pool: PricingPool): Promise<SuiteResult> {
  const g = vanillaGrid(POOL_ROWS, SEED);
  const n = g.n;
  const shared = <T extends Float64Array | Int8Array>(a: T, make: (k: number) => T): T => {
    const s = make(a.length);
    s.set(a);
    return s;
  };
  const cols = {
    type: shared(g.sign, sharedInt8),
    spot: shared(g.spot, sharedFloat64),
    strike: shared(g.strike, sharedFloat64),
    tau: shared(g.tau, sharedFloat64),
    rate: shared(g.rate, sharedFloat64),
    divYield: shared(g.divYield, sharedFloat64),
    vol: shared(g.vol, sharedFloat64),
  };
  const one = { price: sharedFloat64(n), delta: sharedFloat64(n), gamma: sharedFloat64(n) };
  const two = { price: sharedFloat64(n), delta: sharedFloat64(n), gamma: sharedFloat64(n) };
  const [single, pooled] = await measureInterleavedAsync([
    { opsPerPass: n, pass: () => void bsPriceDeltaGammaBatch(cols, one) },
    { opsPerPass: n, pass: async () => void (await pool.priceDeltaGamma(cols, two)) },
  ]);
  let mismatch = 0;
  for (const k of ['price', 'delta', 'gamma'] as const) {
    for (let i = 0; i < n; i++) if (!Object.is(one[k][i], two[k][i])) mismatch++;
  }
  return {
    name: `Both cores: bsPriceDeltaGammaBatch, ${POOL_ROWS.toLocaleString('en-US')} rows`,
    errorNote: 'pooled rows against the single-thread rows',
    rows: [
      {
        library: `crashscope PricingPool.priceDeltaGamma (${POOL_THREADS} threads)`,
        rows: n,
        bench: pooled,
        role: 'ours',
        headline: true,
        failures: mismatch,
        notes: `calling thread + ${POOL_THREADS - 1} worker, SharedArrayBuffer columns; ${mismatch === 0 ? 'bit-identical to one thread' : `${mismatch} values differ`}`,
      },
      {
        library: 'crashscope bsPriceDeltaGammaBatch (one thread)',
        rows: n,
        bench: single,
        role: 'ours',
        notes: 'same rows, same outputs',
      },
    ],
    checks: [
      speedCheck(
        `Pool: ${POOL_THREADS} threads ≥ 1.8× one thread at ${POOL_ROWS.toLocaleString('en-US')} rows`,
        pooled,
        single,
        1.8,
      ),
      {
        kind: 'accuracy',
        text: 'Pool: pooled rows equal the single-thread rows bit for bit',
        measured: `${mismatch} mismatches`,
        met: mismatch === 0,
      },
    ],
    notes: [
      `rows: the seeded grid of the Greeks suite, ${POOL_ROWS.toLocaleString('en-US')} rows, on SharedArrayBuffer columns.`,
    ],
  };
}
