import { parseInstantMs } from '../core/time.js';
import { InvalidInputError } from '../errors.js';
import { bsExposureGrid, bsGammaGrid } from '../pricing/index.js';
import type { OptionType } from '../pricing/types.js';
import { checkedGrid } from './btcAxis.js';

/*
 * Dealer positioning on one BTC axis (DESIGN.md H4; conventions in section 3): the chain resolved into a
 * dealer book (`dealerBook`, priced by the dealer-options channel, src/channels/dealerOptions.ts, whose book
 * the forensics positioning section reads) and pure profile helpers over it.
 *
 * Every option of the chain is re-priced at every point S of a BTC price grid, with its own tau (ACT/365
 * from `asOf` to its expiry) and its own implied vol held fixed (sticky strike):
 *  - ETF options (IBIT): generalized BSM on the share price U = S · btcPerShare, rate `rate`, no dividend
 *    (IBIT pays none). One contract = multiplier shares = multiplier · btcPerShare BTC.
 *  - BTC options (Deribit, underlying 'BTC'): the USD value of a coin-settled option is the Black-76 value on
 *    the forward of its expiry (src/pricing/inverse.ts), 1 BTC per contract. The forward moves with spot at
 *    the chain's own basis, U = S · underlying_price / spot, and is discounted at `forwardRate` (Deribit
 *    marks use 0). Black-76 is BSM with q = r (Haug 2007, p. 4).
 *
 * Exposures are USD from the DEALER's side (positive = dealers long gamma, hedging dampens moves):
 *   dollar gamma per 1 % = Γ_U · U² · 0.01 · units, vanna per vol point = vanna_U · U · 0.01 · units,
 *   charm per day = charm_U · U · units / 365 (src/pricing/exposures.ts), units = dealer contracts ·
 *   multiplier. A 1 % move of BTC is a 1 % move of U (U is proportional to S), so dollar gamma per 1 % is
 *   the same on the BTC axis as on the option's own underlying.
 * Greeks are Haug (2007) ch. 2: gamma e^{-qτ} n(d1)/(U σ√τ) (p. 27), vanna −e^{-qτ} n(d1) d2/σ (p. 33),
 * charm φ q e^{-qτ} N(φ d1) − e^{-qτ} n(d1) [b/(σ√τ) − d2/(2τ)] (p. 24, calendar-time sign).
 *
 * Speed: the grid kernel lives in crashscope/pricing (bsGrid.ts): per option it precomputes σ√τ, e^{-qτ},
 * position · units · scale and the constant part of d1; per grid point x_j = ln(S_j / spot) once. Then
 * d1 = x_j / (σ√τ) + c_i is one multiply-add and n(d1) one exp; vanna and charm reuse that exp. Measuring
 * ln S relative to spot keeps both parts of d1 small, so d1 carries an absolute error of a few ulps of 1
 * rather than of ln S ≈ 11. Points with |d1| > 38.7 are skipped: there exp(−d1²/2) underflows to exactly 0
 * (e^{−748} is below the smallest subnormal), so skipping changes nothing. The common factor S_j is applied
 * once per point after the sum.
 */

/** The columns of an `option_chain` row (docs/DATA.md) that positioning reads. */
export interface ChainOptionRow {
  readonly venue: string;
  /** 'BTC' for coin options (Deribit), else an ETF ticker present in `btcPerShare` (e.g. 'IBIT'). */
  readonly underlying: string;
  /** Expiry instant (Date, or ISO-8601 text such as 2026-02-20T21:00:00Z). */
  readonly expiry: Date | string;
  /** USD per share (ETF) or USD per BTC. */
  readonly strike: number;
  readonly option_type: OptionType;
  /** Contracts. */
  readonly open_interest: number;
  /** Annualized decimal; null when the source has none (then the fallback below fills it). */
  readonly iv: number | null;
  /** USD: the ETF price, or for BTC options the forward of the expiry (Deribit's underlying_price). */
  readonly underlying_price: number;
  /** Signed contracts from the dealer's side (+ long), when known. */
  readonly dealer_position: number | null;
  /** Units of underlying per contract: 100 shares for IBIT, 1 BTC for Deribit. */
  readonly multiplier: number;
}

