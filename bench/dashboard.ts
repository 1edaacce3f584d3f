import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Load on the dashboard (bounded, loopback only): `crashscope serve --event 2026-02-05` in its own process,
 * then CLIENTS concurrent clients in this process, each sending its next request as soon as the previous
 * answer is read, for SECONDS seconds, over the fragility API (round robin over ENDPOINTS). Reports requests/s,
 * errors, p50/p99/max latency per endpoint and the server's resident memory (VmRSS from /proc, sampled
 * every 250 ms): at start, peak, and after the load. A report, never a timed test.
 */

export const CLIENTS = 50;
export const SECONDS = 20;

/**
 * What the clients ask for: the fragility map (issue 14's load case). The first four are fixed settings
 * (after their first answer the server keeps the map: a pure function of snapshot and query); the last
 * sends a spot–vol beta never asked before, so every such request recomputes the map from the snapshot.
 */
export const ENDPOINTS = [
  '/api/fragility',
  '/api/fragility?dealerOptions.spotVolBeta=0.5',
  '/api/fragility?channels=dealerOptions,structuredNotes&structuredNotes.volSource=flag&structuredNotes.vol=0.9',
  '/api/fragility?channels=perpLiquidations,dealerOptions&dealerOptions.signModel=naive',
  '/api/fragility?dealerOptions.spotVolBeta=<new value each request>',
] as const;

let fresh = 0;
/** The URL of an endpoint for one request (a fresh beta for the recompute case: 1.0001, 1.0002, ...). */
function target(path: string): string {
  if (!path.includes('<new value each request>')) return path;
  fresh++;
  return path.replace('<new value each request>', (1 + fresh / 10_000).toFixed(4));
}

export interface EndpointStats {
  readonly path: string;
  readonly requests: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface DashboardBench {
  readonly clients: number;
  readonly seconds: number;
  readonly requests: number;
  readonly errors: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly endpoints: readonly EndpointStats[];
  readonly rssStartMb: number;
  readonly rssPeakMb: number;
  readonly rssEndMb: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? Number.NaN : Number(m[1]) / 1024;
}

/** Starts the built CLI's server and resolves with its URL once it prints it. */
function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const child = spawn(
    process.execPath,
    [join(root, 'dist', 'cli', 'main.js'), 'serve', '--event', '2026-02-05'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m !== null) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before printing its URL`)));
  });
}

export async function benchDashboard(clients = CLIENTS, seconds = SECONDS): Promise<DashboardBench> {
  const { child, url } = await startServer();
  const pid = child.pid!;
  try {
    // Warm: the first analysis of the day runs once, before the clock starts.
    for (const p of ENDPOINTS) await (await fetch(`${url}${target(p)}`)).arrayBuffer();
    const rssStartMb = rssMb(pid);
    let rssPeakMb = rssStartMb;
    const sampler = setInterval(() => {
      rssPeakMb = Math.max(rssPeakMb, rssMb(pid));
    }, 250);
    const latencies = ENDPOINTS.map(() => [] as number[]);
    const errors = ENDPOINTS.map(() => 0);
    const end = performance.now() + seconds * 1000;
    let next = 0;
    const client = async () => {
      while (performance.now() < end) {
        const k = next++ % ENDPOINTS.length;
        const t0 = performance.now();
        try {
          const r = await fetch(`${url}${target(ENDPOINTS[k]!)}`);
          await r.arrayBuffer();
          if (!r.ok) errors[k]!++;
        } catch {
          errors[k]!++;
        }
        latencies[k]!.push(performance.now() - t0);
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: clients }, client));
    const elapsed = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    // Memory after the load, once the server has had a moment to collect.
    await new Promise((r) => setTimeout(r, 2000));
    const rssEndMb = rssMb(pid);
    const all = latencies.flat().sort((a, b) => a - b);
    const endpoints = ENDPOINTS.map((path, k) => {
      const s = [...latencies[k]!].sort((a, b) => a - b);
      return {
        path,
        requests: s.length,
        errors: errors[k]!,
        p50Ms: quantile(s, 0.5),
        p99Ms: quantile(s, 0.99),
        maxMs: s.at(-1) ?? Number.NaN,
      };
    });
    return {
      clients,
      seconds: elapsed,
      requests: all.length,
      errors: errors.reduce((a, b) => a + b, 0),
      requestsPerSecond: all.length / elapsed,
      p50Ms: quantile(all, 0.5),
      p99Ms: quantile(all, 0.99),
      endpoints,
      rssStartMb,
      rssPeakMb,
      rssEndMb,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

/** Markdown lines for `npm run bench`. */
export function dashboardLines(b: DashboardBench): string[] {
  const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  return [
    '## Dashboard under load (`crashscope serve`, fragility API, loopback)',
    '',
    `${b.clients} concurrent clients for ${b.seconds.toFixed(1)} s, round robin over ${b.endpoints.length} API endpoints: ` +
      `${b.requests.toLocaleString('en-US')} requests (${b.requestsPerSecond.toFixed(0)}/s), ${b.errors} errors, ` +
      `p50 ${ms(b.p50Ms)} ms, p99 ${ms(b.p99Ms)} ms. Server memory (RSS): ${b.rssStartMb.toFixed(0)} MB at start, ` +
      `${b.rssPeakMb.toFixed(0)} MB peak, ${b.rssEndMb.toFixed(0)} MB after.`,
    '',
    '| Endpoint | Requests | Errors | p50 | p99 | max |',
    '|---|--:|--:|--:|--:|--:|',
    ...b.endpoints.map(
      (e) =>
        `| \`${e.path.length > 60 ? `${e.path.slice(0, 57)}...` : e.path}\` | ${e.requests.toLocaleString('en-US')} | ${e.errors} | ${ms(e.p50Ms)} ms | ${ms(e.p99Ms)} ms | ${ms(e.maxMs)} ms |`,
    ),
    '',
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${dashboardLines(await benchDashboard()).join('\n')}\n`);
}
