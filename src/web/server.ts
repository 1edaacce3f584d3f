/**
 * Starts the dashboard on a host and port (127.0.0.1 and a free port by default) with @hono/node-server,
 * and closes it with the store it opened. The CLI resolves flags and prints; this file only serves.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { allowedHosts } from './hostCheck.js';
import { SimRuns } from './simRuns.js';
import type { StoreSource } from './storeSource.js';

/** The default bind address: loopback only, never the network. */
export const DEFAULT_HOST = '127.0.0.1';

export interface ServeOptions {
  readonly source: StoreSource;
  readonly host?: string;
  /** 0 = any free port. */
  readonly port?: number;
  readonly onInternalError?: (error: unknown) => void;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:43117 */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops accepting, ends open connections and closes the store source. */
  close(): Promise<void>;
}

/**
 * True when `host` names this machine only (127.0.0.0/8, ::1, localhost).
 * @example isLoopback('0.0.0.0') // false
 */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  let allowed: ReadonlySet<string> = new Set();
  const simRuns = new SimRuns(options.source);
  const app = createApp({
    source: options.source,
    simRuns,
    allowedHosts: () => allowed,
    ...(options.onInternalError === undefined ? {} : { onInternalError: options.onInternalError }),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 0 }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  allowed = allowedHosts(host, port);
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    host,
    port,
    async close() {
      simRuns.cancelAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await options.source.close();
    },
  };
}
