/*
 * Every channel crashscope knows, in map order (price-driven first, then exogenous). Adding a channel is one
 * line here (docs/ADD_A_CHANNEL.md).
 */
import type { MarketSnapshot } from '../market/snapshot.js';
import { basisUnwind } from './basisUnwind.js';
import type { TriggerState } from './book.js';
import type { Channel, ChannelId } from './channel.js';
import { dealerOptions } from './dealerOptions.js';
import { fundDegrossing } from './fundDegrossing.js';
import { leveredEtf } from './leveredEtf.js';
import { perpLiquidations } from './perpLiquidations.js';
import { structuredNotes } from './structuredNotes.js';

// biome-ignore lint/suspicious/noExplicitAny: a registry holds channels with different assumption schemas
export type AnyChannel = Channel<MarketSnapshot, any, TriggerState>;

export const CHANNELS: readonly AnyChannel[] = [
  dealerOptions,
  structuredNotes,
  perpLiquidations,
  leveredEtf,
  basisUnwind,
  fundDegrossing,
];

/** The channel of an id (every ChannelId has one). */
export function channelById(id: ChannelId): AnyChannel {
  const c = CHANNELS.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no channel ${id}`);
  return c;
}
