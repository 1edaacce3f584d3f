import type { HypothesisSpec } from '../analytics/hypotheses.js';

/**
 * The evidence rules of hypotheses H1–H7 (shared/DESIGN.md section 1). Each rule reads one metric of the
 * findings (`<finding>.<metric>`); thresholds are stated here once and documented in docs/METHODS.md.
 * The ETF is the run's --etf (IBIT by default); venue names are those the hypotheses are about.
 */
export function hypothesisSpecs(): readonly HypothesisSpec[] {
  return [
    {
      id: 'H1',
      claim:
        'Catalyst: multi-strategy funds de-grossed after extreme stress; the ETF traded like software stocks',
      rules: [
        {
          id: 'H1.stress',
          description: 'fund-stress reading of at least 3 sigma',
          metric: 'stress.z',
          threshold: 3,
          direction: 'above',
          weight: 2,
        },
        {
          id: 'H1.igv-corr',
          description: '20-day correlation with IGV in the top quintile of its history',
          metric: 'cross-asset.corr20Pct:IGV',
          threshold: 0.8,
          direction: 'above',
          weight: 1,
        },
        {
          id: 'H1.igv-downside',
          description: 'downside correlation with IGV in the top quintile of its history',
          metric: 'cross-asset.downsidePct:IGV',
          threshold: 0.8,
          direction: 'above',
          weight: 0.5,
        },
        {
          id: 'H1.gld-corr',
          description: 'correlation with gold not elevated (below its median)',
          metric: 'cross-asset.corr20Pct:GLD',
          threshold: 0.5,
          direction: 'below',
          weight: 0.5,
        },
      ],
    },
    {
      id: 'H2',
      claim:
        'Much of the selling was hedged "paper" activity: record ETF volume yet net creations, against expected outflows',
      rules: [
        {
          id: 'H2.volume-record',
          description: 'dollar volume is the record since inception',
          metric: 'volume.etfVolumeUsdRank',
          threshold: 1,
          direction: 'below',
          weight: 1,
        },
        {
          id: 'H2.volume-multiple',
          description: 'dollar volume at least 1.5x the previous record',
          metric: 'volume.etfVolumeUsdRatioToRecord',
          threshold: 1.5,
          direction: 'above',
          weight: 0.5,
        },
        {
          id: 'H2.shares-multiple',
          description: 'share volume at least 1.5x the previous record',
          metric: 'volume.etfVolumeSharesRatioToRecord',
          threshold: 1.5,
          direction: 'above',
          weight: 0.5,
        },
        {
          id: 'H2.creations',
          description: 'share counts show net creations (T): a flow above zero',
          metric: 'flows.flowUsdT',
          threshold: 1,
          direction: 'above',
          weight: 2,
        },
        {
          id: 'H2.surprise',
          description: 'flow at least 1 robust sigma above what the price move predicted',
          metric: 'flows.surpriseRobustSigma',
          threshold: 1,
          direction: 'above',
          weight: 1,
        },
      ],
    },
    {
      id: 'H3',
      claim:
        'The CME basis trade was force-unwound: the near-month basis jumped; CME open interest fell then rebuilt',
      rules: [
        {
          id: 'H3.jump-rank',
          description: 'near-month basis rise among the 10 largest since the ETFs launched',
          metric: 'basis.jumpRankRise',
          threshold: 10,
          direction: 'below',
          weight: 2,
        },
        {
          id: 'H3.jump-size',
          description: 'near-month basis rose by at least 3 percentage points',
          metric: 'basis.jump',
          threshold: 0.03,
          direction: 'above',
          weight: 1,
        },
        {
          id: 'H3.oi-fell',
          description: 'CME open interest fell on the event day',
          metric: 'basis.cmeOiChangePctEvent',
          threshold: 0,
          direction: 'below',
          weight: 0.5,
        },
        {
          id: 'H3.oi-rebuilt',
          description: 'CME open interest rose the next day',
          metric: 'basis.cmeOiChangePctNext',
          threshold: 0,
          direction: 'above',
          weight: 0.5,
        },
      ],
    },
    {
      id: 'H4',
      claim: 'Dealers were short gamma over the fall and their hedging accelerated it',
      rules: [
        {
          id: 'H4.path',
          description: 'at least half of the fall to the low lay in short-gamma bands',
          metric: 'positioning.shortGammaShareOfFall',
          threshold: 0.5,
          direction: 'above',
          weight: 2,
        },
        {
          id: 'H4.bands',
          description: 'the fall crossed at least one short-gamma band',
          metric: 'positioning.shortBandsTraversed',
          threshold: 1,
          direction: 'above',
          weight: 1,
        },
        {
          id: 'H4.spot',
          description: 'dealer gamma at the pre-event spot is negative',
          metric: 'positioning.gexAtSpot',
          threshold: 0,
          direction: 'below',
          weight: 1,
        },
      ],
    },
    {
      id: 'H5',
      claim: 'Knock-in barriers of structured notes added fuel: dealers sold hedges as barriers were hit',
      rules: [
        {
          id: 'H5.crossed',
          description: 'at least one daily-monitored note knocked in at the event-day close',
          metric: 'barriers.barriersCrossed',
          threshold: 1,
          direction: 'above',
          weight: 2,
        },
        {
          id: 'H5.lump-size',
          description: 'knock-in hedge sales of at least 0.5% of the ETF 20-day ADV',
          metric: 'barriers.lumpShareOfAdv',
          threshold: 0.005,
          direction: 'above',
          weight: 1,
        },
        {
          id: 'H5.delta',
          description: 'a knock-in put delta beyond one share just above a barrier',
          metric: 'barriers.maxAbsDeltaPerShare',
          threshold: 1,
          direction: 'above',
          weight: 0.5,
        },
      ],
    },
    {
      id: 'H6',
      claim: 'Crypto-native leverage: Binance open interest collapsed while CME rebuilt',
      rules: [
        {
          id: 'H6.binance-drop',
          description: 'Binance OI fell at least 10% over the event day and the next',
          metric: 'open-interest.twoDayChangePct:binance',
          threshold: -0.1,
          direction: 'below',
          weight: 2,
        },
        {
          id: 'H6.cme-rebuild',
          description: 'CME OI rose the day after the event',
          metric: 'open-interest.changePctNext:cme',
          threshold: 0,
          direction: 'above',
          weight: 1,
        },
        {
          id: 'H6.divergence',
          description: 'on the event day or the next, one venue fell while the other rose',
          metric: 'open-interest.divergencesAtEvent',
          threshold: 1,
          direction: 'above',
          weight: 1,
        },
        {
          id: 'H6.liquidations',
          description: 'at least $1B of long liquidations reported on the day',
          metric: 'liquidations.reportedLongLiquidations',
          threshold: 1e9,
          direction: 'above',
          weight: 1,
        },
      ],
    },
    {
      id: 'H7',
      claim: "A fund's yen-carry book of long calls blew up and forced the selling",
      rules: [
        {
          id: 'H7.calls-dumped',
          description: 'call volume at least twice its trailing median (a call book being unwound)',
          metric: 'volume.callVolumeRatioToMedian',
          threshold: 2,
          direction: 'above',
          weight: 1,
        },
        {
          id: 'H7.no-put-rush',
          description: 'put share no higher than its trailing median',
          metric: 'volume.putShareRatioToMedian',
          threshold: 1,
          direction: 'below',
          weight: 1,
        },
      ],
    },
  ];
}
