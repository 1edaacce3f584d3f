/*
 * Dealer option hedging (docs/METHODS.md "Channels: dealer options"). The option chains of the snapshot —
 * IBIT listed options (U = S · BTC per share, hedged in IBIT shares), CME options on futures and Deribit
 * coin-settled options (underlying 'BTC': Black-76 on the expiry's forward, hedged in perps/futures) — are
 * resolved into one dealer book (analytics/positioning.ts dealerBook: tau ACT/365 from the snapshot instant,
 * the chain's IV with the nearest-strike fallback, dealer positions from the sign model). A dealer who keeps
 * delta-neutral trades −d(delta) as BTC moves:
 *
 *   perPct(S) = −GEX(S, σ(S)) + β · VANNA(S, σ(S))        (USD per 1 %; + amplifies)
 *
 * with GEX the dealers' dollar gamma per 1 % and VANNA their delta change per vol point (crashscope/pricing
 * bsGrid.ts), and σ_i(S) = σ_i − β·ln(S/S0) vol points ×0.01: sticky strike is β = 0; with β > 0 implied
 * vols rise β vol points per 1 % fall (spot–vol beta), so vanna flows appear. Default β: the snapshot's
 * estimate from Deribit DVOL against BTC hourly returns (market/spotVolBeta.ts), else 0 with the reason; a
 * number given overrides it. Sign models: the chain's dealer column, the naive convention, or taker flow
 * (flowPositions.ts). flow(S) integrates the
 * intensity from spot over ln S (trapezoid on the grid), so flow(spot) = 0 and a finer grid converges.
 * Inverse (Deribit) options: by default dealers hedge the Black-76 delta (what src/pricing/inverse.ts
 * reports); with `inverseDelta: 'premium-adjusted'` they hedge Δ − V/S (the premium is paid in BTC; the
 * premium-adjusted delta of FX markets, Clark, "Foreign Exchange Option Pricing", Wiley 2011, ch. 3), which
 * adds 0.01·units·(Δ_F·F − V) to the intensity. Charm: the delta change from time passing over
 * `charmHorizonDays` at spot is reported (a time-driven trade, not a price-driven one, so not in the flow).
 */
import { z } from 'zod';
import {
  type DealerBook,
  dealerBook,
  type ExposureProfile,
  exposureProfile,
  shortGammaBands,
  zeroCrossings,
} from '../analytics/positioning.js';
import { worstQuality } from '../core/quality.js';
import type { ChainRow, MarketSnapshot } from '../market/snapshot.js';
import {
  bsExposureGrid,
  bsGammaGrid,
  bsGammaVannaGridVolPath,
  bsGreeksGrid,
  bsPriceDeltaGammaBatch,
} from '../pricing/index.js';
import { priceBook, type TriggerState, unavailableBook } from './book.js';
import type { Channel, ChannelLevel, Diagnostics, InputProvenance } from './channel.js';
import { FLOW_ASSUMPTION, type FlowPositions, flowDealerPositions } from './flowPositions.js';
import { computeGrid, flowFromIntensity, interpLog, spotIndex } from './grid.js';

export const dealerOptionsAssumptions = z
  .object({
    signModel: z
      .enum(['positions', 'naive', 'flow'])
      .default('positions')
      .describe(
        "dealer positions: 'positions' (the chain's dealer_position; falls back to naive without it), 'naive' (customers long calls... dealers long calls, short puts) or 'flow' (− customers' net taker volume per series over flowWindowDays, from option_trades; no trades = no data)",
      ),
    flowWindowDays: z
      .number()
      .int()
      .positive()
      .max(90)
      .default(30)
      .describe(
        "signModel 'flow': whole days of option trades before the instant whose net taker volume sets the positions",
      ),
    spotVolBeta: z
      .number()
      .min(0)
      .max(5)
      .nullable()
      .default(null)
      .describe(
        'implied vols rise this many vol points per 1% fall (0 = sticky strike); default (none): estimated from Deribit DVOL against BTC hourly returns over the 30 days before the instant, else 0',
      ),
    inverseDelta: z
      .enum(['black76', 'premium-adjusted'])
      .default('black76')
      .describe(
        "delta dealers hedge on coin-settled (Deribit) options: 'black76' or 'premium-adjusted' (Δ − V/S)",
      ),
    charmHorizonDays: z
      .number()
      .min(0)
      .max(30)
      .default(1)
      .describe('horizon of the charm (time-decay) hedge, days'),
    venues: z.array(z.string()).default([]).describe('option_chain venues included (empty = all)'),
  })
  .strict();

