/*
 * "What it took" (issue 12; docs/METHODS.md §12.11): the observed BTC move over a window — on an event, from the
 * New York close before it (or --as-of) to the event day's close; on a store, over --horizon-hours from --as-of —
 * the exogenous sale (spread evenly over a window from the start)
 * that reproduces it as the median simulated path, with all channels and with none; the simulation and
 * attribution at the all-channels sale; and how far its median path is from the observed hourly path.
 */
import { CHANNELS } from '../channels/registry.js';
import { type Quality, worstQuality } from '../core/quality.js';
import { isIsoInstant, nyCloseUtc, parseInstantMs, toIsoInstant } from '../core/time.js';
import { loadPack } from '../data/eventPack.js';
import { InvalidInputError } from '../errors.js';
import { loadSnapshot } from '../market/loadSnapshot.js';
import { solveSale } from '../sim/calibrate.js';
import type { SimulationDoc, WhatItTook } from '../sim/simulationDoc.js';
import { trackPath } from '../sim/tracking.js';
import { readRows } from '../store/readers.js';
import { MEMORY, withStore } from '../store/store.js';
import { eventPackDir } from './eventPacks.js';
import { closeBefore } from './fragility.js';
import { buildBooks, checkChannelRequest } from './simChannels.js';
import { SimPool } from './simPool.js';
import {
  engineSetup,
  playersOf,
  resolveSimulateOptions,
  type SimulateOptions,
  simulate,
} from './simulate.js';
import type { SimulateSource } from './simulateEvent.js';

export interface WhatItTookRequest {
  /** An embedded event pack (loaded into memory) or the user's store (read only). */
  readonly source: SimulateSource;
  /**
   * Start of the window. With an event: default the New York close of the ETF's trading day before it, and the
   * window ends at the event's close. With a store: required, and the window is `--horizon-hours` long.
   */
  readonly asOf: string | null;
  readonly etfTicker: string;
  readonly btc: { readonly venue: string; readonly symbol: string };
  readonly channels: readonly string[] | null;
  readonly assumptions: Readonly<Record<string, unknown>>;
  /** Simulation options (shocks are ignored: the sale is what is solved for). */
  readonly options: Partial<SimulateOptions> | Record<string, unknown>;
  /** Minutes over which the sale is spread from the start (default: the whole horizon). */
  readonly saleMinutes: number | null;
  /** Paths per trial size; null = the run's --paths (so the run's median path ends on the target). */
  readonly calibrationPaths: number | null;
  readonly threads: number;
  readonly ingestedAt: string;
}

/**
 * Solves for the sale that reproduces the observed move over the window and simulates it.
 * InvalidInputError (exit 2) for bad options, channels, --as-of, or a window without two prices in the store.
 */
