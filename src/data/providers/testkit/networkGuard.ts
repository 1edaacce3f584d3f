/**
 * Makes any connection to a host other than 127.0.0.1 fail the test (shared/DESIGN.md section 6: no test
 * touches the network). Every TCP connection in Node, fetch (undici) and TLS included, goes through
 * `net.Socket.prototype.connect`; the guard wraps it, refuses other hosts before any DNS lookup or
 * packet, and records the attempt. Because a provider's client retries network errors and a test may
 * expect an error, a refusal alone could pass unnoticed: the recorded attempts fail the test in
 * `afterEach`. Each provider test calls `installNetworkGuard()` once at the top level (the contract kit
 * does it for its own tests).
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';

const ALLOWED = new Set(['127.0.0.1', '::ffff:127.0.0.1']);

export interface NetworkGuard {
  /** Blocked connection attempts ('host:port') since the last `take`. */
  take(): string[];
}

let installed = 0;
let original: typeof net.Socket.prototype.connect | undefined;
const blocked: string[] = [];

function target(args: readonly unknown[]): { host: string; port: string } | undefined {
  const [first, second] = args;
  if (first !== null && typeof first === 'object') {
    const o = first as { host?: string; port?: number | string; path?: string };
    if (o.path !== undefined) return undefined;
    return { host: o.host ?? 'localhost', port: String(o.port ?? '') };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { host: typeof second === 'string' ? second : 'localhost', port: String(first) };
  }
  return undefined;
}

function install(): void {
  if (installed++ > 0) return;
  original = net.Socket.prototype.connect;
  const wrapped = function (this: net.Socket, ...args: unknown[]): net.Socket {
    const t = target(args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args);
    if (t !== undefined && !ALLOWED.has(t.host)) {
      const where = `${t.host}:${t.port}`;
      blocked.push(where);
      const error = new Error(
        `network guard: a test tried to connect to ${where}; only 127.0.0.1 is allowed`,
      );
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  net.Socket.prototype.connect = wrapped as typeof net.Socket.prototype.connect;
}

function uninstall(): void {
  if (--installed > 0 || original === undefined) return;
  net.Socket.prototype.connect = original;
  original = undefined;
}

/**
 * Installs the guard for the calling test file: hooks beforeAll / afterEach / afterAll.
 * @example const guard = installNetworkGuard(); guard.take() // []
 */
export function installNetworkGuard(): NetworkGuard {
  beforeAll(install);
  afterEach(() => {
    const attempts = blocked.splice(0);
    if (attempts.length > 0) {
      throw new Error(
        `network guard: the test tried to reach ${attempts.join(', ')} (only 127.0.0.1 is allowed)`,
      );
    }
  });
  afterAll(uninstall);
  return { take: () => blocked.splice(0) };
}