const TITLE = 'Dealer option hedging';
const MAX_COMPUTE_POINTS = 801;

interface Prepared {
  readonly book: DealerBook;
  readonly usedRows: readonly ChainRow[];
  readonly signModel: 'positions' | 'naive' | 'flow';
  readonly skipped: number;
  readonly flow: FlowPositions | null;
}

function prepare(snap: MarketSnapshot, a: z.output<typeof dealerOptionsAssumptions>): Prepared | string {
  const chain = snap.chain.filter((r) => a.venues.length === 0 || a.venues.includes(r.venue));
  if (chain.length === 0) return `no option chain at or before ${snap.asOf}`;
  let usable: readonly ChainRow[] = chain.filter(
    (r) => r.underlying === 'BTC' || snap.btcPerShare[r.underlying] !== undefined,
  );
  let flow: FlowPositions | null = null;
  if (a.signModel === 'flow') {
    flow = flowDealerPositions(usable, snap.optionFlows ?? [], a.flowWindowDays);
    if (flow === null)
      return `signModel 'flow': no option trades with a taker side on the chain's venues (${[...new Set(usable.map((r) => r.venue))].sort().join(', ')}) in the ${a.flowWindowDays} days before ${snap.asOf} (import them: crashscope import FILE --model option_trades)`;
    usable = flow.rows;
  }
  const signModel =
    a.signModel === 'positions' && !usable.some((r) => r.dealer_position !== null) ? 'naive' : a.signModel;
  const book = dealerBook(usable, {
    asOf: snap.asOf,
    spot: snap.spot.usd,
    btcPerShare: snap.btcPerShare,
    // The flow model writes its positions into the rows: the book reads them as positions.
    signModel: signModel === 'flow' ? 'positions' : signModel,
  });
  return { book, usedRows: usable, signModel, skipped: chain.length - usable.length, flow };
}

/**
 * Dealer gamma (USD per 1 %), vanna (USD of delta per vol point) and charm (USD of delta per day) over
 * `grid`, sticky strike, for exactly the chain and dealer positions this channel prices (same rows, same
 * sign model): the Greek profiles the report draws (README: gamma/vanna/charm over one BTC axis). Null when
 * the channel has no book; throws on assumptions its schema refuses.
 * @example dealerOptionsExposure(snap, { signModel: 'naive' }, grid)?.vanna // Float64Array over grid
 */
export function dealerOptionsExposure(
  snap: MarketSnapshot,
  assumptions: Readonly<Record<string, unknown>>,
  grid: Float64Array | readonly number[],
): ExposureProfile | null {
  const p = prepare(snap, dealerOptionsAssumptions.parse(assumptions));
  return typeof p === 'string' ? null : exposureProfile(p.book, grid);
}

/**
 * Adds the premium-adjusted part of the intensity of coin-settled options, 0.01·units·(Δ_F·F − V) at every
 * price xs[j] (F = xs[j]·scale, vol max(σ + shift[j], 0.01)), to `perPct`. Sticky strike (every shift 0):
 * one N options × M prices grid call (`bsGreeksGrid`: Σ w·(P·dV/dP − V) = Σ w·(Δ_F·F − V) since
 * dV/dP = scale·Δ_F), equal to the per-option scalar kernel within the grid kernel's stated bound. With a
 * vol path the vol differs per point, so each point is one `bsPriceDeltaGammaBatch` over the options (bit for
 * bit the scalar kernel, summed in the same order).
 */
