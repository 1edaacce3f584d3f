/**
 * The metric catalogue: every metric a finding can carry, as `<finding>.<metric>` (a parameterised metric
 * as `<finding>.<metric>:<parameter>`, e.g. `cross-asset.corr20Pct:IGV`,
 * `open-interest.twoDayChangePct:binance`, `flows.reported:farside`), with its unit and meaning.
 * Hypothesis files (forensics/hypothesisFile.ts) may name only these metrics; a test checks that the
 * sections emit nothing outside this catalogue, on the embedded event and on a store of imported files.
 * Units as in docs/DATA.md ('decimal' = 0.10 for 10%).
 */

/** What a parameterised metric's suffix names. */
export type MetricParameter = 'symbol' | 'venue' | 'source';

export interface CatalogueEntry {
  /** `<finding>.<metric>` without the parameter. */
  readonly id: string;
  readonly unit: string | null;
  readonly description: string;
  /** Set when the metric takes a suffix `:<parameter>` (a cross-asset symbol, an OI venue, a flow source). */
  readonly parameter?: MetricParameter;
}

type Row = readonly [id: string, unit: string | null, description: string, parameter?: MetricParameter];

const ROWS: readonly Row[] = [
  ['volume.etfVolumeUsd', 'USD', 'the ETF dollar volume'],
  ['volume.etfVolumeUsdRank', 'rank', 'rank since inception (1 = largest)'],
  ['volume.etfVolumeUsdRatioToRecord', 'x', 'ratio to the previous record'],
  ['volume.etfVolumeUsdRatioToMedian', 'x', 'ratio to the trailing 20-day median'],
  ['volume.etfVolumeShares', 'shares', 'the ETF share volume'],
  ['volume.etfVolumeSharesRatioToRecord', 'x', 'share volume vs the previous record'],
  ['volume.etfVolumeSharesRank', 'rank', 'share-volume rank since inception'],
  ['volume.optionContracts', 'contracts', 'listed option contracts'],
  ['volume.optionContractsRank', 'rank', 'option-volume rank since inception'],
  ['volume.callVolumeRatioToMedian', 'x', 'call contracts vs trailing median'],
  ['volume.putShare', 'decimal', 'put share of option contracts'],
  ['volume.putShareRatioToMedian', 'x', 'put share vs trailing median'],
  ['flows.flowSharesT', 'shares', 'net creations, shares (T)'],
  ['flows.flowUsdT', 'USD', 'net flow from share counts (T)'],
  ['flows.flowUsdT1', 'USD', 'net flow from share counts (T+1)'],
  ['flows.expectedUsd', 'USD', 'expected flow given the price move'],
  ['flows.expectedLowerUsd', 'USD', 'expected flow, 90% interval low'],
  ['flows.expectedUpperUsd', 'USD', 'expected flow, 90% interval high'],
  ['flows.surpriseRobustSigma', 'sigma', 'surprise (robust sigmas)'],
  ['flows.surpriseSide', null, 'observed vs interval'],
  ['flows.groupFlowUsdT', 'USD', 'the ETF and its peers: net flow (T)'],
  ['flows.groupExpectedUsd', 'USD', 'the ETF and its peers: expected flow'],
  ['flows.conflicts', 'count', 'conflicting flow figures'],
  ['flows.trackerFlowUsd', 'USD', 'net flow reported by the flow trackers'],
  ['flows.shareCountPublishedUsd', 'USD', 'net creations from published share counts'],
  ['flows.reported', 'USD', 'reported flow (<source>)', 'source'],
  ['flows.trackerExpectedUsd', 'USD', 'expected flow given the price move (model on the trackers’ flows)'],
  ['flows.trackerExpectedLowerUsd', 'USD', 'expected flow (trackers’ model), 90% interval low'],
  ['flows.trackerExpectedUpperUsd', 'USD', 'expected flow (trackers’ model), 90% interval high'],
  ['flows.trackerSurpriseRobustSigma', 'sigma', 'tracker flow vs the trackers’ model, robust sigmas'],
  ['flows.trackerSurpriseSide', null, 'tracker flow vs its interval'],
  [
    'flows.shareCountPublishedVsTrackerModelSigma',
    'sigma',
    'published share-count creations vs the trackers’ model, robust sigmas',
  ],
  [
    'flows.shareCountTVsTrackerModelSigma',
    'sigma',
    'share-count creations (T) vs the trackers’ model, robust sigmas',
  ],
  ['flows.trackerGroupFlowUsd', 'USD', 'the funds a tracker covers: net flow'],
  ['flows.trackerOthersFlowUsd', 'USD', 'the other funds a tracker covers: net flow'],
  ['flows.trackerGroupExpectedUsd', 'USD', 'the funds a tracker covers: expected flow'],
  [
    'flows.trackerGroupSurpriseRobustSigma',
    'sigma',
    'the funds a tracker covers: flow vs the model, robust sigmas',
  ],
  ['cross-asset.corr20', 'correlation', '20-day correlation with <symbol>', 'symbol'],
  [
    'cross-asset.corr20Pct',
    'decimal',
    'percentile of the 20-day correlation with <symbol> in its history',
    'symbol',
  ],
  ['cross-asset.downside', 'correlation', 'downside correlation with <symbol>', 'symbol'],
  [
    'cross-asset.downsidePct',
    'decimal',
    'percentile of the downside correlation with <symbol> in its history',
    'symbol',
  ],
  ['stress.z', 'z', 'fund-stress z-score (--stress-series) at the last reading before the event'],
  ['stress.zDate', null, 'date of the reading'],
  ['stress.pNormalTwoSided', 'probability', 'two-sided p (normal)'],
  ['stress.pStudentTwoSided', 'probability', 'two-sided p (Student-t, nu=4)'],
  ['stress.rarerThan3Sigma', 'x', 'times rarer than a 3-sigma day (normal)'],
  ['stress.rank', 'rank', 'rank in its own history'],
  ['basis.publishedJumpMax', 'decimal', 'published basis rise, the most favourable pair of sources'],
  ['basis.publishedJumpMin', 'decimal', 'published basis rise, the least favourable pair of sources'],
  ['basis.publishedBasisSources', 'count', 'published basis figures on the event day and the next'],
  ['basis.nearMonthBefore', 'decimal', 'near-month annualized basis, day before the jump'],
  ['basis.nearMonthAfter', 'decimal', 'near-month annualized basis after the jump'],
  ['basis.jump', 'decimal', 'largest near-month basis rise'],
  ['basis.jumpDate', null, 'date of that rise'],
  ['basis.jumpRankRise', 'rank', 'rank of the near-month basis rise among daily rises since --since'],
  ['basis.jumpCount', 'count', 'daily changes ranked'],
  ['basis.cmeOiChangePctEvent', 'decimal', 'CME OI change on the event day'],
  ['basis.cmeOiChangePctNext', 'decimal', 'CME OI change on the next day'],
  ['open-interest.changePctEvent', 'decimal', '<venue> OI change on the event day (BTC)', 'venue'],
  ['open-interest.changePctNext', 'decimal', '<venue> OI change on the next day (BTC)', 'venue'],
  [
    'open-interest.twoDayChangePct',
    'decimal',
    '<venue> OI change over the event day and the next (BTC)',
    'venue',
  ],
  ['open-interest.largestDropPct', 'decimal', '<venue> largest daily drop in the window', 'venue'],
  ['open-interest.oiBtcEvent', 'BTC', '<venue> OI on the event day (BTC)', 'venue'],
  ['open-interest.divergencesAtEvent', 'count', 'event day or next: one venue fell while another rose'],
  ['open-interest.divergences', 'count', 'days one venue fell while another rose'],
  ['positioning.vannaAtSpot', 'USD', 'dealer vanna at spot (USD of delta per vol point)'],
  ['positioning.charmAtSpot', 'USD', 'dealer charm at spot (USD of delta per day)'],
  ['positioning.spot', 'USD', 'BTC at the snapshot'],
  ['positioning.gexAtSpot', 'USD', 'dealer gamma at spot (USD per 1%)'],
  ['positioning.regime', null, 'dealer gamma regime at spot'],
  ['positioning.tradeOnFall1pct', 'USD', 'dealer hedge trade on a 1% fall'],
  ['positioning.fractionOfAdv', 'decimal', 'that trade vs the ETF 20-day ADV'],
  ['positioning.zeroGammaBelowSpot', 'USD', 'zero-gamma level below spot'],
  ['positioning.shortGammaShareOfFall', 'decimal', 'share of the fall to the low spent in short gamma'],
  ['positioning.shortBandsTraversed', 'count', 'short-gamma bands crossed by the fall'],
  ['positioning.shortBandAtLowLo', 'USD', 'short-gamma band at the low: from'],
  ['positioning.shortBandAtLowHi', 'USD', 'short-gamma band at the low: to'],
  ['positioning.spotInShortBand', null, 'spot inside a short-gamma band'],
  ['positioning.dealerFlowToLow', 'USD', 'dealer hedge trade for the fall to the low (+ buy, - sell)'],
  ['positioning.snapshotAgeHours', 'hours', "age of the chain snapshot at the day's start"],
  ['positioning.partialChain', null, 'the chain covers only part of a venue'],
  ['barriers.notes', 'count', 'live notes'],
  ['barriers.notionalUsd', 'USD', 'their notional'],
  ['barriers.knockedInBefore', 'count', 'already knocked in before the event'],
  [
    'barriers.barriersTouchedIntraday',
    'count',
    'barriers between the previous close and the intraday low (BTC)',
  ],
  ['barriers.barriersCrossed', 'count', 'daily-monitored barriers knocked in by the the ETF close'],
  ['barriers.lumpUsdCrossed', 'USD', 'dealer knock-in hedge trades over the fall (+ buy, - sell)'],
  ['barriers.lumpShareOfAdv', 'decimal', 'that trade vs the ETF 20-day ADV'],
  ['barriers.lumpShareOfDayVolume', 'decimal', 'that trade vs the ETF dollar volume on the event day'],
  ['barriers.maxAbsDeltaPerShare', 'shares', 'largest |delta| per put just above a barrier'],
  ['barriers.topClusterShare', 'USD/share', 'largest barrier cluster (the ETF)'],
  ['barriers.topClusterBtc', 'USD', 'largest barrier cluster (BTC)'],
  ['barriers.topClusterLumpUsd', 'USD', "the largest cluster's knock-in hedge trade (+ buy, - sell)"],
  [
    'barriers.flowToLow',
    'USD',
    'note dealers’ hedging and knock-ins for the fall to the low (+ buy, - sell)',
  ],
  ['barriers.vol', 'decimal', 'note vol used for the barrier book'],
  [
    'liquidations.longsLiquidatedToLow',
    'USD',
    'long notional with liquidation prices between spot and the low',
  ],
  [
    'liquidations.reportedLongLiquidations',
    'USD',
    'long liquidations reported on the event day (New York day)',
  ],
  [
    'liquidations.reportedShortLiquidations',
    'USD',
    'short liquidations reported on the event day (New York day)',
  ],
  ['liquidations.peakLongShare', 'decimal', "share of the day's long liquidations in its largest bucket"],
  ['liquidations.longInFallingShare', 'decimal', 'share of long liquidations in buckets where BTC fell'],
  ['liquidations.publishedBtcLiquidationsLow', 'USD', 'published BTC liquidations, lowest figure'],
  ['liquidations.publishedBtcLiquidationsHigh', 'USD', 'published BTC liquidations, highest figure'],
  ['liquidations.spotVolumeUsd', 'USD', 'BTC spot volume in the store, New York day'],
  [
    'liquidations.publishedLiqShareOfSpotVolume',
    'decimal',
    'published BTC liquidations (lowest) / the day’s spot volume',
  ],
  [
    'liquidations.ladderToPublished',
    'x',
    'ladder’s long liquidations to the low / the highest published BTC figure',
  ],
  ['fragility.spot', 'USD', 'BTC at the snapshot (previous close)'],
  ['fragility.totalFlowToLow', 'USD', 'forced trade of all channels for the fall to the low (+ buy, - sell)'],
  ['fragility.totalFlowOn10pctFall', 'USD', 'forced trade for a 10% fall'],
  [
    'fragility.moveSaleAtDepth',
    'USD',
    'sale that moves BTC from spot to the low at the stated depth (linear impact)',
  ],
  ['fragility.dealerShareOfMove', 'decimal', 'dealer hedge selling to the low / the sale the move implies'],
  ['fragility.notesShareOfMove', 'decimal', 'structured-note selling to the low / the sale the move implies'],
  [
    'fragility.liquidationsShareOfMove',
    'decimal',
    'perp liquidations to the low / the sale the move implies',
  ],
  ['fragility.dealerFlowToLow', 'USD', 'dealer option hedging for the fall to the low'],
  ['fragility.notesFlowToLow', 'USD', 'structured-note hedging and knock-ins for the fall to the low'],
  ['fragility.liquidationsToLow', 'USD', 'perp liquidations for the fall to the low'],
  ['fragility.kappaMaxOnFall', 'x', 'largest κ (forced trade per 1% / depth per 1%) on the fall'],
  ['fragility.kappaAbove1ShareOfFall', 'decimal', 'share of the fall with κ ≥ 1'],
  ['fragility.largestWall', 'USD', 'largest liquidation wall (BTC)'],
  ['fragility.largestForcedSellZoneUsd', 'USD', 'largest forced-sell zone below spot'],
  ['facts.figures', 'count', 'published figures in the window'],
  ['facts.conflicting', 'count', 'marked conflicting by their sources'],
  ['timeline.closeToCloseNy', 'decimal', 'BTC close to close, New York day'],
  ['timeline.closeToCloseUtc', 'decimal', 'BTC close to close, UTC day'],
  ['timeline.peakToTrough', 'decimal', 'BTC peak to trough'],
  ['timeline.peak', 'USD', 'BTC peak before the low'],
  ['timeline.trough', 'USD', 'BTC low'],
  ['timeline.troughTs', null, 'hour of the low (bar open, UTC)'],
  ['timeline.usHoursShareOfFall', 'decimal', 'share of the day’s falling hours’ moves in US cash hours'],
  ['timeline.lowOutsideUsHours', 'flag', 'the low came outside US cash hours (1 = yes)'],
  ['timeline.dvolBefore', 'points', 'DVOL before the New York day'],
  ['timeline.dvolMedian30', 'points', 'DVOL median of the 30 days before'],
  ['timeline.dvolPeak', 'points', 'DVOL peak of the day'],
  [
    'timeline.dvolLeadHours',
    'hours',
    'hours from DVOL’s largest rise to BTC’s largest fall (negative = BTC first)',
  ],
];

