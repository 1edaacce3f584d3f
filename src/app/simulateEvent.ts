/*
 * `crashscope simulate` end to end, shared by the CLI and (later) the web: open the store (an embedded pack in
 * memory, or the user's database read only), read the market snapshot at `asOf`, build the channel books and
 * run the simulation on a worker pool. Writing files and printing stay with the caller.
 */

import type { AnyChannel } from '../channels/registry.js';
import { isIsoInstant } from '../core/time.js';
import { loadPack } from '../data/eventPack.js';
import { InvalidInputError } from '../errors.js';
import { loadSnapshot } from '../market/loadSnapshot.js';
import type { SimulationDoc } from '../sim/simulationDoc.js';
import { MEMORY, withStore } from '../store/store.js';
import { eventPackDir } from './eventPacks.js';
import { closeBefore } from './fragility.js';
import { buildBooks, checkChannelRequest } from './simChannels.js';
import { SimPool } from './simPool.js';
import { resolveSimulateOptions, type SimulateOptions, simulate } from './simulate.js';

export type SimulateSource =
  | { readonly kind: 'event'; readonly event: string }
  | { readonly kind: 'db'; readonly db: string };

export interface SimulateEventRequest {
  readonly source: SimulateSource;
  /** The snapshot instant; for an event, default the New York close of the ETF's trading day before it. */
  readonly asOf: string | null;
  readonly etfTicker: string;
  readonly btc: { readonly venue: string; readonly symbol: string };
  /** Channel ids to run (null = all registered). */
  readonly channels: readonly string[] | null;
  readonly assumptions: Readonly<Record<string, unknown>>;
  readonly options: Partial<SimulateOptions> | Record<string, unknown>;
  readonly threads: number;
  readonly ingestedAt: string;
  readonly registry: readonly AnyChannel[];
}

/**
 * Runs a simulation request. InvalidInputError (exit 2) for bad options, channels or assumptions, before any
 * data is read.
 */
export async function simulateEvent(
  req: SimulateEventRequest,
  progress: (stage: string, done: number, total: number) => void,
): Promise<SimulationDoc> {
  if (req.asOf === null && req.source.kind === 'db')
    throw new InvalidInputError('bad_usage', 'give --as-of <ISO instant> with --db');
  if (req.asOf !== null && !isIsoInstant(req.asOf))
    throw new InvalidInputError('bad_flag', `--as-of: '${req.asOf}' is not an ISO-8601 instant with a zone`, {
      details: { asOf: req.asOf },
    });
  checkChannelRequest(req.registry, req.channels, req.assumptions);
  resolveSimulateOptions(req.options);
  const packDir = req.source.kind === 'event' ? eventPackDir(req.source.event) : null;
  const dbPath = req.source.kind === 'db' ? req.source.db : MEMORY;
  const snapshot = await withStore(dbPath, { readOnly: packDir === null }, async (db) => {
    let asOf = req.asOf;
    if (packDir !== null && req.source.kind === 'event') {
      progress('loading the event pack', 0, 1);
      await loadPack(db, packDir, { ingestedAt: req.ingestedAt });
      asOf ??= await closeBefore(db, req.source.event, req.etfTicker);
    }
    if (asOf === null) throw new InvalidInputError('bad_usage', 'give --as-of <ISO instant> with --db');
    progress(`reading the market at ${asOf}`, 0, 1);
    return loadSnapshot(db, {
      asOf,
      etfTicker: req.etfTicker,
      btcReference: `${req.btc.venue}:${req.btc.symbol}`,
      btc: req.btc,
    });
  });
  if (!(snapshot.spot.usd > 0))
    throw new InvalidInputError(
      'no_spot',
      `no BTC price at or before ${snapshot.asOf} in ${req.btc.venue}:${req.btc.symbol}`,
      { details: { asOf: snapshot.asOf } },
    );
  progress('building the channels', 0, 1);
  const { books, assumptions } = buildBooks(req.registry, snapshot, req.channels, req.assumptions);
  const pool = new SimPool(req.threads);
  try {
    const { doc } = await simulate(
      { market: snapshot, books, assumptions, options: req.options },
      pool,
      progress,
    );
    return doc;
  } finally {
    await pool.close();
  }
}
