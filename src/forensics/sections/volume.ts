import { type EtfDay, etfDailySeries } from '../../analytics/etfDailySeries.js';
import { etfVolumeRecords, optionVolumeRecords, type VolumeRecord } from '../../analytics/volume.js';
import { isEvidence, type Quality } from '../../core/quality.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtPct, fmtUsd, fmtX, metric, provenanceOf, worstQuality } from '../metric.js';
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

/** The rows each day of the series was built from. */
function provenanceRows(series: readonly EtfDay[]): { readonly source: string; readonly quality: string }[] {
  return series.flatMap((r) => r.inputs);
}

/** Section 1: ETF dollar/share volume and listed-option contracts on the event day vs their history. */
export function volumeSection(inputs: EventInputs, o: ForensicsOptions): FindingOf<'volume'> {
  const d = o.eventDate;
  const series = etfDailySeries(inputs.etfDaily, inputs.crossDaily, o.etfTicker).filter(
    (r) => r.date >= o.since && r.date <= d,
  );
  const etfRows = series.map((r) => ({
    date: r.date,
    ticker: o.etfTicker,
    volume_usd: r.volumeUsd,
    volume_shares: r.volumeShares,
  }));
  const optRows = inputs.optionsDaily.filter((r) => r.date >= o.since && r.date <= d);
  const prov = provenanceOf(['etf_daily', 'bars', 'options_daily'], provenanceRows(series), optRows);
  const today = series.find((r) => r.date === d);
  if (today === undefined || today.volumeUsd === null || today.volumeShares === null) {
    return unavailable(
      'volume',
      TITLE,
      `no volume for ${o.etfTicker} on ${d} (import its daily bars with volume: crashscope import FILE --model bars, or crashscope ingest yahoo bars --symbol ${o.etfTicker} --interval 1d; or etf_daily rows)`,
      prov,
    );
  }
  // Quality per value (docs/DATA.md): an etf_daily value has its value_provenance entry, else its row's;
  // a value taken from bars has the quality of the rows it came from.
  const V = inputs.values;
  const etfByDate = new Map(inputs.etfDaily.filter((r) => r.ticker === o.etfTicker).map((r) => [r.date, r]));
  const dayByDate = new Map(series.map((r) => [r.date, r]));
  const vq = (date: string, field: 'volume_usd' | 'volume_shares'): Quality => {
    const row = etfByDate.get(date);
    if (row && row[field] !== null) return qualityOfValue(V, 'etf_daily', row, field).quality;
    return worstQuality(dayByDate.get(date)?.inputs ?? []);
  };
  const worstOn = (dates: readonly (string | undefined)[], field: 'volume_usd' | 'volume_shares'): Quality =>
    dates.reduce<Quality>((w, x) => {
      if (x === undefined) return w;
      const q = vq(x, field);
      return q === 'reconstructed' || w === 'reconstructed'
        ? 'reconstructed'
        : q === 'published'
          ? 'published'
          : w;
    }, 'observed');
  const etfAll = etfVolumeRecords(etfRows, o.etfTicker, d, { since: o.since });
  // Share-volume records are ranked on the days whose share volume is evidence (observed or published);
  // a ranking against reconstructed days would carry their quality. Days left out are noted.
  const shareRows = etfRows.filter((r) => isEvidence(vq(r.date, 'volume_shares')));
  const sharesTestable = shareRows.some((r) => r.date === d);
  const etfShares = sharesTestable ? etfVolumeRecords(shareRows, o.etfTicker, d, { since: o.since }) : etfAll;
  const etf = { volumeUsd: etfAll.volumeUsd, volumeShares: etfShares.volumeShares };
  const hasOptions = optRows.some((r) => r.date === d);
  const opts = hasOptions ? optionVolumeRecords(optRows, o.optionsUnderlying, d, { since: o.since }) : null;
  const qEtf = worstOn([d, etf.volumeUsd.previousRecord?.date], 'volume_usd');
  const qUsdRank = worstOn(
    etfRows.map((r) => r.date),
    'volume_usd',
  );
  const qShares: Quality = sharesTestable
    ? worstOn([d, etf.volumeShares.previousRecord?.date], 'volume_shares')
    : 'reconstructed';
  const qSharesRank: Quality = sharesTestable
    ? worstOn(
        shareRows.map((r) => r.date),
        'volume_shares',
      )
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
  const derived = series.filter((r) => r.volumeUsdDerived).length;
  if (derived > 0)
    notes.push(
      `dollar volume of ${derived} of ${series.length} days is shares × close from daily bars (no etf_daily value)${today.volumeUsdDerived ? `, ${d} included` : ''}`,
    );
  return finding('volume', TITLE, summary, m, prov, notes, {
    etf: { volumeUsd: etf.volumeUsd, volumeShares: etf.volumeShares },
    options: opts ? { calls: opts.calls, puts: opts.puts, total: opts.total, putShare: opts.putShare } : null,
    etfSeries: series.flatMap((r) =>
      r.volumeUsd === null || r.volumeShares === null
        ? []
        : [{ date: r.date, volumeUsd: r.volumeUsd, volumeShares: r.volumeShares }],
    ),
    optionSeries: optRows.map((r) => ({ date: r.date, calls: r.call_volume, puts: r.put_volume })),
  });
}
