import { DataError } from '../../src/errors.js';
import { addDays, dayNumber, weekday } from './calendar.js';
import type { Cell, Table } from './csv.js';

/*
 * facts: every figure of published-facts.json as numeric rows (quality 'published'), never averaged.
 * Rules (docs/DATA.md, "The 2026-02-05 event pack"):
 * - a numeric value is one row, unchanged;
 * - a text value is split into numeric rows by the hand-written table SPLITS below (one entry per fact,
 *   keyed by its date and metric): each part becomes the metric plus a suffix (" (low)", " (BTC)",
 *   ...), a range "a-b" becomes "<metric>_low" and "<metric>_high", "> x" / "< x" a "(lower bound)" /
 *   "(upper bound)" row, "~x" a row noted "approximate";
 * - facts with no number (qualitative, "not found") are left out and listed in the manifest;
 * - date: a single day as is; "A/B" or "A..B" -> A; "YYYY-MM" -> the 1st; "YYYY" -> January 1st;
 *   "(mid)" -> the 15th; "(wkN)" -> Monday of ISO week N; the published text is kept in `note`.
 * confidence is the fact sheet's; the quote snippet goes to `note`.
 */

export interface PublishedFact {
  readonly date: string;
  readonly metric: string;
  readonly value: number | string;
  readonly unit: string;
  readonly source: string;
  readonly quote_snippet?: string;
  readonly confidence: 'primary' | 'secondary' | 'conflicting';
}

/** [suffix, value, unit, note?, date?] — one numeric row made from a text-valued fact. */
type Part = readonly [string, number, string, string?, string?];

const APPROX = 'approximate';
const LB = 'lower bound';
const UB = 'upper bound';

