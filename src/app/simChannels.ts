/*
 * The channel books of a simulation: every registered channel built on the market snapshot, on one BTC grid,
 * with its assumptions parsed by its own zod schema (the same schema as `fragility`). The registry is an
 * argument so that this file does not depend on which channel modules exist; `SIM_CHANNELS` is the list the
 * CLI uses.
 */
import type { z } from 'zod';
import type { Channel, ChannelBook, ChannelId } from '../channels/channel.js';
import { InvalidInputError } from '../errors.js';
import type { MarketSnapshot } from '../market/snapshot.js';

export type SnapshotChannel = Channel<MarketSnapshot, z.ZodType, unknown>;

/**
 * The channels the simulator runs by default. Empty until the channel modules of src/channels/ land: the
 * simulation then runs the shocks and noise alone (the baseline), and says so.
 */
export const SIM_CHANNELS: readonly SnapshotChannel[] = [];

/** The BTC grid the books are built on: 2,001 log-spaced prices from 0.4× to 1.6× spot. */
export function simGrid(spot: number, points = 2001, lo = 0.4, hi = 1.6): Float64Array {
  const g = new Float64Array(points);
  const a = Math.log(lo);
  const b = Math.log(hi);
  for (let i = 0; i < points; i++) g[i] = spot * Math.exp(a + ((b - a) * i) / (points - 1));
  return g;
}

export interface BuiltBooks {
  readonly books: ChannelBook[];
  /** Parsed assumptions by channel id (defaults filled in), for the record. */
  readonly assumptions: Record<string, unknown>;
}

/**
 * Build the selected channels (`ids` null = all registered). Unknown ids and invalid assumptions are
 * InvalidInputError naming the channel.
 */
export function buildBooks(
  registry: readonly SnapshotChannel[],
  snapshot: MarketSnapshot,
  ids: readonly string[] | null,
  rawAssumptions: Readonly<Record<string, unknown>>,
): BuiltBooks {
  const known = new Map(registry.map((c) => [c.id as string, c]));
  for (const id of ids ?? []) {
    if (!known.has(id))
      throw new InvalidInputError(
        'unknown_channel',
        `--channels: '${id}' is not a channel of this build (available: ${[...known.keys()].join(', ') || 'none'})`,
        { details: { id } },
      );
  }
  for (const id of Object.keys(rawAssumptions)) {
    if (!known.has(id))
      throw new InvalidInputError('unknown_channel', `assumptions for '${id}': not a channel of this build`, {
        details: { id },
      });
  }
  const selected = ids === null ? registry : registry.filter((c) => ids.includes(c.id));
  const grid = simGrid(snapshot.spot.usd);
  const assumptions: Record<string, unknown> = {};
  const books = selected.map((c) => {
    const parsed = c.assumptions.safeParse(rawAssumptions[c.id] ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InvalidInputError(
        'invalid_assumption',
        `${c.id}: ${issue.path.join('.') || 'assumptions'}: ${issue.message}`,
        {
          details: { channel: c.id as ChannelId, issues: parsed.error.issues },
        },
      );
    }
    assumptions[c.id] = parsed.data;
    return c.build(snapshot, parsed.data, grid);
  });
  return { books, assumptions };
}