/** The catalogue, in the order the sections emit their metrics. */
export const METRIC_CATALOGUE: readonly CatalogueEntry[] = ROWS.map(([id, unit, description, parameter]) =>
  parameter === undefined ? { id, unit, description } : { id, unit, description, parameter },
);

const BY_ID = new Map(METRIC_CATALOGUE.map((e) => [e.id, e]));

/**
 * Findings whose metrics no rule may name: illustrations by construction — the simulated "what it took"
 * (forensics/sections/whatItTook.ts, docs/METHODS.md §12.11) answers a model's question on largely
 * reconstructed books, so it never supports or contradicts a hypothesis. `catalogueEntry` refuses them with
 * that reason and `metricLookup` never hands them to a rule.
 */
export const ILLUSTRATION_FINDINGS: readonly string[] = ['what-it-took'];

/** A parameter value: a ticker, venue or source name (letters, digits, '.', '_', '-'). */
const PARAMETER = /^[A-Za-z0-9._-]+$/;

export type CatalogueLookup =
  | { readonly ok: true; readonly entry: CatalogueEntry; readonly parameter: string | null }
  | { readonly ok: false; readonly problem: string };

/**
 * Resolves a metric reference against the catalogue, or says what is wrong with it.
 * @example catalogueEntry('cross-asset.corr20Pct:IGV') // { ok: true, entry: { id: 'cross-asset.corr20Pct', … }, parameter: 'IGV' }
 */
