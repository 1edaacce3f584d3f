/**
 * Fragility maps for the dashboard: the market snapshot at an instant is read from the store once and kept;
 * each request then only runs the pure fragility map (src/fragility/map.ts, the same function as
 * `crashscope fragility`) with its channels and assumptions, so changing an assumption re-computes in
 * milliseconds. The default instant is the New York close before the embedded event (as
 * `crashscope fragility --event`), or the last ETF close of a user store.
 */
import { closeBefore } from '../app/fragility.js';
import type { ChannelId } from '../channels/channel.js';
import { fragilityGrid } from '../channels/grid.js';
import { type FragilityMap, fragilityMap } from '../fragility/map.js';
import { loadSnapshot } from '../market/loadSnapshot.js';
import type { MarketSnapshot } from '../market/snapshot.js';
import type { StoreSource } from './storeSource.js';

/** The ETF and BTC reference series the map reads (the CLI's defaults). */
const ETF = 'IBIT';
const BTC = { venue: 'reference', symbol: 'BTC-USD' } as const;
/** Snapshots kept at once. */
const KEEP = 8;
/** Maps kept at once (a map is a pure function of its snapshot and query: the same URL is answered from here). */
const KEEP_MAPS = 32;

export interface FragilityQuery {
  readonly asOf?: string;
  readonly channels?: readonly ChannelId[];
  readonly assumptions: Partial<Record<ChannelId, Readonly<Record<string, unknown>>>>;
  readonly depthPerPctUsd?: number | null;
}

export interface FragilityAnswer {
  readonly map: FragilityMap;
  /** Time it took to build the map from the kept snapshot, ms (the snapshot read is not included). */
  readonly computeMs: number;
  /** True when this exact query was answered before and the map was kept. */
  readonly cached: boolean;
}

export interface FragilityMaps {
  /** The instant used when a request names none. */
  defaultAsOf(): Promise<string>;
  map(query: FragilityQuery): Promise<FragilityAnswer>;
}

export function fragilityMaps(
  source: StoreSource,
  now: () => number = () => performance.now(),
): FragilityMaps {
  const snapshots = new Map<string, Promise<MarketSnapshot>>();
  let fallback: Promise<string> | null = null;

  const defaultAsOf = (): Promise<string> => {
    // For a user store the last close can move (imports); for a pack it cannot.
    if (fallback !== null && source.immutable) return fallback;
    fallback = source.read((db) => closeBefore(db, source.event ?? '9999-12-31', ETF));
    fallback.catch(() => {
      fallback = null;
    });
    return fallback;
  };

  const snapshot = (asOf: string): Promise<MarketSnapshot> => {
    const kept = snapshots.get(asOf);
    if (kept !== undefined) return kept;
    const p = source.read((db) =>
      loadSnapshot(db, { asOf, etfTicker: ETF, btcReference: `${BTC.venue}:${BTC.symbol}`, btc: BTC }),
    );
    p.catch(() => snapshots.delete(asOf));
    snapshots.set(asOf, p);
    if (snapshots.size > KEEP) snapshots.delete(snapshots.keys().next().value as string);
    return p;
  };

  const maps = new Map<string, Omit<FragilityAnswer, 'cached'>>();

  return {
    defaultAsOf,
    async map(query) {
      const asOf = query.asOf ?? (await defaultAsOf());
      const key = JSON.stringify([
        asOf,
        query.channels ?? null,
        query.assumptions,
        query.depthPerPctUsd ?? 'store',
      ]);
      const kept = maps.get(key);
      if (kept !== undefined && source.immutable) return { ...kept, cached: true };
      const snap = await snapshot(asOf);
      const t0 = now();
      const map = fragilityMap({
        snapshot: snap,
        grid: fragilityGrid(snap.spot.usd),
        ...(query.channels === undefined ? {} : { channels: query.channels }),
        assumptions: query.assumptions,
        ...(query.depthPerPctUsd === undefined ? {} : { depthPerPctUsd: query.depthPerPctUsd }),
      });
      const answer = { map, computeMs: now() - t0 };
      maps.set(key, answer);
      if (maps.size > KEEP_MAPS) maps.delete(maps.keys().next().value as string);
      return { ...answer, cached: false };
    },
  };
}