/** A dealer position in contracts (+ long, − short) for a row, from a caller's own model. */
export type DealerPositionFn = (row: ChainOptionRow, index: number) => number;

/**
 * How dealer positions are assigned:
 * - `'naive'`: the conventional GEX assumption that customers sell calls (overwriting) and buy puts
 *   (protection), so dealers are LONG calls and SHORT puts: position = +OI for calls, −OI for puts;
 * - `'positions'`: the chain's signed `dealer_position` column (rows without it count as 0 and are counted);
 * - a function row -> dealer contracts;
 * - a map from {@link chainOptionKey} to dealer contracts (rows missing from the map count as 0 and are counted).
 */
export type SignModel = 'naive' | 'positions' | DealerPositionFn | ReadonlyMap<string, number>;

export interface DealerBookOptions {
  /** Valuation instant. */
  readonly asOf: Date | string;
  /** Current BTC price, USD (the reference of the grid mapping and of the hedge flow). */
  readonly spot: number;
  /** BTC held per ETF share by ticker, e.g. { IBIT: 0.000568 }. */
  readonly btcPerShare: Readonly<Record<string, number>>;
  /** Default 'naive'. */
  readonly signModel?: SignModel;
  /** Continuously compounded USD rate for ETF options. Default 0. */
  readonly rate?: number;
  /** Discount rate of the Black-76 value of BTC options. Default 0 (Deribit marks are undiscounted). */
  readonly forwardRate?: number;
}

/** What happened to the chain's rows while building a book. */
export interface BookDiagnostics {
  readonly rows: number;
  /** Rows in the book (non-zero position, unexpired, with a vol). */
  readonly used: number;
  /** Expiry at or before asOf: left out. */
  readonly expired: number;
  /** Dealer position 0: left out. */
  readonly zeroPosition: number;
  /** 'positions' rows with a null dealer_position, or rows missing from a position map: taken as 0. */
  readonly positionMissing: number;
  /** IV missing on the row and taken from the nearest strike of the same venue, underlying and expiry. */
  readonly ivFilled: number;
  /** IV missing on the row and on every row of its expiry: left out. */
  readonly ivUnavailable: number;
}

/**
 * A chain resolved into struct-of-arrays form, one entry per option kept. The option's own underlying
 * price at BTC price S is U = S · scale; its value is BSM(U, strike, tau, rate, divYield, vol).
 */
export interface DealerBook {
  readonly n: number;
  /** BTC price at which the book was built, USD. */
  readonly spot: number;
  readonly venues: readonly string[];
  /** Index into `venues`. */
  readonly venueIndex: Int32Array;
  /** Index of the source row in the chain. */
  readonly rowIndex: Int32Array;
  /** +1 call, −1 put. */
  readonly sign: Int8Array;
  readonly strike: Float64Array;
  /** Underlying price per USD of BTC price: btcPerShare for ETF options, forward/spot for BTC options. */
  readonly scale: Float64Array;
  readonly tau: Float64Array;
  readonly rate: Float64Array;
  readonly divYield: Float64Array;
  readonly vol: Float64Array;
  /** Dealer position × multiplier: units of the option's own underlying (shares or BTC), signed. */
  readonly units: Float64Array;
  /** Dealer position in BTC-equivalent units, signed. */
  readonly btcUnits: Float64Array;
  readonly diagnostics: BookDiagnostics;
}

/** Gamma, vanna and charm of one venue (or of the total) over the grid, USD from the dealer's side. */
export interface VenueExposure {
  /** Dollar gamma per 1 % move of BTC, USD. */
  readonly gex: Float64Array;
  /** Change of the dealers' delta, USD, for +1 vol point (0.01) of every IV. */
  readonly vanna: Float64Array;
  /** Change of the dealers' delta, USD, over one calendar day. */
  readonly charm: Float64Array;
}

export interface ExposureProfile extends VenueExposure {
  /** BTC prices, USD. */
  readonly grid: Float64Array;
  /** Per venue (`option_chain.venue`); the venue arrays sum to the totals. */
  readonly byVenue: Readonly<Record<string, VenueExposure>>;
}

