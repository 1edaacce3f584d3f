import { etfVolumeRecords, optionVolumeRecords, type VolumeRecord } from '../../analytics/volume.js';
import { isEvidence } from '../../core/quality.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtPct, fmtUsd, fmtX, metric, provenanceOf } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { qualityOfValue, worstValue } from '../valueQuality.js';
import { finding, unavailable } from './common.js';

export interface VolumeData {
  readonly etf: { readonly volumeUsd: VolumeRecord; readonly volumeShares: VolumeRecord } | null;
  readonly options: {
    readonly calls: VolumeRecord;
    readonly puts: VolumeRecord;
    readonly total: VolumeRecord;
    readonly putShare: VolumeRecord;
  } | null;
  /** History for charts. */
  readonly etfSeries: readonly {
    readonly date: string;
    readonly volumeUsd: number;
    readonly volumeShares: number;
  }[];
  readonly optionSeries: readonly { readonly date: string; readonly calls: number; readonly puts: number }[];
}

const TITLE = 'Volume records';

/** Section 1: ETF dollar/share volume and listed-option contracts on the event day vs their history. */
export function volumeSection(inputs: EventInputs, o: ForensicsOptions): FindingOf<'volume'> {
  const d = o.eventDate;
  const etfRows = inputs.etfDaily.filter((r) => r.ticker === o.etfTicker && r.date >= o.since && r.date <= d);
  const optRows = inputs.optionsDaily.filter((r) => r.date >= o.since && r.date <= d);
  const prov = provenanceOf(['etf_daily', 'options_daily'], etfRows, optRows);
  if (!etfRows.some((r) => r.date === d)) {
    return unavailable('volume', TITLE, `no etf_daily row for ${o.etfTicker} on ${d}`, prov);
  }
  const V = inputs.values;
  const etfAll = etfVolumeRecords(etfRows, o.etfTicker, d, { since: o.since });
  // Share-volume records are ranked on the days whose share volume is evidence (observed or published);
  // a ranking against reconstructed days would carry their quality. Days left out are noted.
  const shareRows = etfRows.filter((r) =>
    isEvidence(qualityOfValue(V, 'etf_daily', r, 'volume_shares').quality),
  );
  const sharesTestable = shareRows.some((r) => r.date === d);
  const etfShares = sharesTestable ? etfVolumeRecords(shareRows, o.etfTicker, d, { since: o.since }) : etfAll;
  const etf = { volumeUsd: etfAll.volumeUsd, volumeShares: etfShares.volumeShares };
  const hasOptions = optRows.some((r) => r.date === d);
  const opts = hasOptions ? optionVolumeRecords(optRows, o.optionsUnderlying, d, { since: o.since }) : null;
  const onDays = (rows: typeof etfRows, ...days: (string | undefined)[]) =>
    rows.filter((r) => days.includes(r.date));
  // Dollar volume: the event day and the previous record, and (for ranks) every day ranked.
  const qEtf = worstValue(V, 'etf_daily', onDays(etfRows, d, etf.volumeUsd.previousRecord?.date), [
    'volume_usd',
  ]);
  const qUsdRank = worstValue(V, 'etf_daily', etfRows, ['volume_usd']);
  const qShares = sharesTestable
    ? worstValue(V, 'etf_daily', onDays(shareRows, d, etf.volumeShares.previousRecord?.date), [
        'volume_shares',
      ])
    : 'reconstructed';
  const qSharesRank = sharesTestable
    ? worstValue(V, 'etf_daily', shareRows, ['volume_shares'])
    : 'reconstructed';
  const optDay = optRows.filter((r) => r.date === d);
  const qOptTotal = worstValue(V, 'options_daily', optDay, ['call_volume+put_volume']);
  // Ratios to trailing medians and put shares use the split and the history: every value they read.
  const qOpt = worstValue(V, 'options_daily', optRows, ['call_volume', 'put_volume']);
  const leftOut = etfRows.length - shareRows.length;
  const m = {
    etfVolumeUsd: metric(`${o.etfTicker} dollar volume`, etf.volumeUsd.value, 'USD', qEtf, fmtUsd),
    etfVolumeUsdRank: metric(
      'rank since inception (1 = largest)',
      etf.volumeUsd.rank,
      'rank',
      qUsdRank,
      (v) => fmtNum(v),
    ),
    etfVolumeUsdRatioToRecord: metric(
      'ratio to the previous record',
      etf.volumeUsd.ratioToPreviousRecord,
      'x',
      qEtf,
      (v) => fmtX(v),
    ),
    etfVolumeUsdRatioToMedian: metric(
      'ratio to the trailing 20-day median',
      etf.volumeUsd.ratioToTrailingMedian,
      'x',
      qUsdRank,
      (v) => fmtX(v, 1),
    ),
    etfVolumeShares: metric(`${o.etfTicker} share volume`, etf.volumeShares.value, 'shares', qShares, (v) =>
      fmtNum(v),
    ),
    etfVolumeSharesRatioToRecord: metric(
      'share volume vs the previous record',
      etf.volumeShares.ratioToPreviousRecord,
      'x',
      qShares,
      (v) => fmtX(v),
    ),
    etfVolumeSharesRank: metric(
      'share-volume rank since inception',
      etf.volumeShares.rank,
      'rank',
      qSharesRank,
      (v) => fmtNum(v),
    ),
    optionContracts: metric(
      'listed option contracts',
      opts?.total.value ?? null,
      'contracts',
      qOptTotal,
      (v) => fmtNum(v),
    ),
    optionContractsRank: metric(
      'option-volume rank since inception',
      opts?.total.rank ?? null,
      'rank',
      qOpt,
      (v) => fmtNum(v),
    ),
    callVolumeRatioToMedian: metric(
      'call contracts vs trailing median',
      opts?.calls.ratioToTrailingMedian ?? null,
      'x',
      qOpt,
      (v) => fmtX(v),
    ),
    putShare: metric('put share of option contracts', opts?.putShare.value ?? null, 'decimal', qOpt, (v) =>
      fmtPct(v),
    ),
    putShareRatioToMedian: metric(
      'put share vs trailing median',
      opts?.putShare.ratioToTrailingMedian ?? null,
      'x',
      qOpt,
      (v) => fmtX(v),
    ),
  };
  const prev = etf.volumeUsd.previousRecord;
  const summary =
    `${o.etfTicker} traded ${fmtUsd(etf.volumeUsd.value)} on ${d}, ` +
    (etf.volumeUsd.rank === 1
      ? `a record since ${etf.volumeUsd.since}${prev ? `, ${fmtX(etf.volumeUsd.ratioToPreviousRecord)} the previous record (${fmtUsd(prev.value)} on ${prev.date})` : ''}`
      : `rank ${etf.volumeUsd.rank} of ${etf.volumeUsd.n} days since ${etf.volumeUsd.since}`) +
    (opts
      ? `; listed options traded ${fmtNum(opts.total.value)} contracts with a put share of ${fmtPct(opts.putShare.value)}.`
      : '.');
  const notes = hasOptions ? [] : [`no options_daily row for ${o.optionsUnderlying} on ${d}`];
  if (sharesTestable && leftOut > 0) {
    notes.push(
      `share-volume ranks use the ${shareRows.length} days with observed or published share volume; ${leftOut} reconstructed days left out`,
    );
  }
  return finding('volume', TITLE, summary, m, prov, notes, {
    etf: { volumeUsd: etf.volumeUsd, volumeShares: etf.volumeShares },
    options: opts ? { calls: opts.calls, puts: opts.puts, total: opts.total, putShare: opts.putShare } : null,
    etfSeries: etfRows.map((r) => ({ date: r.date, volumeUsd: r.volume_usd, volumeShares: r.volume_shares })),
    optionSeries: optRows.map((r) => ({ date: r.date, calls: r.call_volume, puts: r.put_volume })),
  });
}
