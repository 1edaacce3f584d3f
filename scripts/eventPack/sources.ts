/*
 * Pages of published-facts.json whose figures the generator reproduces in the data tables (the facts
 * table carries all of them). One constant per page, so a test can check that each anchor row names the
 * page its number came from.
 */

export const SRC = {
  forvest: 'https://forvest.io/fortuna-abilities/news-review/weekly-crypto-analysis/',
  skalinin0209: 'https://skalinin.blogspot.com/2026/02/introduction-todays-regime-digestion.html',
  skalinin0211: 'https://skalinin.blogspot.com/2026/02/11-feb-2026-tactical-outlook.html',
  skalinin0212: 'https://skalinin.blogspot.com/2026/02/12-feb-2026-outflows-worsened.html',
  skalinin0213: 'https://skalinin.blogspot.com/',
  streamline: 'https://streamlinecrypto.com/?p=90537',
  mexc646403: 'https://www.mexc.co/en-NG/news/646403',
  usaemall: 'https://usaemall.com/bitcoin-drops-beneath-70000-as-sell-off-continues-usaemall-com/?amp=1',
  gatetv: 'http://gate.tv/news/detail/18604058',
  cvj60k: 'https://cryptovalleyjournal.com/news/bitcoin-drops-to-60000-worst-crash-since-ftx-collapse',
  thjournal:
    'https://www.thjournal.com/articles/bitcoin-crashes-45-percent-from-record-high-as-global-sell-off-deepens',
  tradevae70k:
    'https://www.tradevae.com/news/cryptocurrency/bitcoin-surges-back-above-70000-as-market-sees-short-lived-rally',
  cmcAi: 'https://coinmarketcap.com/cmc-ai/bitcoin/price-analysis',
  usfinancetimes:
    'https://www.usfinancetimes.com/bitcoins-resilience-a-journey-from-60k-crash-to-recovery.html',
  coindesk2026open:
    'https://cryptonewz.pages.dev/crypto-news-coindesk.com/markets/2026/01/20/bitcoin-falls-back-to-usd87-500-giving-up-entire-2026-gain',
  tradevae91k:
    'https://mail.tradevae.com/news/cryptocurrency/bitcoin-slides-below-91000-amid-greenland-geopolitical-tensions-and-regulatory-delays',
  mexc542404: 'https://www.mexc.com/news/542404',
  ts2Fed: 'https://ts2.tech/en/bitcoin-price-nears-90000-again-as-fed-decision-looms-and-etf-flows-flip',
  cryptonews32356632: 'https://cryptonews.net/news/bitcoin/32356632',
  arynews: 'https://arynews.tv/bitcoin-on-a-downward-trend',
  gazillions:
    'https://gazillions.com/trends/bitcoin-price-plunges-below-80-000-1-6b-etf-outflows-trigger-40-crash',
  hotbookzone: 'https://www.hotbookzone.com/news/614622',
  pointfx:
    'https://www.pointfxltd.com/news-room/news/how-did-cryptocurrency-prices-develop-over-the-past-24-hours-2026-02-04',
  schwab: 'https://international.schwab.com/resource-center/insights/content/schwab-market-update',
  livemint:
    'https://www.livemint.com/market/cryptocurrency/bitcoin-prices-today-largest-crypto-token-falls-below-70-000-for-1st-time-after-trumps-return-to-white-house/amp-11770293294728.html',
  binanceOct10: 'https://www.binance.bh/en/square/post/30899838354146',
  coinails: 'https://coinails.com/?p=12831',
  newsdirectory3: 'https://www.newsdirectory3.com/?p=5445869',
  blockchaindatawiki:
    'https://blockchaindatawiki.com/are-bitcoin-etf-outflows-crushing-retail-and-pressuring-price',
  tradingkey: 'https://www.tradingkey.com/news/cryptocurrencies/261565824-bitcoinist',
  altcoinObserver: 'https://altcoin.observer/?p=60147',
  usfinancetimesOptions: 'https://www.usfinancetimes.com/?p=11747',
  newsformal: 'https://newsformal.com/us/news-62185342',
  mexcBasis: 'https://www.mexc.co/en-IN/news/221575',
  ginlix: 'https://www.ginlix.ai/news/25704-SaaS-Pocalypse-Sweeps-Markets',
  stocktitanAcci:
    'https://www.stocktitan.net/sec-filings/AMJB/424b2-jpmorgan-chase-co-prospectus-supplement-7d2e0bdaa964.html',
  stocktitanCapped:
    'https://www.stocktitan.net/sec-filings/amjb/424b2-jpmorgan-chase-co-prospectus-supplement-f680008e4374.html',
  ainvestNotes: 'https://www.ainvest.com/news/ibit-structured-notes-mechanics-bitcoin-flash-crash-2602',
  binanceIbitRecord: 'https://www.binance.bh/sl/square/post/288912648573778',
} as const;

/** Name written in `source` for rows made by the generator. */
export const GENERATOR_SOURCE = 'crashscope-event-pack-generator';