/** A contiguous range of BTC prices where dealers are net short gamma. */
export interface GammaBand {
  /** Lower end, USD: the interpolated zero crossing, or the grid's first point when the band reaches it. */
  readonly lo: number;
  readonly hi: number;
  /** The band touches the grid's first point and may continue below it. */
  readonly extendsBelowGrid: boolean;
  readonly extendsAboveGrid: boolean;
  /** Most negative GEX on the band's grid points, USD per 1 %, and where. */
  readonly minGex: number;
  readonly minGexAt: number;
}

const MS_PER_YEAR = 365 * 86_400_000;

function instantMs(t: Date | string, where: string): number {
  const ms = parseInstantMs(t);
  if (!Number.isFinite(ms)) {
    throw new InvalidInputError('invalid_instant', `${where}: not a valid instant: ${String(t)}`, {
      details: { value: String(t) },
    });
  }
  return ms;
}

/**
 * Key of a chain row in a position map: venue|underlying|expiry ISO|strike|type.
 * @example chainOptionKey({ venue: 'cboe', underlying: 'IBIT', expiry: '2026-02-20T21:00:00Z', strike: 40, option_type: 'put' })
 *   // 'cboe|IBIT|2026-02-20T21:00:00.000Z|40|put'
 */
export function chainOptionKey(
  row: Pick<ChainOptionRow, 'venue' | 'underlying' | 'expiry' | 'strike' | 'option_type'>,
): string {
  const iso = new Date(instantMs(row.expiry, 'expiry')).toISOString();
  return `${row.venue}|${row.underlying}|${iso}|${row.strike}|${row.option_type}`;
}

function badRow(i: number, column: string, value: unknown, why: string): InvalidInputError {
  return new InvalidInputError(
    'invalid_option_row',
    `option chain row ${i}: ${column} = ${String(value)} ${why}`,
    {
      details: { row: i, column, value },
    },
  );
}

function isMap(m: SignModel): m is ReadonlyMap<string, number> {
  return typeof m === 'object' && m !== null && typeof (m as ReadonlyMap<string, number>).get === 'function';
}

/**
 * Resolves a chain into a {@link DealerBook}: tau, vol (with the nearest-strike fallback), dealer position,
 * BTC mapping. Throws InvalidInputError naming the row for bad strikes, multipliers, OI, expiries, unknown
 * underlyings, and for non-finite positions from a caller's model.
 * @example dealerBook([{ venue: 'deribit', underlying: 'BTC', expiry: '2026-03-27T08:00:00Z', strike: 70000,
 *   option_type: 'call', open_interest: 10, iv: 0.5, underlying_price: 70000, dealer_position: null, multiplier: 1 }],
 *   { asOf: '2026-02-04T21:00:00Z', spot: 70000, btcPerShare: {} }).btcUnits // Float64Array [10]
 */
