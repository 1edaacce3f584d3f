/*
 * `crashscope simulate` end to end, shared by the CLI and (later) the web: open the store (an embedded pack in
 * memory, or the user's database read only), read the market snapshot at `asOf`, build the channel books and
 * run the simulation on a worker pool. Writing files and printing stay with the caller.
 */

import { nyCloseUtc, parseInstantMs } from '../core/time.js';
import { loadPack } from '../data/eventPack.js';
import { InvalidInputError } from '../errors.js';
import { loadSnapshot } from '../market/loadSnapshot.js';
import type { SimulationDoc } from '../sim/simulationDoc.js';
import { MEMORY, withStore } from '../store/store.js';
import { eventPackDir } from './eventPacks.js';
import { buildBooks, type SnapshotChannel } from './simChannels.js';
import { SimPool } from './simPool.js';
import { type SimulateOptions, simulate } from './simulate.js';

export type SimulateSource =
  | { readonly kind: 'event'; readonly event: string }
  | { readonly kind: 'db'; readonly db: string };

export interface SimulateEventRequest {
  readonly source: SimulateSource;
  /** The snapshot instant; for an event, default the New York close of the day before. */
  readonly asOf: string | null;
  readonly etfTicker: string;
  readonly btc: { readonly venue: string; readonly symbol: string };
  /** Channel ids to run (null = all registered). */
  readonly channels: readonly string[] | null;
  readonly assumptions: Readonly<Record<string, unknown>>;
  readonly options: Partial<SimulateOptions> | Record<string, unknown>;
  readonly threads: number;
  readonly ingestedAt: string;
  readonly registry: readonly SnapshotChannel[];
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** Default instant for an event: 16:00 New York on the day before (the close the crash started from). */
export function defaultEventAsOf(event: string): string {
  return nyCloseUtc(dayBefore(event));
}

export async function simulateEvent(
  req: SimulateEventRequest,
  progress: (stage: string, done: number, total: number) => void,
): Promise<SimulationDoc> {
  const asOf = req.asOf ?? (req.source.kind === 'event' ? defaultEventAsOf(req.source.event) : null);
  if (asOf === null) throw new InvalidInputError('bad_usage', 'give --as-of <ISO instant> with --db');
  if (!Number.isFinite(parseInstantMs(asOf)))
    throw new InvalidInputError('bad_flag', `--as-of: '${asOf}' is not an ISO-8601 instant with a zone`, {
      details: { asOf },
    });
  const packDir = req.source.kind === 'event' ? eventPackDir(req.source.event) : null;
  const dbPath = req.source.kind === 'db' ? req.source.db : MEMORY;
  const snapshot = await withStore(dbPath, { readOnly: packDir === null }, async (db) => {
    if (packDir !== null) {
      progress('loading the event pack', 0, 1);
      await loadPack(db, packDir, { ingestedAt: req.ingestedAt });
    }
    progress('reading the market snapshot', 0, 1);
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
      `no BTC price at or before ${asOf} in ${req.btc.venue}:${req.btc.symbol}`,
      {
        details: { asOf },
      },
    );
  const { books, assumptions } = buildBooks(req.registry, snapshot, req.channels, req.assumptions);
  const pool = new SimPool(req.threads);
  try {
    const { doc } = await simulate(
      { market: snapshot, books, assumptions, options: req.options },
      pool,
      progress,
    );
    if (req.registry.length === 0)
      return {
        ...doc,
        notes: [
          ...doc.notes,
          'No channel modules in this build: the run shows the shocks and noise alone (every attribution is empty).',
        ],
      };
    return doc;
  } finally {
    await pool.close();
  }
}