const SPLITS: Readonly<Record<string, readonly Part[]>> = {
  '2026-02-05|Intraday move (SignalPlus summary; dated Feb 6 there)': [
    [' (from)', 73100, 'USD'],
    [' (to)', 62400, 'USD'],
    [' (change)', -15, '%', APPROX],
  ],
  '2026-02-05|Daily candle size (NewsBTC/Coutts)': [
    [' (percent, lower bound)', 15, '%', LB],
    [' (USD)', 10800, 'USD', APPROX],
  ],
  '2026-02-06|BTC 14:53 ET price / intraday gain': [
    [' (price)', 70826.9, 'USD'],
    [' (gain)', 8.6, '%'],
  ],
  '2026-02-06|Rebound from low (various)': [
    ['_low', 13, '%'],
    ['_high', 17, '%'],
  ],
  '2026-02-06|BTC 24h change at 15:41 UTC (CMC)': [
    [' (change)', 2.23, '%'],
    [' (price)', 68402.96, 'USD'],
  ],
  '2026-02-08|BTC price and intraday range (Bitstamp)': [
    [' (price)', 70854, 'USD'],
    [' (range)_low', 68443, 'USD'],
    [' (range)_high', 70976, 'USD'],
  ],
  '2025-10-06|All-time high (various)': [
    ['_low', 126080, 'USD'],
    ['_high', 126272, 'USD'],
  ],
  '2026-02-06|Drawdown from ATH at low': [
    [' (first figure)', -50, '%', APPROX],
    [' (second figure)', -52, '%'],
  ],
  '2026-01-20|BTC intraday (10:16 ET)': [
    [' (price)', 90298, 'USD'],
    [' (24h change)', -3, '%'],
  ],
  '2026-01-21|BTC intraday range after Davos remarks': [
    ['_low', 87200, 'USD'],
    ['_high', 90300, 'USD'],
  ],
  '2026-01-28|BTC 10:28 ET / intraday low': [
    [' (10:28 ET)', 89075, 'USD'],
    [' (intraday low)', 87271, 'USD'],
  ],
  '2026-01-30|BTC 24h change to 03:08 UTC (CMC)': [
    [' (change)', -6.69, '%'],
    [' (price)', 82055.65, 'USD'],
  ],
  '2026-01-30|BTC Friday low / level (Reuters)': [
    [' (low)', 81104, 'USD'],
    [' (level)', 82300, 'USD'],
    [' (change)', -2.5, '%'],
  ],
  '2026-01-31|BTC at 17:48 GMT (Reuters)': [
    [' (price)', 78719.63, 'USD'],
    [' (change)', -6.53, '%'],
  ],
  '2026-01|January monthly change': [
    ['_low', -11, '%'],
    ['_high', -10, '%'],
  ],
  '2026-02-04|BTC Bitfinex low vs Coin Metrics': [
    [' (Bitfinex)', 72713, 'USD'],
    [' (Coin Metrics)', 72412, 'USD'],
  ],
  '2026-02-05|BTC at ~9:16am ET Feb 5 vs prior (Schwab table)': [
    [' (price)', 69560, 'USD'],
    [' (change)', -3995, 'USD'],
    [' (change, percent)', -5.46, '%'],
  ],
  '2026-02-05|IBIT dollar volume': [[' (lower bound)', 10, 'USD bn', LB]],
  '2026-02-05|Size of new record vs prior (wording)': [
    [" (wording 'by 169%')", 169, '%'],
    [" (wording 'roughly 69%')", 69, '%'],
  ],
  '2026-02-05|IBIT price change / level (CoinDesk wire)': [
    [' (change)', -13, '%'],
    [' (level, upper bound)', 35, 'USD', UB],
  ],
  '2026-02-05|IBIT YTD / peak': [
    [' (YTD change)', -27, '%'],
    [' (peak, early October)', 71.82, 'USD'],
  ],
  '2026-02-05|IBIT daily drop rank': [[' (rank)', 2, 'rank']],
  '2026-02-05|IBIT net creations (Park, share count)': [
    [' (shares)', 6, 'million shares', APPROX],
    [' (USD)', 230, 'USD mn'],
  ],
  '2026-01-30|IBIT dollar-weighted investor return turns negative (Bob Elliott)': [
    [' (upper bound)', 0, 'USD', UB],
    [' (October peak)', 35, 'USD bn', APPROX],
  ],
  '2026-01 (mid)|IBIT BTC held / shares outstanding (explainer page)': [
    [' (BTC held)', 781111, 'BTC', APPROX],
    [' (shares outstanding)', 1.37, 'bn shares', APPROX],
  ],
  '2026-02-05|IBIT long-dated put-call IV premium (MarketChameleon)': [
    [' (lower bound)', 25, 'vol points', LB],
  ],
  '2024-11-19|IBIT options first-day contracts (context)': [
    [' (total)', 354000, 'contracts'],
    [' (calls)', 289000, 'contracts'],
    [' (puts)', 65000, 'contracts'],
  ],
  '2026-01-30|Spot BTC ETF daily net flow (CVJ)': [['', -1000, 'USD mn', APPROX]],
  '2026-02-03|Spot BTC ETF total AUM (SoSoValue)': [['', 99, 'USD bn', APPROX]],
  '2026-02-04|Spot BTC ETF total net assets / cum. inflow': [
    [' (total net assets)', 93.51, 'USD bn'],
    [' (cumulative inflow)', 54.75, 'USD bn'],
  ],
  '2026-02-04|FBTC / GBTC daily flow': [
    [' (FBTC)', -86.44, 'USD mn'],
    [' (GBTC)', -41.77, 'USD mn'],
  ],
  '2026-02-05|Rest of complex ex-IBIT net creations (Park)': [[' (lower bound)', 300, 'USD mn', LB]],
  '2026-01-16/2026-02-07|Spot BTC ETF outflows Jan 16-Feb 7': [[' (lower bound)', 2900, 'USD mn', LB]],
  '2026-02-02/2026-02-07|Crypto ETP weekly flows / volumes (CoinShares)': [
    [' (flows)', -187, 'USD mn'],
    [' (volumes, record)', 63, 'USD bn'],
  ],
  '2026-02-05/06|BVIV intraday peak (CoinDesk/Volmex)': [
    ['_low', 95, 'vol %', APPROX],
    ['_high', 100, 'vol %', APPROX],
  ],
  '2026-01 (early)|BVIV 3-year low': [[' (upper bound)', 38, 'vol %', UB]],
  '2026-01-29|Deribit DVOL jump': [
    [' (from)', 37, 'index', APPROX],
    [' (to, lower bound)', 44, 'index', LB],
  ],
  '2026-02-05|BTC/ETH IV and percentile (Gate Research, 20:20 UTC+8)': [
    [' (BTC IV)', 50, 'vol %', APPROX],
    [' (BTC IV percentile)', 81.7, 'percentile'],
    [' (ETH IV)', 70, 'vol %', APPROX],
  ],
  '2026-02-06|BTC options expiry notional / put-call / max pain (CoinGape)': [
    [' (notional)', 2.1, 'USD bn'],
    [' (put/call)', 0.6, 'ratio'],
    [' (max pain)', 80000, 'USD'],
  ],
  '2026-03-27|Deribit Mar-27 expiry OI / max pain (as of Feb 9)': [
    [' (open interest)', 8.65, 'USD bn'],
    [' (max pain)', 90000, 'USD'],
  ],
  '2026-01-22|Basis-trade yields': [[' (upper bound)', 5, '% ann.', UB]],
  '2026-01|1-month annualized basis / CME OI': [
    [' (basis from)', 17, '%', APPROX],
    [' (basis to)', 5, '%', APPROX],
    [' (CME OI, upper bound)', 10, 'USD bn', UB],
    [' (CME OI before, lower bound)', 21, 'USD bn', LB],
  ],
  '2026-01|Leveraged-fund long share in CME BTC futures (COT)': [
    ['', 41, '%'],
    [' (2023)', 68, '%'],
  ],
  '2026-02-09|CME OI total / front (contracts)': [
    [' (total)', 23643, 'contracts'],
    [' (front)', 18933, 'contracts'],
  ],
  '2026-02-10|CME OI total / front; front close': [
    [' (total)', 24157, 'contracts'],
    [' (front)', 19187, 'contracts'],
    [' (front close)', 68810, 'USD'],
  ],
  '2026-02-11|CME OI total / front; front close': [
    [' (total)', 23019, 'contracts'],
    [' (front)', 17768, 'contracts'],
    [' (front close)', 67635, 'USD'],
  ],
  '2026-02-12|CME OI total / front; front close': [
    [' (total)', 23375, 'contracts'],
    [' (front)', 17605, 'contracts'],
    [' (front close)', 66240, 'USD'],
  ],
  '2026-02-13|CME OI total / front; front close': [
    [' (total)', 23084, 'contracts'],
    [' (front)', 16846, 'contracts'],
    [' (front close)', 68835, 'USD'],
  ],
  '2026-02-21|CME BTC futures OI (CoinGlass)': [
    [' (BTC)', 122470, 'BTC'],
    [' (USD)', 8.38, 'USD bn'],
    [' (share)', 18.23, '%'],
  ],
  '2025-12-31|CME BTC futures OI (context)': [['', 123000, 'BTC', APPROX]],
  '2026-02-05|Crypto liquidations 24h (Bitcoin.com/CoinGlass, US afternoon)': [
    [' (total)', 2.06, 'USD bn'],
    [' (longs)', 1.84, 'USD bn'],
    [' (traders)', 427278, 'count'],
  ],
  '2026-02-05/06|Crypto liquidations 24h (CVJ)': [
    [' (total)', 2.58, 'USD bn'],
    [' (long share)', 82, '%'],
    [' (traders, lower bound)', 530000, 'count', LB],
    [' (BTC, lower bound)', 1.3, 'USD bn', LB],
  ],
  '2026-02-05/06|Crypto liquidations 24h (CoinGlass via world-news)': [
    [' (total)', 2.59, 'USD bn'],
    [' (longs)', 2.11, 'USD bn'],
  ],
  '2026-02-05/06|Crypto liquidations 24h (Coinpedia)': [
    [' (total)', 2.65, 'USD bn'],
    [' (long share)', 82, '%'],
  ],
  '2026-02-05/06|Crypto liquidations 24h (AInvest)': [
    [' (total)', 2.67, 'USD bn'],
    [' (longs)', 2.31, 'USD bn'],
  ],
  '2026-02-05|Crypto liquidations (BitPinas)': [
    [' (total)', 2.12, 'USD bn'],
    [' (longs)', 1.84, 'USD bn'],
    [' (shorts)', 272.1, 'USD mn'],
    [' (BTC)', 1.01, 'USD bn'],
    [' (traders)', 442144, 'count'],
  ],
  '2026-02-05|Liquidations single day (Blockspace)': [[' (lower bound)', 2.5, 'USD bn', LB]],
  '2026-02-06|BTC liquidations 24h (CMC AI citing CoinDesk)': [[' (lower bound)', 965, 'USD mn', LB]],
  '2026-02-06|Second day >$1bn liquidations; shorts in 1 hour': [
    [' (day, lower bound)', 1, 'USD bn', LB],
    [' (shorts in one hour, lower bound)', 120, 'USD mn', LB],
  ],
  '2026-02-05|Largest single liquidation': [
    [' (Hyperliquid ETH-USD)', 222.65, 'USD mn'],
    [' (Binance BTCUSDT)', 12.02, 'USD mn'],
  ],
  '2026-02-05|Aggregate BTC futures OI (forvest dataset)': [['', 46.3, 'USD bn', APPROX]],
  '2026-02-05 (morning)|BTC OI (bookmydollar/CoinGape)': [
    ['', 49.5, 'USD bn', APPROX],
    [' (drop from October peak, lower bound)', 40, 'USD bn', LB],
  ],
  '2026-01-05/2026-02-04|BTC OI 30-day change (Cointelegraph/CryptoQuant)': [
    [' (USD)', -55, 'USD bn'],
    [' (BTC)', -744000, 'BTC', APPROX],
  ],
  '2026-02-21|Global BTC futures OI (CoinGlass)': [
    [' (BTC)', 671140, 'BTC'],
    [' (USD)', 45.97, 'USD bn'],
    [' (Binance, BTC)', 116190, 'BTC'],
  ],
  '2026-02-09..17|OI-weighted funding 6h prints': [
    [' (print 1)', 0.0018, '%', undefined, '2026-02-10'],
    [' (print 2)', -0.0024, '%', undefined, '2026-02-10'],
    [' (print 3)', -0.0032, '%', undefined, '2026-02-10'],
    [' (print 4)', 0.0007, '%', undefined, '2026-02-10'],
    [' (print 1)', 0.0059, '%', undefined, '2026-02-17'],
    [' (print 2)', 0.0044, '%', undefined, '2026-02-17'],
    [' (print 3)', 0.0043, '%', undefined, '2026-02-17'],
    [' (print 4)', 0.0047, '%', undefined, '2026-02-17'],
  ],
  '2026-02-05|Coinbase spot USD volume (Coutts)': [
    [' (USD)', 3.34, 'USD bn'],
    [' (BTC)', 54000, 'BTC', APPROX],
    [' (rank of USD volume)', 8, 'rank'],
  ],
  '2026-02-08|Coinbase premium negative streak': [
    [' (days)', 25, 'days'],
    [' (premium)', -0.0864, '%'],
  ],
  '2026-02-17|Coinbase premium negative streak': [
    [' (days)', 33, 'days'],
    [' (premium)', -0.0477, '%'],
  ],
  '2026-01-29|Crypto liquidations 24h (CoinGlass)': [
    ['_low', 785, 'USD mn'],
    ['_high', 796.58, 'USD mn'],
    [' (BTC longs)', 307, 'USD mn', APPROX],
  ],
  '2026-01-30|Crypto liquidations 24h (CMC)': [
    [' (total)', 1.75, 'USD bn'],
    [' (BTC)', 826, 'USD mn'],
    [' (long share)', 94, '%'],
    [' (OI change)', -4.8, '%'],
  ],
  '2026-01-31/02-01|Crypto liquidations 24h (weekend)': [
    ['_low', 1.6, 'USD bn'],
    ['_high', 2.5, 'USD bn'],
  ],
  '2026-02-06/09|Coinbase premium index Fri -> Mon (CoinGecko/Decrypt)': [
    [' (Friday)', -0.23, '%', undefined, '2026-02-06'],
    [' (Monday)', -0.06, '%', undefined, '2026-02-09'],
  ],
  '2026-02-05|BTC 24h change at 5:54pm IST (CMC via Mint)': [
    [' (change)', -9.05, '%'],
    [' (price)', 69231.67, 'USD'],
  ],
  '2026-02-04|Big hedge fund losses (AInvest)': [[' (largest)', -2.78, '%']],
  '2026-02-05|IGV intraday (CoinDesk)': [
    [' (day move, a fall of more than)', -3, '%', UB],
    [' (YTD)', -24, '%'],
  ],
  '2026-02-05|IGV daily move / price (Ginlix summarizing Seeking Alpha)': [
    [' (move)', -4.97, '%'],
    [' (price)', 79.67, 'USD'],
  ],
  '2026-02-03|IGV 1-week / 1-month return': [
    [' (1 week)', -12.67, '%'],
    [' (1 month)', -16.85, '%'],
  ],
  '2026-01-28/2026-02-05|S&P 500 software & services index': [
    [' (change over 5-6 sessions)', -13, '%', APPROX],
    [' (from October peak)', -26, '%', APPROX],
    [' (value lost)_low', 830, 'USD bn'],
    [' (value lost)_high', 1000, 'USD bn'],
  ],
  '2026-02-03|Nasdaq / S&P / Dow daily': [
    [' (Nasdaq)', -1.55, '%'],
    [' (S&P 500)', -0.84, '%'],
    [' (Dow)', -0.34, '%'],
  ],
  '2026-02-04|Nasdaq Composite close': [
    [' (close)', 22904.58, 'index'],
    [' (change)', -350.61, 'index points'],
    [' (change, percent)', -1.51, '%'],
  ],
  '2026-02-04|S&P 500 / Dow close': [
    [' (S&P 500)', 6882.72, 'index'],
    [' (S&P 500 change)', -0.51, '%'],
    [' (Dow)', 49501.3, 'index'],
    [' (Dow change)', 0.53, '%'],
  ],
  '2026-02-04|VIX / DXY / 10y': [
    [' (VIX)', 21.11, 'index'],
    [' (DXY)', 97.6, 'index'],
    [' (10y yield)', 4.23, '%'],
  ],
  '2026-02-05|Nasdaq / S&P / Dow close': [
    [' (Nasdaq)', 22540.59, 'index'],
    [' (Nasdaq change)', -1.59, '%'],
    [' (S&P 500)', 6798.4, 'index'],
    [' (S&P 500 change)', -1.23, '%'],
    [' (Dow)', 48908.72, 'index'],
    [' (Dow change)', -1.2, '%'],
  ],
  '2026-02-06|Nasdaq / S&P / Dow / R2K close': [
    [' (Nasdaq)', 23031.21, 'index'],
    [' (Nasdaq change)', 2.2, '%'],
    [' (S&P 500)', 6932.3, 'index'],
    [' (S&P 500 change)', 2, '%'],
    [' (Dow)', 50115.67, 'index'],
    [' (Dow change)', 2.5, '%'],
    [' (Russell 2000)', 2670.34, 'index'],
    [' (Russell 2000 change)', 3.6, '%'],
  ],
  '2026-02-05|US jobs data': [
    [' (Challenger January cuts)', 108435, 'count'],
    [' (JOLTS December openings)', 6.5, 'million'],
    [' (initial claims)', 231000, 'count'],
  ],
  '2026-01-29|Gold record / MSFT': [
    [' (gold record)', 5594.82, 'USD/oz', APPROX],
    [' (gold record, other figure)', 5608, 'USD/oz', APPROX],
    [' (MSFT)_low', -11, '%'],
    [' (MSFT)_high', -10, '%'],
  ],
  '2026-01-30|Gold / silver day': [
    [' (gold)', -9, '%', APPROX],
    [' (silver)_low', -30, '%'],
    [' (silver)_high', -26, '%'],
  ],
  '2026-02-03|Gold close': [
    [' (change)', 6.7, '%'],
    [' (close)', 4963, 'USD/oz'],
  ],
  '2026-02-05|Spot gold 05:35 GMT / April futures (Reuters-based)': [
    [' (spot)', 4838.81, 'USD/oz'],
    [' (spot change)', -2.5, '%'],
    [' (April futures)', 4855.6, 'USD/oz'],
    [' (April futures change)', -1.9, '%'],
  ],
  '2026-02-05|COMEX gold / silver futures 3:16pm ET': [
    [' (gold)', 4858, 'USD/oz'],
    [' (silver)', 74.4, 'USD/oz'],
  ],
  '2026-02-05|Silver daily move': [
    ['_low', -20, '%'],
    ['_high', -15, '%'],
    [' (US close)', 72.12, 'USD/oz'],
  ],
  '2026-02-06|NY spot gold / silver close': [
    [' (gold, lower bound)', 4951, 'USD/oz', LB],
    [' (gold change)', 1.8, '%'],
    [' (silver)', 76.74, 'USD/oz'],
    [' (silver change)', 0.3, '%'],
  ],
  '2026-02-05/06|DXY': [['', 98, 'index', APPROX]],
  '2026-02-05|Strategy (MSTR) Q4 net loss': [
    [' (first figure)', 12.4, 'USD bn'],
    [' (second figure)', 12.6, 'USD bn'],
  ],
  '2025-11-26|JPM IBIT-linked leveraged note (filing)': [
    [' (upside participation)', 1.5, 'x'],
    [' (autocall minimum return, 2026-12-21)', 16, '%'],
    [' (buffer)', 30, '%', APPROX],
  ],
  "2025-11|JPM note barrier cited by Park (reported as '$43,600')": [
    [' (as reported)', 43600, 'USD', 'unit ambiguous; most likely IBIT $43.60'],
  ],
  '2025-12|Barriers on December-priced notes (Park)': [
    [' (as reported)_low', 38000, 'USD', 'unit ambiguous; most likely IBIT $38-39'],
    [' (as reported)_high', 39000, 'USD', 'unit ambiguous; most likely IBIT $38-39'],
  ],
  '2025-11/12|JPM Auto Callable Contingent Interest Notes on IBIT': [
    [' (initial level)', 50.57, 'USD'],
    [' (trigger)', 70, '% of initial'],
    [' (trigger level, derived by the fact sheet)', 35.4, 'USD'],
    [' (coupon)', 14.25, '% p.a.'],
  ],
  '2025-11/12|JPM Capped Accelerated Barrier Notes on IBIT (due Nov 29 2028)': [
    [' (barrier)', 70, '% of initial'],
    [' (upside leverage)', 1.5, 'x'],
    [' (cap)', 140, '% of initial'],
  ],
  '2026-02-20|Dealer gamma (Glassnode)': [
    [' (short gamma)_low', 58000, 'USD'],
    [' (short gamma)_high', 70000, 'USD'],
    [' (cluster)', 75000, 'USD', APPROX],
  ],
  '2026-02-05|Supply in loss / LTH supply in loss': [
    [' (supply in loss)', 10, 'million BTC', APPROX],
    [' (LTH supply in loss)', 4.6, 'million BTC'],
  ],
  '2026-02-05|200-week moving average': [['', 58011, 'USD', APPROX]],
  '2026-02-12|CMC F&G': [
    ['', 8, 'index'],
    [' (earlier same day)', 5, 'index'],
  ],
  '2026-02 (wk7)|True Market Mean / Realized Price (Glassnode)': [
    [' (True Market Mean)', 79000, 'USD', APPROX],
    [' (Realized Price)', 54900, 'USD', APPROX],
  ],
  '2026-02-05|Total crypto market cap': [
    [' (level)', 2.16, 'USD tn', APPROX],
    [' (change)', -13.31, '%'],
  ],
  '2025-10-10|Crypto liquidations (CoinGlass)': [
    ['_low', 19.13, 'USD bn'],
    ['_high', 19.31, 'USD bn'],
    [' (traders)', 1.6, 'million', APPROX],
  ],
  '2025-10-10|Longs liquidated / BTC / ETH': [
    [' (longs)', 16.81, 'USD bn'],
    [' (BTC)', 5.36, 'USD bn'],
    [' (ETH)', 4.42, 'USD bn'],
  ],
  '2025-10-10|BTC low by venue': [
    [' (Bitstamp)', 109683, 'USD'],
    [' (CoinGecko)', 105896, 'USD'],
    [' (others)_low', 101516, 'USD', APPROX],
    [' (others)_high', 102000, 'USD', APPROX],
  ],
  '2025-10-10|BTC drop size': [
    [' (figure a)', -12, '%', '$122k -> $107k'],
    [' (figure b)', -15.7, '%', '$121k -> $102k'],
    [' (figure c)', -17, '%'],
  ],
  '2025-10-10|Total crypto OI': [
    [' (from)', 220, 'USD bn'],
    [' (to)', 155, 'USD bn'],
    [' (change)', -29.7, '%'],
  ],
};