export function dealerBook(chain: readonly ChainOptionRow[], opts: DealerBookOptions): DealerBook {
  const asOfMs = instantMs(opts.asOf, 'asOf');
  const spot = opts.spot;
  if (!(spot > 0 && spot < Number.POSITIVE_INFINITY)) {
    throw new InvalidInputError('invalid_spot', `dealerBook: spot must be a positive price, got ${spot}`, {
      details: { spot },
    });
  }
  const rate = opts.rate ?? 0;
  const fwdRate = opts.forwardRate ?? 0;
  if (!Number.isFinite(rate) || !Number.isFinite(fwdRate)) {
    throw new InvalidInputError('invalid_rate', `dealerBook: rates must be finite, got ${rate}, ${fwdRate}`, {
      details: { rate, forwardRate: fwdRate },
    });
  }
  const model = opts.signModel ?? 'naive';
  const m = chain.length;
  const venueIdx = new Map<string, number>();
  const venues: string[] = [];
  const venueIndex = new Int32Array(m);
  const rowIndex = new Int32Array(m);
  const sign = new Int8Array(m);
  const strike = new Float64Array(m);
  const scale = new Float64Array(m);
  const tau = new Float64Array(m);
  const rateA = new Float64Array(m);
  const divA = new Float64Array(m);
  const vol = new Float64Array(m);
  const units = new Float64Array(m);
  const btcUnits = new Float64Array(m);
  let n = 0;
  let expired = 0;
  let zeroPosition = 0;
  let positionMissing = 0;
  let ivFilled = 0;
  let ivUnavailable = 0;
  let ivIndex: Map<string, IvPoint[]> | undefined;

  for (let i = 0; i < m; i++) {
    const row = chain[i];
    const phi = row.option_type === 'call' ? 1 : row.option_type === 'put' ? -1 : 0;
    if (phi === 0) throw badRow(i, 'option_type', row.option_type, "is not 'call' or 'put'");
    if (!(row.strike > 0 && row.strike < Number.POSITIVE_INFINITY))
      throw badRow(i, 'strike', row.strike, 'must be a positive price');
    if (!(row.multiplier > 0 && row.multiplier < Number.POSITIVE_INFINITY))
      throw badRow(i, 'multiplier', row.multiplier, 'must be positive');
    if (!(row.open_interest >= 0 && row.open_interest < Number.POSITIVE_INFINITY))
      throw badRow(i, 'open_interest', row.open_interest, 'must be a non-negative number of contracts');
    const expMs = parseInstantMs(row.expiry);
    if (!Number.isFinite(expMs)) throw badRow(i, 'expiry', row.expiry, 'is not a valid instant');

    let sc: number;
    let btcPerUnit: number;
    let r: number;
    let q: number;
    if (row.underlying === 'BTC') {
      if (!(row.underlying_price > 0 && row.underlying_price < Number.POSITIVE_INFINITY))
        throw badRow(
          i,
          'underlying_price',
          row.underlying_price,
          'must be the positive forward of the expiry',
        );
      sc = row.underlying_price / spot;
      btcPerUnit = 1;
      r = fwdRate;
      q = fwdRate;
    } else {
      const bps = Object.hasOwn(opts.btcPerShare, row.underlying)
        ? opts.btcPerShare[row.underlying]
        : undefined;
      if (bps === undefined) {
        throw new InvalidInputError(
          'unknown_underlying',
          `option chain row ${i}: underlying ${row.underlying} is neither 'BTC' nor in btcPerShare (${Object.keys(opts.btcPerShare).join(', ') || 'empty'})`,
          { details: { row: i, underlying: row.underlying } },
        );
      }
      if (!(bps > 0 && bps < Number.POSITIVE_INFINITY)) {
        throw new InvalidInputError(
          'invalid_btc_per_share',
          `btcPerShare.${row.underlying} = ${bps} must be positive`,
          {
            details: { underlying: row.underlying, value: bps },
          },
        );
      }
      sc = bps;
      btcPerUnit = bps;
      r = rate;
      q = 0;
    }

    const t = (expMs - asOfMs) / MS_PER_YEAR;
    if (!(t > 0)) {
      expired++;
      continue;
    }

    let pos: number;
    if (model === 'naive') pos = phi * row.open_interest;
    else if (model === 'positions') {
      const p = row.dealer_position;
      if (p === null || p === undefined) {
        positionMissing++;
        pos = 0;
      } else pos = p;
    } else if (typeof model === 'function') pos = model(row, i);
    else if (isMap(model)) {
      const p = model.get(chainOptionKey(row));
      if (p === undefined) {
        positionMissing++;
        pos = 0;
      } else pos = p;
    } else
      throw new InvalidInputError('invalid_sign_model', `dealerBook: unknown sign model ${String(model)}`);
    if (!Number.isFinite(pos)) throw badRow(i, 'dealer position', pos, 'from the sign model must be finite');
    if (pos === 0) {
      zeroPosition++;
      continue;
    }

    let v = row.iv;
    if (!(v !== null && v > 0 && v < Number.POSITIVE_INFINITY)) {
      ivIndex ??= buildIvIndex(chain);
      v = nearestStrikeIv(ivIndex.get(ivKey(row.venue, row.underlying, expMs)), row.strike, row.option_type);
      if (Number.isNaN(v)) {
        ivUnavailable++;
        continue;
      }
      ivFilled++;
    }

    let vi = venueIdx.get(row.venue);
    if (vi === undefined) {
      vi = venues.length;
      venues.push(row.venue);
      venueIdx.set(row.venue, vi);
    }
    venueIndex[n] = vi;
    rowIndex[n] = i;
    sign[n] = phi;
    strike[n] = row.strike;
    scale[n] = sc;
    tau[n] = t;
    rateA[n] = r;
    divA[n] = q;
    vol[n] = v;
    units[n] = pos * row.multiplier;
    btcUnits[n] = pos * row.multiplier * btcPerUnit;
    n++;
  }

  return {
    n,
    spot,
    venues,
    venueIndex: venueIndex.slice(0, n),
    rowIndex: rowIndex.slice(0, n),
    sign: sign.slice(0, n),
    strike: strike.slice(0, n),
    scale: scale.slice(0, n),
    tau: tau.slice(0, n),
    rate: rateA.slice(0, n),
    divYield: divA.slice(0, n),
    vol: vol.slice(0, n),
    units: units.slice(0, n),
    btcUnits: btcUnits.slice(0, n),
    diagnostics: { rows: m, used: n, expired, zeroPosition, positionMissing, ivFilled, ivUnavailable },
  };
}

