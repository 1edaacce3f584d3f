import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventPackStore, userStore } from '../../web/storeSource.js';
import { httpRequest } from '../../web/testkit/httpRequest.js';
import type { CliIo } from '../io.js';
import { runCli } from '../testkit/captureIo.js';
import { serveUntilStopped } from './serve.js';

const PACK = join(import.meta.dirname, '..', '..', '..', 'data', 'events', '2026-02-05');

describe('crashscope serve: bad flags exit 2 with one line', () => {
  it.each([
    [['serve', '--port', 'http'], /--port: 'http' is not a port number 0–65535/],
    [['serve', '--port', '70000'], /--port: '70000' is not a port number/],
    [['serve', '--event', '1999-01-01'], /--event 1999-01-01: no embedded pack \(available: 2026-02-05\)/],
    [
      ['serve', '--event', '2026-02-05', '--db', 'x.duckdb'],
      /give --event <date> \(embedded data\) or --db <path>, not both/,
    ],
    [['serve', '--db', '/nonexistent/crashscope.duckdb'], /no store at \/nonexistent\/crashscope\.duckdb/],
  ])('%j', async (argv, message) => {
    const r = await runCli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});

describe('serveUntilStopped', () => {
  it('prints the URL, serves until stopped, then removes the temporary store', async () => {
    let out = '';
    const io: CliIo = {
      stdout: (t) => {
        out += t;
      },
      stderr: () => {},
      env: {},
      cwd: '/',
      stderrIsTty: false,
    };
    const source = await eventPackStore(PACK, '2026-02-05', '2026-02-07T00:00:00Z');
    const stop = new AbortController();
    let status = 0;
    await serveUntilStopped(source, { host: '127.0.0.1', port: 0 }, io, {
      stop: stop.signal,
      onStarted: (server) => {
        httpRequest(`${server.url}/api/data`)
          .then((r) => {
            status = r.status;
          })
          .finally(() => stop.abort());
      },
    });
    expect(out).toMatch(/^crashscope dashboard on http:\/\/127\.0\.0\.1:\d+ {2}\(Ctrl-C to stop\)\n$/);
    expect(status).toBe(200);
    // The pack's temporary store is gone: a read now fails.
    await expect(source.read(async () => 1)).rejects.toThrow(/no store at/);
  });

  it('a port in use is bad input naming host and port', async () => {
    const io: CliIo = { stdout: () => {}, stderr: () => {}, env: {}, cwd: '/', stderrIsTty: false };
    const first = new AbortController();
    let port = 0;
    const running = serveUntilStopped(userStore('/nonexistent.duckdb'), { host: '127.0.0.1', port: 0 }, io, {
      stop: first.signal,
      onStarted: (s) => {
        port = s.port;
      },
    });
    await expect.poll(() => port).toBeGreaterThan(0);
    await expect(
      serveUntilStopped(userStore('/nonexistent.duckdb'), { host: '127.0.0.1', port }, io),
    ).rejects.toThrow(`cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
    first.abort();
    await running;
  });
});
