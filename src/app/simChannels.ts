/*
 * The channel books of a simulation: the registered channels (src/channels/registry.ts) built on the market
 * snapshot on one BTC grid, each with its assumptions parsed by its own zod schema — the same schemas, flags
 * and validation as `fragility` (fragility/map.ts parseAssumptions). The registry is an argument so that
 * tests can pass their own channels.
 */
import type { ChannelBook } from '../channels/channel.js';
import type { AnyChannel } from '../channels/registry.js';
import { InvalidInputError } from '../errors.js';
import { parseAssumptions } from '../fragility/map.js';
import type { MarketSnapshot } from '../market/snapshot.js';
import { simGrid } from '../sim/bookGrid.js';

export { simGrid };

export interface BuiltBooks {
  readonly books: ChannelBook[];
  /** Parsed assumptions by channel id (defaults filled in), for the record. */
  readonly assumptions: Record<string, unknown>;
}

/** Check channel ids and assumptions before any data is read (InvalidInputError naming the channel). */
export function checkChannelRequest(
  registry: readonly AnyChannel[],
  ids: readonly string[] | null,
  rawAssumptions: Readonly<Record<string, unknown>>,
): void {
  const known = new Map(registry.map((c) => [c.id as string, c]));
  for (const id of ids ?? []) {
    if (!known.has(id))
      throw new InvalidInputError(
        'unknown_channel',
        `--channels: unknown channel '${id}' (known: ${[...known.keys()].join(', ') || 'none'})`,
        { details: { id } },
      );
  }
  for (const id of Object.keys(rawAssumptions)) {
    if (!known.has(id))
      throw new InvalidInputError('unknown_channel', `assumptions for '${id}': not a channel of this build`, {
        details: { id },
      });
  }
  for (const c of registry) parseAssumptions(c, rawAssumptions[c.id] as Record<string, unknown> | undefined);
}

/** Build the selected channels (`ids` null = all registered) on the simulator's grid. */
export function buildBooks(
  registry: readonly AnyChannel[],
  snapshot: MarketSnapshot,
  ids: readonly string[] | null,
  rawAssumptions: Readonly<Record<string, unknown>>,
): BuiltBooks {
  checkChannelRequest(registry, ids, rawAssumptions);
  const selected = ids === null ? registry : registry.filter((c) => ids.includes(c.id));
  const grid = simGrid(snapshot.spot.usd);
  const assumptions: Record<string, unknown> = {};
  const books = selected.map((c) => {
    const parsed = parseAssumptions(c, rawAssumptions[c.id] as Record<string, unknown> | undefined);
    assumptions[c.id] = parsed;
    return c.build(snapshot, parsed, grid);
  });
  return { books, assumptions };
}
