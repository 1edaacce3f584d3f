/**
 * Topics of the published figures (the facts table), for the appendix and for the sections that must
 * confront them (issue 9: "every published figure that bears on a hypothesis is used, conflicts
 * confronted, not buried in the appendix"). A figure's topic comes from the words of its metric as the
 * source worded it (first matching topic wins; order matters: 'liquidations' before 'BTC price' so
 * "BTC liquidations" is a liquidation figure, implied vol before the move so "BVIV intraday peak" is a vol figure). Each topic that bears on a hypothesis names the section
 * that shows its figures beside the data and the rules that use them. Nothing here knows an event.
 */
import type { FindingId } from './findings.js';

export interface FactTopic {
  readonly id: string;
  readonly title: string;
  /** Hypotheses the topic's figures bear on (empty: context only). */
  readonly hypotheses: readonly string[];
  /** The section that shows the topic's figures beside the data (null: appendix only). */
  readonly section: FindingId | null;
  /** Rules that read the topic's figures (rule ids of src/forensics/rules.ts). */
  readonly rules: readonly string[];
  /** A figure belongs to the topic when its metric matches any pattern. */
  readonly patterns: readonly RegExp[];
}

export const FACT_TOPICS: readonly FactTopic[] = [
  {
    id: 'liquidations',
    title: 'Liquidations',
    hypotheses: ['H6'],
    section: 'liquidations',
    rules: ['H6.liquidations', 'H6.size', 'H6.ladder'],
    patterns: [/liquidat/i],
  },
  {
    id: 'open-interest',
    title: 'Open interest',
    hypotheses: ['H6'],
    section: 'open-interest',
    rules: ['H6.binance-drop', 'H6.cme-rebuild'],
    patterns: [/\bOI\b/, /open interest/i],
  },
  {
    id: 'basis',
    title: 'Futures basis',
    hypotheses: ['H3'],
    section: 'basis',
    rules: ['H3.jump-published', 'H3.jump-all-sources'],
    patterns: [/basis/i],
  },
  {
    id: 'etf-flows',
    title: 'ETF flows and creations',
    hypotheses: ['H2'],
    section: 'flows',
    rules: ['H2.creations-share-count', 'H2.creations-trackers', 'H2.surprise'],
    patterns: [/ETF.*flow/i, /IBIT.*(flow|inflow)/i, /\b(FBTC|GBTC)\b/, /creation/i],
  },
  {
    id: 'etf-volume',
    title: 'ETF and option volume records',
    hypotheses: ['H2', 'H7'],
    section: 'volume',
    rules: ['H2.volume-record', 'H2.twice-record-shares', 'H2.twice-record-usd', 'H7.calls-dumped'],
    patterns: [
      /IBIT (share|dollar) volume/i,
      /value traded/i,
      /options contracts/i,
      /options premium/i,
      /new record/i,
    ],
  },
  {
    id: 'fund-stress',
    title: 'Fund stress',
    hypotheses: ['H1'],
    section: 'stress',
    rules: ['H1.stress'],
    patterns: [/z-score/i, /hedge fund/i, /prime brokerage/i, /multi-strat/i],
  },
  {
    id: 'cross-asset',
    title: 'Software, gold and correlations',
    hypotheses: ['H1'],
    section: 'cross-asset',
    rules: ['H1.igv-corr', 'H1.igv-downside', 'H1.gld-corr'],
    patterns: [/\bIGV\b/, /software/i, /\bgold\b/i, /correlation/i],
  },
  {
    id: 'markets',
    title: 'Equities, silver, rates and the dollar',
    hypotheses: [],
    section: null,
    rules: [],
    patterns: [/silver/i, /Nasdaq/i, /S&P/i, /\bDow\b/, /DXY/, /VIX/, /10y/],
  },
  {
    id: 'implied-vol',
    title: 'Implied volatility and skew',
    hypotheses: [],
    section: 'timeline',
    rules: [],
    patterns: [/\bIV\b/, /BVIV/, /skew/i, /implied vol/i, /put-call/i, /put\/call/i],
  },
  {
    id: 'btc-move',
    title: 'BTC and IBIT price and the move',
    hypotheses: [],
    section: 'timeline',
    rules: [],
    patterns: [
      /\bBTC\b.*(close|change|price|low|decline|open|move|gain)/i,
      /cycle low/i,
      /session low/i,
      /intraday/i,
      /candle/i,
      /drawdown/i,
      /rebound/i,
      /weekly loss/i,
      /IBIT.*(close|price|YTD|drop)/i,
    ],
  },
  {
    id: 'other',
    title: 'Other context (sentiment, on-chain, macro, company news)',
    hypotheses: [],
    section: null,
    rules: [],
    patterns: [/./],
  },
];

/**
 * The topic of a published figure, by the words of its metric.
 * @example factTopic('IBIT daily net flow (SoSoValue)').id // 'etf-flows'
 */
export function factTopic(metric: string): FactTopic {
  return (
    FACT_TOPICS.find((t) => t.patterns.some((p) => p.test(metric))) ?? FACT_TOPICS[FACT_TOPICS.length - 1]
  );
}