export function addPremiumAdjustment(
  book: DealerBook,
  inverse: Uint8Array,
  xs: Float64Array,
  shift: Float64Array,
  perPct: Float64Array,
): void {
  const idx: number[] = [];
  for (let i = 0; i < book.n; i++) if (inverse[i] === 1) idx.push(i);
  const n = idx.length;
  const m = xs.length;
  if (n === 0) return;
  const pick = (col: Float64Array) => Float64Array.from(idx, (i) => col[i]);
  const type = Int8Array.from(idx, (i) => book.sign[i]);
  const strike = pick(book.strike);
  const tau = pick(book.tau);
  const rate = pick(book.rate);
  const divYield = pick(book.divYield);
  const units = pick(book.units);
  const scale = pick(book.scale);
  const baseVol = pick(book.vol);
  if (shift.every((v) => v === 0)) {
    const vol = baseVol.map((v) => Math.max(v, 0.01));
    const g = bsGreeksGrid({ type, strike, tau, rate, divYield, vol, weight: units, scale }, xs);
    for (let j = 0; j < m; j++) perPct[j] += 0.01 * (xs[j] * g.delta[j] - g.price[j]);
    return;
  }
  const spotCol = new Float64Array(n);
  const vol = new Float64Array(n);
  const out = { price: new Float64Array(n), delta: new Float64Array(n), gamma: new Float64Array(n) };
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < n; k++) {
      spotCol[k] = xs[j] * scale[k];
      vol[k] = Math.max(baseVol[k] + shift[j], 0.01);
    }
    bsPriceDeltaGammaBatch({ type, spot: spotCol, strike, tau, rate, divYield, vol }, out);
    for (let k = 0; k < n; k++) perPct[j] += 0.01 * units[k] * (out.delta[k] * spotCol[k] - out.price[k]);
  }
}

/** Spot–vol beta clamped to the schema's range when estimated (the vol path models vol rising on falls). */
const BETA_MAX = 5;

interface ResolvedBeta {
  readonly value: number;
  readonly provenance: InputProvenance | null;
  readonly diagnostics: Diagnostics;
}

/**
 * The β the book uses: the flag when given; else the snapshot's DVOL estimate (market/spotVolBeta.ts) clamped
 * to [0, 5], with its estimator, window and standard error; else 0 (sticky strike) with the reason.
 */
function resolveBeta(snap: MarketSnapshot, flag: number | null): ResolvedBeta {
  if (flag !== null)
    return { value: flag, provenance: null, diagnostics: { spotVolBeta: flag, spotVolBetaBasis: 'flag' } };
  const est = snap.spotVolBeta;
  if (est === undefined || !est.ok)
    return {
      value: 0,
      provenance: null,
      diagnostics: {
        spotVolBeta: 0,
        spotVolBetaBasis: 'fallback',
        spotVolBetaReason: `sticky strike (β = 0): ${est === undefined ? 'no DVOL estimate in the snapshot' : est.reason}`,
      },
    };
  const value = Math.min(Math.max(est.beta, 0), BETA_MAX);
  return {
    value,
    provenance: {
      input: 'bars (deribit:DVOL vs BTC 1h: spot–vol beta)',
      quality: est.quality,
      sources: [est.source],
      rows: est.n,
      asOf: est.to,
    },
    diagnostics: {
      spotVolBeta: value,
      spotVolBetaBasis: 'dvol',
      spotVolBetaEstimate: est.beta,
      spotVolBetaSe: est.se,
      spotVolBetaPairs: est.n,
      spotVolBetaCorrelation: est.correlation,
      spotVolBetaWindow: `${est.from}/${est.to} (${est.windowDays} days before asOf)`,
      spotVolBetaEstimator: est.estimator,
      spotVolBetaSource: `Deribit DVOL index (deribit.com): ${est.source}`,
      ...(value !== est.beta
        ? { spotVolBetaReason: `estimate ${est.beta.toFixed(3)} clamped to [0, ${BETA_MAX}]` }
        : {}),
    },
  };
}

