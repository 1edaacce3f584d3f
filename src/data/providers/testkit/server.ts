/**
 * A local HTTP server for provider tests: node:http on 127.0.0.1, a random free port, replies from a
 * handler, every request recorded. Pass `server.baseUrl` as `--base-url` (or `baseUrl`) so a dataset's
 * real `extract` runs against recorded or constructed payloads.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the handler sees it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Path and query string as sent. */
  readonly url: string;
  /** Header names in lowercase. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The request body ('' for a GET). */
  readonly body: string;
}

/** How to answer. `body` is sent as is when a string or bytes, else as JSON. */
export interface Reply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /**
   * 'hang': never answer (timeouts); 'reset': close the connection before any response (network error);
   * 'cut': send the headers and half the body, then close the connection (a truncated transfer).
   */
  readonly fault?: 'hang' | 'reset' | 'cut';
}

export type Handler = (req: RecordedRequest) => Reply | Promise<Reply>;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Replies in order, one per request; the last one repeats.
 * @example inSequence({ status: 500 }, { body: [] }) // 500 first, then [] for every later request
 */
export function inSequence(...replies: readonly Reply[]): Handler {
  let i = 0;
  return () => replies[Math.min(i++, replies.length - 1)]!;
}

function record(req: IncomingMessage, body: string): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    url: `${url.pathname}${url.search}`,
    headers,
    body,
  };
}

async function answer(res: ServerResponse, reply: Reply): Promise<void> {
  if (reply.fault === 'hang') return;
  if (reply.fault === 'reset') {
    res.socket?.destroy();
    return;
  }
  const bytes =
    reply.body instanceof Uint8Array
      ? Buffer.from(reply.body)
      : Buffer.from(
          reply.body === undefined
            ? ''
            : typeof reply.body === 'string'
              ? reply.body
              : JSON.stringify(reply.body),
          'utf8',
        );
  res.writeHead(reply.status ?? 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(bytes.length),
    ...reply.headers,
  });
  if (reply.fault === 'cut') {
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    await new Promise((r) => setTimeout(r, 5));
    res.socket?.destroy();
    return;
  }
  res.end(bytes);
}

/**
 * Starts a server on 127.0.0.1 with a random port.
 * @example const server = await startServer(() => ({ body: [] })); server.baseUrl // 'http://127.0.0.1:40123'
 */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    new Promise<void>((resolve) => req.on('end', resolve))
      .then(() => {
        const r = record(req, Buffer.concat(chunks).toString('utf8'));
        requests.push(r);
        return handler(r);
      })
      .then((reply) => answer(res, reply))
      .catch((error: unknown) => {
        res.writeHead(599, { 'content-type': 'text/plain' });
        res.end(`test handler failed: ${String(error)}`);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