export function catalogueEntry(ref: string): CatalogueLookup {
  const colon = ref.indexOf(':');
  const id = colon < 0 ? ref : ref.slice(0, colon);
  const parameter = colon < 0 ? null : ref.slice(colon + 1);
  const entry = BY_ID.get(id);
  if (ILLUSTRATION_FINDINGS.includes(id.slice(0, Math.max(0, id.indexOf('.')))))
    return {
      ok: false,
      problem: `'${ref}' is an illustration (the simulated "what it took"): no rule may name it`,
    };
  if (entry === undefined) {
    const finding = id.slice(0, Math.max(0, id.indexOf('.')));
    const same = METRIC_CATALOGUE.filter((e) => e.id.startsWith(`${finding}.`)).map((e) =>
      e.id.slice(finding.length + 1),
    );
    const findings = [...new Set(METRIC_CATALOGUE.map((e) => e.id.slice(0, e.id.indexOf('.'))))];
    return {
      ok: false,
      problem:
        same.length > 0
          ? `unknown metric '${ref}' (metrics of '${finding}': ${same.join(', ')})`
          : `unknown metric '${ref}' (a metric is '<finding>.<metric>', findings: ${findings.join(', ')})`,
    };
  }
  if (entry.parameter === undefined && parameter !== null) {
    return { ok: false, problem: `metric '${id}' takes no ':<parameter>' suffix` };
  }
  if (entry.parameter !== undefined && parameter === null) {
    return { ok: false, problem: `metric '${id}' needs a ${entry.parameter}: '${id}:<${entry.parameter}>'` };
  }
  if (parameter !== null && !PARAMETER.test(parameter)) {
    return { ok: false, problem: `metric '${ref}': '${parameter}' is not a ${entry.parameter} name` };
  }
  return { ok: true, entry, parameter };
}
