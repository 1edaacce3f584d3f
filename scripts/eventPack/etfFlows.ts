import type { Cell, Table } from './csv.js';
import { roundTo } from './csv.js';
import { type EtfSeries, IBIT_PUBLISHED, PEER_FLOWS_20260204 } from './etfDaily.js';
import type { Market } from './market.js';
import type { AnchorUse } from './provenance.js';
import { GENERATOR_SOURCE, SRC } from './sources.js';

/*
 * etf_flows: every flow estimate side by side, never averaged (data contract). Per ticker and day:
 * - 'reconstructed_shares_t' (method shares_outstanding_t): (shares_t - shares_{t-1}) x NAV_t;
 * - 'reconstructed_shares_t1' (method shares_outstanding_t1): (shares_{t+1} - shares_t) x NAV_t, the
 *   estimate a tracker gets when the share count published on t+1 reflects orders struck on t;
 * - published figures: trackers' reported flows (method 'reported') and Jeff Park's share-count
 *   estimate of 2026-02-05 (method shares_outstanding_t), each with its page;
 * - observed: Farside Investors' daily net flow of every US spot-bitcoin ETF it tabulates (method
 *   'reported', flow_source 'farside'), for each fund that reported a non-zero flow in the window.
 *   Farside writes '-' (pending / none) as 0, so a 0 is "no flow or not reported".
 * The reconstructed share-count series is built from the Farside flows (etfDaily.ts), so the two agree
 * by construction except where a published share count replaces a step (IBIT 2026-02-05).
 */

interface PublishedFlow {
  readonly date: string;
  readonly ticker: string;
  readonly flowSource: string;
  readonly method: 'shares_outstanding_t' | 'shares_outstanding_t1' | 'reported';
  readonly usd: number;
  readonly url: string;
}

export const PUBLISHED_FLOWS: readonly PublishedFlow[] = [
  {
    date: '2026-01-30',
    ticker: 'IBIT',
    flowSource: 'jeff_park',
    method: 'reported',
    usd: IBIT_PUBLISHED.flow20260130.value,
    url: SRC.tradingkey,
  },
  {
    date: '2026-02-04',
    ticker: 'IBIT',
    flowSource: 'sosovalue',
    method: 'reported',
    usd: IBIT_PUBLISHED.flow20260204.value,
    url: SRC.blockchaindatawiki,
  },
  {
    date: '2026-02-04',
    ticker: 'FBTC',
    flowSource: 'blockchaindatawiki',
    method: 'reported',
    usd: PEER_FLOWS_20260204.FBTC,
    url: SRC.blockchaindatawiki,
  },
  {
    date: '2026-02-04',
    ticker: 'GBTC',
    flowSource: 'blockchaindatawiki',
    method: 'reported',
    usd: PEER_FLOWS_20260204.GBTC,
    url: SRC.blockchaindatawiki,
  },
  {
    date: '2026-02-05',
    ticker: 'IBIT',
    flowSource: 'jeff_park',
    method: 'shares_outstanding_t',
    usd: IBIT_PUBLISHED.flow20260205Park.value,
    url: SRC.altcoinObserver,
  },
  {
    date: '2026-02-05',
    ticker: 'IBIT',
    flowSource: 'sosovalue',
    method: 'reported',
    usd: IBIT_PUBLISHED.flow20260205Soso.value,
    url: SRC.coinails,
  },
];

/**
 * Builds etf_flows from the ETF series.
 * @example buildEtfFlows(market, series).table.columns[3] // 'method'
 */
export function buildEtfFlows(
  m: Market,
  series: ReadonlyMap<string, EtfSeries>,
): { table: Table; anchors: AnchorUse[] } {
  const rows: Cell[][] = [];
  const anchors: AnchorUse[] = [];
  const n = m.days.length;
  const farsideFunds = new Set<string>();
  for (const d of m.days)
    for (const [f, v] of m.observed.farside.get(d) ?? []) if (v !== 0) farsideFunds.add(f);
  const tickers = [...new Set([...series.keys(), ...farsideFunds])].sort();
  for (let i = 0; i < n; i++) {
    const d = m.days[i];
    for (const ticker of tickers) {
      const s = series.get(ticker);
      const entries: Cell[][] = [];
      const far = farsideFunds.has(ticker) ? m.observed.farside.get(d)?.get(ticker) : undefined;
      if (far !== undefined) {
        entries.push([d, ticker, roundTo(far * 1e6, 0), 'reported', 'farside', 'farside', 'observed']);
      }
      if (!s) {
        rows.push(...entries);
        continue;
      }
      entries.push([
        d,
        ticker,
        s.flowT[i],
        'shares_outstanding_t',
        'reconstructed_shares_t',
        GENERATOR_SOURCE,
        'reconstructed',
      ]);
      if (i + 1 < n) {
        const t1 = roundTo((s.shares[i + 1] - s.shares[i]) * s.nav[i], 0);
        entries.push([
          d,
          ticker,
          t1,
          'shares_outstanding_t1',
          'reconstructed_shares_t1',
          GENERATOR_SOURCE,
          'reconstructed',
        ]);
      }
      for (const p of PUBLISHED_FLOWS) {
        if (p.date !== d || p.ticker !== ticker) continue;
        entries.push([d, ticker, p.usd, p.method, p.flowSource, p.url, 'published']);
        anchors.push({
          key: `${d} ${ticker} ${p.flowSource}`,
          column: 'flow_usd',
          value: p.usd,
          source: p.url,
        });
      }
      entries.sort((a, b) => (String(a[4]) < String(b[4]) ? -1 : String(a[4]) > String(b[4]) ? 1 : 0));
      rows.push(...entries);
    }
  }
  return {
    anchors,
    table: { columns: ['date', 'ticker', 'flow_usd', 'method', 'flow_source', 'source', 'quality'], rows },
  };
}
