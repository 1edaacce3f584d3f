/*
 * The channel books of a forensics run, built once from the run's one market snapshot (snapshot.ts) on one
 * BTC grid (channels/grid.ts). The positioning, barriers, liquidations and fragility sections are adapters
 * over these very books: a number one section prints for a channel is the number the fragility map holds for
 * it (same book, same grid, same units: USD of BTC, + buy, − sell).
 *
 * The run's options map onto channel assumptions here and nowhere else:
 *  - dealerOptions.signModel = --sign-model;
 *  - structuredNotes: --note-vol as a flag vol; without it DVOL at the snapshot (observed) when the snapshot
 *    has it, else the channel's default (the ETF chain's at-the-money IV, else its flag value, reconstructed);
 *  - the grid: gridLo·spot .. gridHi·spot with gridPoints points (the default, 0.6–1.4 × spot on 401
 *    points, is the fragility command's default grid).
 */
import type { ChannelBook, ChannelId } from '../channels/channel.js';
import { fragilityGrid } from '../channels/grid.js';
import { type BuiltBook, buildChannelBooks } from '../fragility/map.js';
import type { MarketSnapshot } from '../market/snapshot.js';
import type { ForensicsOptions } from './options.js';

export interface EventBooks {
  readonly snapshot: MarketSnapshot;
  readonly grid: Float64Array;
  /** Every registered channel's book, in registry order. */
  readonly books: readonly BuiltBook[];
  /** The assumptions given to the channels (before each schema filled its defaults). */
  readonly assumptions: Partial<Record<ChannelId, Readonly<Record<string, unknown>>>>;
}

/** The run's grid for a snapshot's spot (fragilityGrid: spot is always a point). */
export function eventGrid(spot: number, o: ForensicsOptions): Float64Array {
  return fragilityGrid(spot, {
    lo: spot * o.gridLo,
    hi: spot * o.gridHi,
    step: (spot * (o.gridHi - o.gridLo)) / (o.gridPoints - 1),
  });
}

/** The channel assumptions a run's options imply (see the header). */
export function eventAssumptions(
  snap: MarketSnapshot,
  o: ForensicsOptions,
): Partial<Record<ChannelId, Readonly<Record<string, unknown>>>> {
  const notes =
    o.noteVol !== null
      ? { volSource: 'flag', vol: o.noteVol }
      : snap.dvol !== null
        ? { volSource: 'dvol' }
        : { volSource: 'chain' };
  return { dealerOptions: { signModel: o.signModel }, structuredNotes: notes };
}

/**
 * Builds every channel's book once for the run.
 * @example eventBooks(snap, o).books.find((b) => b.book.id === 'dealerOptions')?.book.levels
 */
export function eventBooks(snap: MarketSnapshot, o: ForensicsOptions): EventBooks {
  const grid = eventGrid(snap.spot.usd, o);
  const assumptions = eventAssumptions(snap, o);
  return {
    snapshot: snap,
    grid,
    books: buildChannelBooks({ snapshot: snap, grid, assumptions }),
    assumptions,
  };
}

/** The book of one channel of the run. */
export function bookOf(books: EventBooks, id: ChannelId): ChannelBook {
  const b = books.books.find((x) => x.book.id === id);
  if (b === undefined) throw new Error(`eventBooks: no ${id} book`);
  return b.book;
}

/**
 * The trade a book forces for a monotone move from its spot to `price`, USD of BTC (+ buy, − sell): one
 * `step` of the book, so one-shot triggers count exactly once at their own price (on grid points this is
 * `flowUsd`; between them the reversible part is read off the grid in ln price, book.ts).
 * @example flowTo(perpBook, 60000) // the USD sold by long liquidations on a fall from spot to 60,000
 */
export function flowTo(book: ChannelBook, price: number): number {
  return book.step(book.spot, price, book.initialState()).tradeUsd;
}