/** Facts with no number to store, and why. */
const SKIP_REASONS: Readonly<Record<string, string>> = {
  '2026-02-05|IBIT options put/call split': 'qualitative (put-dominated, no count published)',
  '2026-02-06|Spot BTC ETF daily net flow': 'not found; the page gives only an arithmetic residual',
  '2026-02-05|Options skew extreme (Kruger)': 'qualitative',
  '2026-02 (wk7)|Glassnode: IV & 25d skew compressed after panic': 'qualitative',
  '2026-01-26/2026-02-06|30/60/90/120-day CME basis table': 'not found',
  '2026-02-06|Funding rates (CoinGape)': 'qualitative (lowest since 2023)',
  '2026-02-05|Funding (Kruger)': 'qualitative (extreme negative)',
  '2026-02-04|GS PB note (Bloomberg): worst day for L/S funds': 'qualitative',
  '2026-02-04|Momentum factor': 'qualitative',
  '2026-02-05|Dealer gamma (Park)': 'qualitative (no strike range in the pages found)',
};

/**
 * The DATE a published date text is stored under (rules in the file comment).
 * @example factDate('2026-02-05/06') // '2026-02-05'
 */
export function factDate(text: string): string {
  const wk = /^(\d{4})-\d{2} \(wk(\d+)\)$/.exec(text);
  if (wk) {
    // Monday of ISO week N: the week with January 4th is week 1.
    const jan4 = `${wk[1]}-01-04`;
    const monday1 = addDays(jan4, -((weekday(jan4) + 6) % 7));
    return addDays(monday1, 7 * (Number(wk[2]) - 1));
  }
  const mid = /^(\d{4}-\d{2}) \(mid\)$/.exec(text);
  if (mid) return `${mid[1]}-15`;
  const day = /^(\d{4}-\d{2}-\d{2})/.exec(text);
  if (day) return day[1];
  const month = /^(\d{4}-\d{2})(?![\d-])/.exec(text);
  if (month) return `${month[1]}-01`;
  const year = /^(\d{4})$/.exec(text);
  if (year) return `${year[1]}-01-01`;
  return '';
}

