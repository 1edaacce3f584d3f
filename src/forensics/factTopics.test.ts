import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FACT_TOPICS, factTopic } from './factTopics.js';
import { parseHypothesisFile } from './hypothesisFile.js';

// The event's claims H1–H7 (hypotheses as data, in the pack).
const EVENT_FILE = fileURLToPath(new URL('../../data/events/2026-02-05/hypotheses.json', import.meta.url));
const eventHypotheses = () =>
  parseHypothesisFile(readFileSync(EVENT_FILE, 'utf8'), EVENT_FILE, 'test').hypotheses;

describe('factTopic', () => {
  it.each([
    ['IBIT daily net flow (SoSoValue)', 'etf-flows'],
    ['IBIT net creations (Park, share count) (USD)', 'etf-flows'],
    ['Rest of complex ex-IBIT net creations (Park) (lower bound)', 'etf-flows'],
    ['Spot BTC ETF daily net flow (Coinpedia)', 'etf-flows'],
    ['Crypto liquidations (BitPinas) (BTC)', 'liquidations'],
    ['BTC liquidations 24h (CMC AI citing CoinDesk) (lower bound)', 'liquidations'],
    ['CME near-dated annualized basis (Park)', 'basis'],
    ['Futures basis (Cointelegraph, venue unspecified)', 'basis'],
    ['IBIT share volume', 'etf-volume'],
    ["Size of new record vs prior (wording) (wording 'by 169%')", 'etf-volume'],
    ['GS prime brokerage: multi-strategy fund day z-score (Park)', 'fund-stress'],
    ['IGV intraday (CoinDesk) (YTD)', 'cross-asset'],
    ['BTC OI (bookmydollar/CoinGape)', 'open-interest'],
    ['BVIV intraday peak (CoinDesk/Volmex)_high', 'implied-vol'],
    ['Cycle low (CoinGape)', 'btc-move'],
    ['Exchange net inflow spike (forvest dataset)', 'other'],
    ['US jobs data (initial claims)', 'other'],
  ])('%s -> %s', (metricName, topic) => {
    expect(factTopic(metricName).id).toBe(topic);
  });

  it('every topic that bears on a hypothesis names a section and rules of that hypothesis reading that section', () => {
    const rules = new Map(
      eventHypotheses().flatMap((h) => h.rules.map((r) => [r.id, { h: h.id, r }] as const)),
    );
    const bearing = FACT_TOPICS.filter((t) => t.hypotheses.length > 0);
    expect(bearing.map((t) => t.id).sort()).toEqual(
      [
        'basis',
        'cross-asset',
        'etf-flows',
        'etf-volume',
        'fund-stress',
        'liquidations',
        'open-interest',
      ].sort(),
    );
    for (const t of bearing) {
      expect(t.section, t.id).not.toBeNull();
      expect(t.rules.length, t.id).toBeGreaterThan(0);
      for (const id of t.rules) {
        const hit = rules.get(id);
        expect(hit, `${t.id}: rule ${id}`).toBeDefined();
        expect(t.hypotheses).toContain(hit?.h);
        expect(hit?.r.metric.startsWith(`${t.section}.`), `${id} reads ${hit?.r.metric}`).toBe(true);
      }
    }
  });

  it('the catch-all topic is last and matches anything', () => {
    expect(FACT_TOPICS.at(-1)?.id).toBe('other');
    expect(factTopic('').id).toBe('other');
  });
});
