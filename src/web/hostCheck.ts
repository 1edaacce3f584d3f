/**
 * DNS-rebinding protection: a page on evil.example whose name is re-pointed at 127.0.0.1 reaches this
 * server with `Host: evil.example`. Only the names the server was bound as are answered, with the port.
 * https://developer.mozilla.org/en-US/docs/Web/Security/Attacks/DNS_rebinding
 */
import type { MiddlewareHandler } from 'hono';

/** Loopback spellings that always name this machine. */
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The Host header values the server answers: the bound host, 127.0.0.1, localhost and [::1], each with the
 * port (lower case).
 * @example allowedHosts('127.0.0.1', 8080) // Set { '127.0.0.1:8080', 'localhost:8080', '[::1]:8080' }
 */
export function allowedHosts(boundHost: string, port: number): Set<string> {
  const bound = boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost;
  return new Set([bound, ...LOOPBACK].map((h) => `${h.toLowerCase()}:${port}`));
}

/** Refuses (421 Misdirected Request) a request whose Host header is not one of `allowed()`. */
export function hostCheck(allowed: () => ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (!allowed().has(host)) {
      return c.json(
        {
          error: {
            code: 'bad_host',
            message: `Host '${host || '(none)'}' is not this server; open it as ${[...allowed()][0]}`,
          },
        },
        421,
      );
    }
    await next();
  };
}