export interface FactsBuild {
  readonly table: Table;
  readonly skipped: readonly { date: string; metric: string; reason: string }[];
  /** Split rules that matched no fact (the pack refuses to build with stale rules). */
  readonly unusedRules: readonly string[];
}

/**
 * Converts published-facts.json into facts rows.
 * @example buildFacts(JSON.parse(text)).table.columns // ['date', 'metric', 'value', 'unit', 'source', 'confidence', 'note', 'quality']
 */
export function buildFacts(facts: readonly PublishedFact[]): FactsBuild {
  const rows: Cell[][] = [];
  const skipped: { date: string; metric: string; reason: string }[] = [];
  const usedSplits = new Set<string>();
  for (const f of facts) {
    const key = `${f.date}|${f.metric}`;
    const date = factDate(f.date);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(dayNumber(date))) {
      throw new DataError(
        'facts_bad_date',
        `published-facts.json: date '${f.date}' of '${f.metric}' is not understood`,
        {
          details: { date: f.date, metric: f.metric },
        },
      );
    }
    const notes = (extra?: string): string | null => {
      const parts = [
        date !== f.date ? `date as published: ${f.date}` : '',
        typeof f.value === 'string' ? `value as published: ${f.value}` : '',
        extra ?? '',
        f.quote_snippet ? `quote: ${f.quote_snippet}` : '',
      ].filter((s) => s !== '');
      return parts.length > 0 ? parts.join('; ') : null;
    };
    if (typeof f.value === 'number') {
      rows.push([date, f.metric, f.value, f.unit, f.source, f.confidence, notes(), 'published']);
      continue;
    }
    const split = SPLITS[key];
    if (split) {
      usedSplits.add(key);
      for (const [suffix, value, unit, note, dateOverride] of split) {
        rows.push([
          dateOverride ?? date,
          f.metric + suffix,
          value,
          unit,
          f.source,
          f.confidence,
          notes(note),
          'published',
        ]);
      }
      continue;
    }
    const reason = SKIP_REASONS[key];
    if (reason) {
      skipped.push({ date: f.date, metric: f.metric, reason });
      continue;
    }
    throw new DataError(
      'facts_unmapped',
      `published-facts.json: no rule for the text value of '${f.metric}' (${f.date}): ${f.value}`,
      {
        details: { date: f.date, metric: f.metric, value: f.value },
      },
    );
  }
  const unusedRules = Object.keys(SPLITS).filter((k) => !usedSplits.has(k));
  const seen = new Set<string>();
  for (const r of rows) {
    const k = `${r[0]}|${r[1]}|${r[4]}`;
    if (seen.has(k)) {
      throw new DataError('facts_duplicate_key', `facts: two rows share the key ${k}`, {
        details: { key: k },
      });
    }
    seen.add(k);
  }
  rows.sort((a, b) => {
    const ka = `${a[0]}\u0000${a[1]}\u0000${a[4]}`;
    const kb = `${b[0]}\u0000${b[1]}\u0000${b[4]}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return {
    skipped,
    unusedRules,
    table: { columns: ['date', 'metric', 'value', 'unit', 'source', 'confidence', 'note', 'quality'], rows },
  };
}
