/*
 * The `fragility` use case, shared by the CLI and (later) the web: a market snapshot at one instant (an
 * embedded event's New York close before the event, or any instant of the user's store), the fragility map
 * on one grid, and its files (fragility.json, a self-contained fragility.html), written atomically.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ChannelId } from '../channels/channel.js';
import { fragilityGrid, type GridSpec } from '../channels/grid.js';
import { CHANNELS } from '../channels/registry.js';
import { nyCloseUtc } from '../core/time.js';
import { loadPack } from '../data/eventPack.js';
import { CrashscopeError, InvalidInputError } from '../errors.js';
import { renderFragilityHtml } from '../fragility/html.js';
import { type FragilityMap, fragilityMap, parseAssumptions } from '../fragility/map.js';
import { loadSnapshot } from '../market/loadSnapshot.js';
import type { Db } from '../store/db.js';
import { readRows } from '../store/readers.js';
import { MEMORY, type OpenStoreOptions, withStore } from '../store/store.js';
import { eventPackDir } from './eventPacks.js';

export type FragilitySource =
  /** An embedded event pack; the snapshot is the New York close of the trading day before the event. */
  | { readonly kind: 'event'; readonly event: string }
  /** The user's store at an instant. */
  | { readonly kind: 'db'; readonly db: string; readonly asOf: string };

export interface FragilityRunRequest {
  readonly source: FragilitySource;
  readonly etfTicker: string;
  readonly btc: { readonly venue: string; readonly symbol: string };
  readonly grid?: GridSpec;
  readonly channels?: readonly ChannelId[];
  readonly assumptions?: Partial<Record<ChannelId, Readonly<Record<string, unknown>>>>;
  readonly depthPerPctUsd?: number | null;
  readonly ingestedAt: string;
  /** How the store is opened (the CLI waits for a store another process holds); default `withStore`. */
  readonly withStore?: <T>(path: string, options: OpenStoreOptions, fn: (db: Db) => Promise<T>) => Promise<T>;
}

/**
 * The New York close of the ETF's last trading day before `event` in the store (the fragility map's instant
 * for an event; the dashboard's default).
 */
export async function closeBefore(db: Db, event: string, ticker: string): Promise<string> {
  const rows = await readRows(db, 'etf_daily', { ticker, to: event });
  const before = rows.map((r) => r.date).filter((d) => d < event);
  if (before.length === 0)
    throw new InvalidInputError('no_previous_day', `no ${ticker} trading day before ${event} in the store`, {
      details: { event, ticker },
    });
  return nyCloseUtc(before.sort().at(-1)!);
}

/**
 * Builds the fragility map of a request.
 * @example await fragility({ source: { kind: 'event', event: '2026-02-05' }, etfTicker: 'IBIT', btc: { venue: 'reference', symbol: 'BTC-USD' }, ingestedAt: new Date().toISOString() }, () => {})
 */
export async function fragility(
  req: FragilityRunRequest,
  progress: (step: string) => void,
): Promise<FragilityMap> {
  const packDir = req.source.kind === 'event' ? eventPackDir(req.source.event) : null;
  // Bad input first, before any data is read.
  for (const c of CHANNELS) parseAssumptions(c, req.assumptions?.[c.id]);
  if (req.grid !== undefined) fragilityGrid((req.grid.lo + req.grid.hi) / 2, req.grid);
  const dbPath = req.source.kind === 'db' ? req.source.db : MEMORY;
  if (packDir === null && dbPath !== MEMORY && !existsSync(dbPath)) {
    // A store path that does not exist is bad input (exit 2), like any other wrong argument.
    throw new InvalidInputError(
      'store_missing',
      `no store at ${dbPath} (--db or CRASHSCOPE_DB): import data or load a pack into it first, or use --event <date>`,
      { details: { path: dbPath } },
    );
  }
  const open = req.withStore ?? withStore;
  return open(dbPath, { readOnly: packDir === null }, async (db) => {
    let asOf: string;
    if (req.source.kind === 'event') {
      progress(`loading the ${req.source.event} event pack`);
      await loadPack(db, packDir!, { ingestedAt: req.ingestedAt });
      asOf = await closeBefore(db, req.source.event, req.etfTicker);
    } else asOf = req.source.asOf;
    progress(`reading the market at ${asOf}`);
    const snapshot = await loadSnapshot(db, {
      asOf,
      etfTicker: req.etfTicker,
      btcReference: `${req.btc.venue}:${req.btc.symbol}`,
      btc: req.btc,
    });
    progress('building the channels');
    return fragilityMap({
      snapshot,
      grid: fragilityGrid(snapshot.spot.usd, req.grid),
      ...(req.channels === undefined ? {} : { channels: req.channels }),
      ...(req.assumptions === undefined ? {} : { assumptions: req.assumptions }),
      ...(req.depthPerPctUsd === undefined ? {} : { depthPerPctUsd: req.depthPerPctUsd }),
    });
  });
}

/** Writes fragility.json and fragility.html into `dir` (all or nothing: a temp dir renamed into place). */
export async function writeFragility(dir: string, map: FragilityMap): Promise<string[]> {
  const files = new Map<string, string>([
    ['fragility.json', `${JSON.stringify(map, null, 1)}\n`],
    ['fragility.html', await renderFragilityHtml(map)],
  ]);
  const target = resolve(dir);
  const parent = dirname(target);
  let tmp: string | null = null;
  try {
    await mkdir(target, { recursive: true });
    tmp = await mkdtemp(join(parent, `.${basename(target)}.tmp-`));
    for (const [name, text] of files) await writeFile(join(tmp, name), text, 'utf8');
    for (const name of files.keys()) await rename(join(tmp, name), join(target, name));
  } catch (error) {
    throw new CrashscopeError(
      'fragility_write_failed',
      `cannot write to ${target}: ${(error as Error).message}`,
      {
        cause: error,
        details: { dir: target },
      },
    );
  } finally {
    if (tmp !== null) await rm(tmp, { recursive: true, force: true });
  }
  return [...files.keys()].map((n) => join(target, n));
}