interface IvPoint {
  readonly strike: number;
  readonly type: OptionType;
  readonly iv: number;
}

function ivKey(venue: string, underlying: string, expMs: number): string {
  return `${venue}|${underlying}|${expMs}`;
}

function buildIvIndex(chain: readonly ChainOptionRow[]): Map<string, IvPoint[]> {
  const idx = new Map<string, IvPoint[]>();
  for (const row of chain) {
    const iv = row.iv;
    if (!(iv !== null && iv > 0 && iv < Number.POSITIVE_INFINITY)) continue;
    const expMs = parseInstantMs(row.expiry);
    const key = ivKey(row.venue, row.underlying, expMs);
    let list = idx.get(key);
    if (list === undefined) {
      list = [];
      idx.set(key, list);
    }
    list.push({ strike: row.strike, type: row.option_type, iv });
  }
  return idx;
}

/**
 * IV fallback: the quoted IV of the nearest strike (absolute distance) on the same venue, underlying and
 * expiry; on a tie the same option type wins, then the lower strike. NaN when the expiry has no IV at all.
 */
function nearestStrikeIv(list: readonly IvPoint[] | undefined, strike: number, type: OptionType): number {
  if (list === undefined) return Number.NaN;
  let best: IvPoint | undefined;
  let bestDist = Number.POSITIVE_INFINITY;
  for (const p of list) {
    const d = Math.abs(p.strike - strike);
    const better =
      best === undefined ||
      d < bestDist ||
      (d === bestDist && p.type === type && best.type !== type) ||
      (d === bestDist && (p.type === type) === (best.type === type) && p.strike < best.strike);
    if (better) {
      best = p;
      bestDist = d;
    }
  }
  return best === undefined ? Number.NaN : best.iv;
}

/**
 * Total dealer dollar gamma per 1 % move (USD) at each BTC price of `grid`: the fast kernel of
 * crashscope/pricing (bsGrid.ts, one exp per option and point). Writes into `out` when given.
 * @example gammaProfile(book, [60000, 70000, 80000]) // Float64Array of 3 GEX values in USD per 1 %
 */
export function gammaProfile(
  book: DealerBook,
  grid: Float64Array | readonly number[],
  out?: Float64Array,
): Float64Array {
  const g = checkedGrid(grid, 'gammaProfile');
  const m = g.length;
  if (out !== undefined && out.length < m) {
    throw new InvalidInputError(
      'invalid_output',
      `gammaProfile: output has ${out.length} slots, grid has ${m}`,
    );
  }
  return bsGammaGrid(book, g, out ?? new Float64Array(m));
}

/**
 * Dealer gamma (USD per 1 %), vanna (USD per vol point) and charm (USD per day) over a BTC price grid, per
 * venue and in total, every option re-priced at every point (crashscope/pricing bsExposureGrid).
 * @example exposureProfile(book, priceGrid(50000, 90000, 401)).gex // Float64Array(401), USD per 1 %
 */
