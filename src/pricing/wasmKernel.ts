import { colStride, signArray } from './columns.js';
import { TAU as LBR_TAU } from './lbrBlack.js';
import type { Col, TypeCol } from './types.js';
import { PRICING_WASM_BASE64 } from './wasmBytes.generated.js';

/*
 * The WebAssembly batch kernels (source: wasm/pricingKernel.ts, AssemblyScript; bytes: wasmBytes.generated.ts)
 * and their loader. The kernels compute every row with the same operations as the JavaScript code, with
 * fdlibm's exp, expm1 and log as V8 runs them, so their results are bit-identical to the JavaScript path; what
 * they save is the call into C for every Math.exp / Math.log, in the implied-vol solver the heap boxing of
 * every double passed between its functions, and in the Black–Scholes kernels half the instructions: two
 * rows go through each f64x2 SIMD instruction (wasm/simd.ts).
 *
 * Loading: the first batch call compiles the ~50 KB module synchronously (Node, workers, and browsers that
 * allow it); where synchronous compilation is refused (some browsers' main threads) or WebAssembly (with
 * SIMD) is absent,
 * the batch functions run their JavaScript loops. {@link initPricingWasm} compiles asynchronously, for
 * browsers; {@link setPricingWasm}(false) forces the JavaScript path (tests, comparisons).
 */

/** The kernel module's exports (see wasm/pricingKernel.ts). */
interface KernelExports {
  readonly memory: WebAssembly.Memory;
  chunkRows(): number;
  signOffset(): number;
  inputOffset(k: number): number;
  outputOffset(k: number): number;
  priceDeltaGamma(n: number, mask: number): void;
  greeks(n: number, mask: number): void;
  impliedVol(n: number, mask: number, maxIterations: number, tau2: number): void;
  greeksGrid(n: number, m: number, mask: number, p0: number): void;
}

/** The kernel's one import: Math.cbrt (used only in the lowest branch of the implied-vol solver). */
const IMPORTS = { env: { cbrt: Math.cbrt } };

/** An instantiated kernel with typed views on its fixed-size memory. */
export interface PricingWasm {
  readonly exports: KernelExports;
  readonly chunk: number;
  readonly f64: Float64Array;
  readonly i8: Int8Array;
  readonly signAt: number;
  /** Float64 indices of the input and output columns. */
  readonly inAt: readonly number[];
  readonly outAt: readonly number[];
}

type State = 'untried' | 'ready' | 'unavailable';
let state: State = 'untried';
let kernel: PricingWasm | undefined;
let enabled = true;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function wrap(instance: WebAssembly.Instance): PricingWasm {
  const e = instance.exports as unknown as KernelExports;
  const buffer = e.memory.buffer;
  return {
    exports: e,
    chunk: e.chunkRows(),
    f64: new Float64Array(buffer),
    i8: new Int8Array(buffer),
    signAt: e.signOffset(),
    inAt: Array.from({ length: 7 }, (_, k) => e.inputOffset(k) / 8),
    outAt: Array.from({ length: 8 }, (_, k) => e.outputOffset(k) / 8),
  };
}

/**
 * The kernel, compiled synchronously on first use; undefined when disabled or when WebAssembly is not
 * available here (the caller then runs its JavaScript loop).
 */
export function pricingWasm(): PricingWasm | undefined {
  if (!enabled) return undefined;
  if (state === 'untried') {
    try {
      const module = new WebAssembly.Module(decodeBase64(PRICING_WASM_BASE64));
      kernel = wrap(new WebAssembly.Instance(module, IMPORTS));
      state = 'ready';
    } catch {
      state = 'unavailable';
    }
  }
  return kernel;
}

/**
 * Compiles the WebAssembly kernels asynchronously (for browsers that refuse synchronous compilation on the
 * main thread); resolves true when they are in use, false when the JavaScript loops will run instead.
 * Optional: without it, the first batch call compiles synchronously where it can.
 * @example await initPricingWasm() // true in Node
 */
export async function initPricingWasm(): Promise<boolean> {
  if (state !== 'ready') {
    try {
      const { instance } = await WebAssembly.instantiate(decodeBase64(PRICING_WASM_BASE64), IMPORTS);
      kernel = wrap(instance);
      state = 'ready';
    } catch {
      state = 'unavailable';
    }
  }
  return enabled && state === 'ready';
}

/**
 * Turns the WebAssembly kernels on (default) or off; off, every batch function runs its JavaScript loop.
 * Results are the same bit for bit either way.
 * @example setPricingWasm(false); bsPriceDeltaGammaBatch(cols) // JavaScript loop
 */
