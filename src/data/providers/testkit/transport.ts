/**
 * A transport for tests: the real fetch (so requests reach the local server through the network guard)
 * with a virtual clock whose `sleep` returns at once and advances the clock, and fixed jitter. Retries,
 * backoff and the rate limiter then run in no time and their waits can be asserted exactly.
 */
import type { FetchFn, Transport } from '../http.js';

export interface TestTransport extends Transport {
  /** Every wait asked for, in ms, in order. */
  readonly sleeps: number[];
}

/**
 * @example const t = testTransport(); await t.sleep(500); t.now() - Date.UTC(2026, 1, 5) // 500
 */
export function testTransport(
  options: { readonly startMs?: number; readonly random?: number; readonly fetch?: FetchFn } = {},
): TestTransport {
  let t = options.startMs ?? Date.UTC(2026, 1, 5);
  const sleeps: number[] = [];
  const random = options.random ?? 0.5;
  return {
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    now: () => t,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      t += ms;
    },
    random: () => random,
    sleeps,
  };
}