export function exposureProfile(book: DealerBook, grid: Float64Array | readonly number[]): ExposureProfile {
  const g = checkedGrid(grid, 'exposureProfile');
  const m = g.length;
  const nv = book.venues.length;
  const acc = bsExposureGrid(book, g, book.venueIndex, nv);
  const gex = new Float64Array(m);
  const vanna = new Float64Array(m);
  const charm = new Float64Array(m);
  const byVenue: Record<string, VenueExposure> = {};
  for (let v = 0; v < nv; v++) {
    const off = v * m;
    const vg = acc.gex.subarray(off, off + m);
    const vv = acc.vanna.subarray(off, off + m);
    const vc = acc.charm.subarray(off, off + m);
    for (let j = 0; j < m; j++) {
      gex[j] += vg[j];
      vanna[j] += vv[j];
      charm[j] += vc[j];
    }
    byVenue[book.venues[v]] = { gex: vg, vanna: vv, charm: vc };
  }
  return { grid: g, gex, vanna, charm, byVenue };
}

function crossing(g: Float64Array, v: ArrayLike<number>, a: number, b: number): number {
  // Linear interpolation between two grid points of opposite sign.
  return g[a] + ((g[b] - g[a]) * v[a]) / (v[a] - v[b]);
}

/**
 * Prices where a profile changes sign, by linear interpolation between adjacent grid points of opposite
 * sign. Where the sign changes across grid points that are exactly 0, the middle of that zero run is
 * reported; a touch of 0 without a change of sign is not a crossing. NaN values are skipped.
 * @example zeroCrossings([60000, 70000, 80000], [-2, 2, 6]) // [65000]
 */
export function zeroCrossings(grid: Float64Array | readonly number[], values: ArrayLike<number>): number[] {
  const g = checkedGrid(grid, 'zeroCrossings');
  checkSameLength(g, values, 'zeroCrossings');
  const out: number[] = [];
  let prev = -1;
  for (let j = 0; j < g.length; j++) {
    const v = values[j];
    if (!(v > 0 || v < 0)) continue;
    if (prev >= 0 && values[prev] > 0 !== v > 0) {
      out.push(j === prev + 1 ? crossing(g, values, prev, j) : 0.5 * (g[prev + 1] + g[j - 1]));
    }
    prev = j;
  }
  return out;
}

/**
 * Contiguous ranges where a GEX profile is negative (dealers short gamma). A band's ends are the
 * interpolated zero crossings (or the grid point holding an exact 0), or the grid's ends flagged as open.
 * @example shortGammaBands([1, 2, 3, 4], [1, -1, -3, 1]) // [{ lo: 1.5, hi: 3.75, minGex: -3, minGexAt: 3, ... }]
 */
export function shortGammaBands(
  grid: Float64Array | readonly number[],
  values: ArrayLike<number>,
): GammaBand[] {
  const g = checkedGrid(grid, 'shortGammaBands');
  checkSameLength(g, values, 'shortGammaBands');
  const m = g.length;
  const bands: GammaBand[] = [];
  let j = 0;
  while (j < m) {
    if (!(values[j] < 0)) {
      j++;
      continue;
    }
    const a = j;
    let minGex = values[j];
    let minGexAt = g[j];
    while (j + 1 < m && values[j + 1] < 0) {
      j++;
      if (values[j] < minGex) {
        minGex = values[j];
        minGexAt = g[j];
      }
    }
    const b = j;
    const lo = a === 0 ? g[0] : values[a - 1] > 0 ? crossing(g, values, a - 1, a) : g[a - 1];
    const hi = b === m - 1 ? g[m - 1] : values[b + 1] > 0 ? crossing(g, values, b, b + 1) : g[b + 1];
    bands.push({ lo, hi, extendsBelowGrid: a === 0, extendsAboveGrid: b === m - 1, minGex, minGexAt });
    j++;
  }
  return bands;
}

function checkSameLength(g: Float64Array, values: ArrayLike<number>, where: string): void {
  if (values.length !== g.length) {
    throw new InvalidInputError(
      'invalid_profile',
      `${where}: ${values.length} values for a grid of ${g.length} points`,
      { details: { values: values.length, grid: g.length } },
    );
  }
}