export async function whatItTook(
  req: WhatItTookRequest,
  progress: (stage: string, done: number, total: number) => void,
): Promise<{ readonly doc: SimulationDoc; readonly whatItTook: WhatItTook }> {
  checkChannelRequest(CHANNELS, req.channels, req.assumptions);
  const opts = resolveSimulateOptions(req.options);
  if (req.asOf === null && req.source.kind === 'db')
    throw new InvalidInputError(
      'bad_usage',
      'give --as-of <ISO instant> with --db (the start of the window)',
    );
  if (req.asOf !== null && !isIsoInstant(req.asOf))
    throw new InvalidInputError('bad_flag', `--as-of: '${req.asOf}' is not an ISO-8601 instant with a zone`, {
      details: { asOf: req.asOf },
    });
  const event = req.source.kind === 'event' ? req.source.event : null;
  const packDir = event !== null ? eventPackDir(event) : null;
  const dbPath = req.source.kind === 'db' ? req.source.db : MEMORY;
  const loaded = await withStore(dbPath, { readOnly: packDir === null }, async (db) => {
    if (packDir !== null) {
      progress('loading the event pack', 0, 1);
      await loadPack(db, packDir, { ingestedAt: req.ingestedAt });
    }
    const fromAsOf =
      req.asOf !== null
        ? toIsoInstant(parseInstantMs(req.asOf))
        : await closeBefore(db, event as string, req.etfTicker);
    const toAsOf =
      event !== null
        ? nyCloseUtc(event)
        : toIsoInstant(parseInstantMs(fromAsOf) + opts.horizonHours * 3_600_000);
    if (parseInstantMs(toAsOf) <= parseInstantMs(fromAsOf))
      throw new InvalidInputError('bad_flag', `--as-of ${req.asOf} is not before the close of ${event}`, {
        details: { asOf: req.asOf, event },
      });
    const spec = {
      etfTicker: req.etfTicker,
      btcReference: `${req.btc.venue}:${req.btc.symbol}`,
      btc: req.btc,
    };
    progress(`reading the market at ${fromAsOf} and ${toAsOf}`, 0, 1);
    const s0 = await loadSnapshot(db, { ...spec, asOf: fromAsOf });
    const s1 = await loadSnapshot(db, { ...spec, asOf: toAsOf });
    // Hourly closes: the reference series when it has 1 h bars, else the venue with the most 1 h bars of the
    // same symbol in the store (whatever the store has, never an assumed name).
    let hourlySeries = `${req.btc.venue}:${req.btc.symbol}`;
    const range = { interval: '1h' as const, from: fromAsOf.slice(0, 10), to: toAsOf.slice(0, 10) };
    let hourly = await readRows(db, 'bars', { venue: req.btc.venue, symbol: req.btc.symbol, ...range });
    if (hourly.length === 0) {
      const any = await readRows(db, 'bars', { symbol: req.btc.symbol, ...range });
      const counts = new Map<string, number>();
      for (const b of any) counts.set(b.venue, (counts.get(b.venue) ?? 0) + 1);
      const venue = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
      if (venue !== undefined) {
        hourlySeries = `${venue}:${req.btc.symbol}`;
        hourly = any.filter((b) => b.venue === venue);
      }
    }
    return { s0, s1, fromAsOf, toAsOf, hourly, hourlySeries };
  });
  const { s0, s1, fromAsOf, toAsOf } = loaded;
  if (!(s0.spot.usd > 0 && s1.spot.usd > 0) || s1.spot.asOf <= s0.spot.asOf)
    throw new InvalidInputError(
      'no_observed_fall',
      `no BTC closes at ${fromAsOf} and ${toAsOf} in the store`,
      {
        details: { fromAsOf, toAsOf },
      },
    );
  const t0 = parseInstantMs(fromAsOf);
  const horizonMinutes = Math.round((parseInstantMs(toAsOf) - t0) / 60_000);
  const o = resolveSimulateOptions({ ...req.options, shocks: [], horizonHours: horizonMinutes / 60 });
  const saleMinutes = req.saleMinutes ?? horizonMinutes;
  const target = Math.log(s1.spot.usd / s0.spot.usd);

  progress('building the channels', 0, 1);
  const { books, assumptions } = buildBooks(CHANNELS, s0, req.channels, req.assumptions);
  const players = playersOf(books);
  const { cfg, setup } = engineSetup(o, s0, []);
  const calibrationPaths = req.calibrationPaths ?? o.paths;
  progress('solving for the sale with every channel', 0, 1);
  const all = solveSale(
    players,
    (1 << players.length) - 1,
    setup,
    cfg,
    calibrationPaths,
    target,
    saleMinutes,
  );
  progress('solving for the sale with no channel', 0, 1);
  const none = solveSale(players, 0, setup, cfg, calibrationPaths, target, saleMinutes);

  const sale = all.saleUsd ?? 0;
  const pool = new SimPool(req.threads);
  let doc: SimulationDoc;
  try {
    ({ doc } = await simulate(
      {
        market: s0,
        books,
        assumptions,
        options: { ...o, shocks: sale > 0 ? [`sell:${Math.round(sale)}:${saleMinutes}`] : [] },
      },
      pool,
      progress,
    ));
  } finally {
    await pool.close();
  }
  // Observed hourly closes (a bar is stamped with its open: its close is at ts + 1 h) within the horizon.
  const inWindow = loaded.hourly.filter((b) => {
    const m = (parseInstantMs(b.ts) + 3_600_000 - t0) / 60_000;
    return m > 0 && m <= horizonMinutes && b.close > 0;
  });
  const observed = inWindow.map((b) => ({
    minute: (parseInstantMs(b.ts) + 3_600_000 - t0) / 60_000,
    usd: b.close,
  }));
  const trackingQuality = worstQuality(inWindow.map((b) => b.quality as Quality));
  // The median path at each hourly close, read between report points linearly in log price (sim/tracking.ts).
  const track = trackPath(doc.minutes, doc.quantiles.p50, observed);
  const worst = [s0.spot.quality, s1.spot.quality].includes('reconstructed')
    ? 'reconstructed'
    : [s0.spot.quality, s1.spot.quality].includes('published')
      ? 'published'
      : 'observed';
  const result: WhatItTook = {
    event,
    observed: {
      fromAsOf: s0.spot.asOf,
      toAsOf: s1.spot.asOf,
      fromUsd: s0.spot.usd,
      toUsd: s1.spot.usd,
      logReturn: target,
      quality: worst,
    },
    saleMinutes,
    calibrationPaths,
    saleAllUsd: all.saleUsd,
    saleNoneUsd: none.saleUsd,
    statusAll: all.status,
    statusNone: none.status,
    cliffAll:
      all.status === 'cliff' && all.cliffFrom !== null
        ? { belowLogReturn: all.cliffFrom, atLogReturn: all.achievedLogReturn }
        : null,
    cliffNone:
      none.status === 'cliff' && none.cliffFrom !== null
        ? { belowLogReturn: none.cliffFrom, atLogReturn: none.achievedLogReturn }
        : null,
    // Only two real answers make a ratio: at a cliff no sale reproduces the close with the channels.
    leverage:
      all.status === 'ok' && none.status === 'ok' && all.saleUsd && none.saleUsd
        ? none.saleUsd / all.saleUsd
        : null,
    tracking: {
      points: track.points,
      rmseLog: track.rmseLog,
      maxAbsLog: track.maxAbsLog,
      series: loaded.hourlySeries,
      quality: trackingQuality,
      observed,
    },
  };
  return { doc: { ...doc, whatItTook: result }, whatItTook: result };
}