export const dealerOptions: Channel<MarketSnapshot, typeof dealerOptionsAssumptions, TriggerState> = {
  id: 'dealerOptions',
  title: TITLE,
  assumptions: dealerOptionsAssumptions,
  build(snap, a, grid) {
    const spot = snap.spot.usd;
    const prov = snap.provenance.filter(
      (p) =>
        p.input === 'option_chain' ||
        p.input === 'etf_daily' ||
        (a.signModel === 'flow' && p.input === 'option_trades'),
    );
    const p = prepare(snap, a);
    if (typeof p === 'string')
      return unavailableBook({ id: 'dealerOptions', title: TITLE, spot, grid, provenance: prov, reason: p });
    const { book } = p;
    const beta = resolveBeta(snap, a.spotVolBeta);
    // The intensity is smooth: computed on at most 801 points (about 0.1 % apart on ±40 %) and read off.
    const xs = computeGrid(grid, spot, MAX_COMPUTE_POINTS);
    const m = xs.length;
    const gex = new Float64Array(m);
    const vanna = new Float64Array(m);
    const shift = new Float64Array(m);
    for (let j = 0; j < m; j++) shift[j] = -beta.value * Math.log(xs[j] / spot);
    // Sticky strike needs only gamma: the fast kernel (one exp per option and point, tails skipped).
    if (beta.value === 0) bsGammaGrid(book, xs, gex);
    else bsGammaVannaGridVolPath(book, xs, shift, gex, vanna);
    const perPct = new Float64Array(m);
    for (let j = 0; j < m; j++) perPct[j] = -gex[j] + beta.value * vanna[j];
    if (a.inverseDelta === 'premium-adjusted') {
      const inverse = Uint8Array.from({ length: book.n }, (_, i) =>
        p.usedRows[book.rowIndex[i]].underlying === 'BTC' ? 1 : 0,
      );
      addPremiumAdjustment(book, inverse, xs, shift, perPct);
    }
    const flowX = flowFromIntensity(xs, perPct, spotIndex(xs, spot));
    const flow =
      xs === grid ? flowX : Float64Array.from(grid, (g) => (g === spot ? 0 : interpLog(xs, flowX, g)));
    const perPctOut = xs === grid ? perPct : Float64Array.from(grid, (g) => interpLog(xs, perPct, g));
    // Levels: where the effective gamma (−perPct) changes sign, and the bands where dealers are short it.
    const effGamma = perPct.map((v) => -v);
    const levels: ChannelLevel[] = [
      ...zeroCrossings(xs, effGamma).map((z0) => ({
        kind: 'zero-gamma' as const,
        price: z0,
        channel: 'dealerOptions' as const,
        sizeUsd: null,
      })),
      ...shortGammaBands(xs, effGamma).map((b) => ({
        kind: 'short-gamma-band' as const,
        price: b.lo,
        hi: b.hi,
        channel: 'dealerOptions' as const,
        sizeUsd: interpLog(xs, flowX, b.lo) - interpLog(xs, flowX, b.hi),
      })),
    ];
    const atSpot = bsExposureGrid(book, new Float64Array([spot]), new Int32Array(book.n), 1);
    const charmTradeUsd = -atSpot.charm[0] * a.charmHorizonDays;
    const d = book.diagnostics;
    return priceBook({
      id: 'dealerOptions',
      title: TITLE,
      spot,
      grid,
      reversibleUsd: flow,
      reversiblePerPctUsd: perPctOut,
      triggers: [],
      levels,
      quality: worstQuality([
        ...p.usedRows.map((r) => r.quality),
        ...(beta.provenance ? [beta.provenance.quality] : []),
        ...(p.flow ? [p.flow.quality] : []),
      ]),
      provenance: beta.provenance === null ? prov : [...prov, beta.provenance],
      diagnostics: {
        ...beta.diagnostics,
        signModel: p.signModel,
        signModelFellBack: p.signModel !== a.signModel,
        ...(p.flow === null
          ? {}
          : {
              flowAssumption: FLOW_ASSUMPTION,
              flowWindowDays: a.flowWindowDays,
              flowTrades: p.flow.trades,
              flowFirstTrade: p.flow.from,
              flowLastTrade: p.flow.to,
              flowSeriesMatched: p.flow.seriesMatched,
              flowSeriesUnmatched: p.flow.seriesUnmatched,
              flowContractsUnmatched: p.flow.contractsUnmatched,
            }),
        options: d.used,
        rows: d.rows,
        expired: d.expired,
        zeroPosition: d.zeroPosition,
        positionMissing: d.positionMissing,
        ivFilled: d.ivFilled,
        ivUnavailable: d.ivUnavailable,
        rowsWithoutBtcPerShare: p.skipped,
        venues: book.venues.join(','),
        gexAtSpotUsd: atSpot.gex[0],
        vannaAtSpotUsd: atSpot.vanna[0],
        charmPerDayAtSpotUsd: atSpot.charm[0],
        charmTradeUsd,
      },
    });
  },
};