export function setPricingWasm(on: boolean): void {
  enabled = on;
}

/**
 * Which path the batch functions take now: 'wasm', 'js' (disabled or unavailable) or 'untried' (not yet
 * compiled; the next batch call tries).
 * @example pricingWasmStatus() // 'untried' before the first batch call, then 'wasm' in Node
 */
export function pricingWasmStatus(): 'wasm' | 'js' | 'untried' {
  if (!enabled) return 'js';
  return state === 'ready' ? 'wasm' : state === 'unavailable' ? 'js' : 'untried';
}

/**
 * Runs kernel `which` over rows [0, n) in chunks: copies the columns in (a constant column once into slot
 * 0), calls the kernel, copies `outs.length` output columns out. Columns: spot, strike, tau, rate, divYield,
 * then vol (Black–Scholes kernels) or price (implied vol).
 */
export function runKernel(
  k: PricingWasm,
  which: 'priceDeltaGamma' | 'greeks' | 'impliedVol',
  n: number,
  type: TypeCol,
  cols: readonly Col[],
  outs: readonly Float64Array[],
): void {
  const { f64, i8, chunk, inAt, outAt, signAt } = k;
  let mask = colStride(type);
  for (let c = 0; c < cols.length; c++) mask |= colStride(cols[c]) << (c + 1);
  const signs = signArray(type);
  if (typeof type === 'string') i8[signAt] = signs[0];
  for (let c = 0; c < cols.length; c++) {
    const col = cols[c];
    if (typeof col === 'number') f64[inAt[c]] = col;
  }
  const e = k.exports;
  for (let off = 0; off < n; off += chunk) {
    const m = Math.min(chunk, n - off);
    if (typeof type !== 'string') i8.set(signs.subarray(off, off + m), signAt);
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c];
      if (typeof col !== 'number') f64.set(col.subarray(off, off + m), inAt[c]);
    }
    if (which === 'priceDeltaGamma') e.priceDeltaGamma(m, mask);
    else if (which === 'greeks') e.greeks(m, mask);
    // Jäckel's two Householder steps; the solver's constant 2·ε^(1/16) exactly as lbrBlack.ts has it.
    else e.impliedVol(m, mask, 2, LBR_TAU);
    for (let o = 0; o < outs.length; o++) outs[o].set(f64.subarray(outAt[o], outAt[o] + m), off);
  }
}

/**
 * Runs the grid kernel (wasm/greeksGrid.ts) for options [from, to) of `cols` (strike, tau, rate, divYield,
 * vol, weight, scale) at `prices` (with lnP[j] = ln(prices[j]/p0)), adding into `sums` (value, delta,
 * gamma·P accumulators, zero on entry). Grid prices go in chunks of the kernel's chunk size, and for each
 * chunk the options in chunks: every sum still adds the options in order, as the JavaScript loop does.
 */
export function runGridKernel(
  k: PricingWasm,
  type: TypeCol,
  cols: readonly Col[],
  from: number,
  to: number,
  prices: Float64Array,
  lnP: Float64Array,
  p0: number,
  sums: readonly [Float64Array, Float64Array, Float64Array],
): void {
  const { f64, i8, chunk, inAt, outAt, signAt } = k;
  let mask = colStride(type);
  for (let c = 0; c < cols.length; c++) mask |= colStride(cols[c]) << (c + 1);
  const signs = signArray(type);
  const m = prices.length;
  for (let p = 0; p < m; p += chunk) {
    const mp = Math.min(chunk, m - p);
    f64.set(prices.subarray(p, p + mp), outAt[0]);
    f64.set(lnP.subarray(p, p + mp), outAt[1]);
    for (let o = 0; o < 3; o++) f64.fill(0, outAt[2 + o], outAt[2 + o] + mp);
    if (typeof type === 'string') i8[signAt] = signs[0];
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c];
      if (typeof col === 'number') f64[inAt[c]] = col;
    }
    for (let off = from; off < to; off += chunk) {
      const n = Math.min(chunk, to - off);
      if (typeof type !== 'string') i8.set(signs.subarray(off, off + n), signAt);
      for (let c = 0; c < cols.length; c++) {
        const col = cols[c];
        if (typeof col !== 'number') f64.set(col.subarray(off, off + n), inAt[c]);
      }
      k.exports.greeksGrid(n, mp, mask, p0);
    }
    for (let o = 0; o < 3; o++) sums[o].set(f64.subarray(outAt[2 + o], outAt[2 + o] + mp), p);
  }
}
