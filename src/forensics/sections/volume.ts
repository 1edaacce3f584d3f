import { type EtfDay, etfDailySeries } from '../../analytics/etfDailySeries.js';
import { etfVolumeRecords, optionVolumeRecords, type VolumeRecord } from '../../analytics/volume.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtPct, fmtUsd, fmtX, metric, provenanceOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
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
  const etf = etfVolumeRecords(etfRows, o.etfTicker, d, { since: o.since });
  const hasOptions = optRows.some((r) => r.date === d);
  const opts = hasOptions ? optionVolumeRecords(optRows, o.optionsUnderlying, d, { since: o.since }) : null;
  const qEtf = worstQuality(
    provenanceRows(series.filter((r) => r.date === d || r.date === etf.volumeUsd.previousRecord?.date)),
  );
  const qOpt = worstQuality(optRows.filter((r) => r.date === d));
  const m = {
    etfVolumeUsd: metric(`${o.etfTicker} dollar volume`, etf.volumeUsd.value, 'USD', qEtf, fmtUsd),
    etfVolumeUsdRank: metric('rank since inception (1 = largest)', etf.volumeUsd.rank, 'rank', qEtf, (v) =>
      fmtNum(v),
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
      qEtf,
      (v) => fmtX(v, 1),
    ),
    etfVolumeShares: metric(`${o.etfTicker} share volume`, etf.volumeShares.value, 'shares', qEtf, (v) =>
      fmtNum(v),
    ),
    etfVolumeSharesRatioToRecord: metric(
      'share volume vs the previous record',
      etf.volumeShares.ratioToPreviousRecord,
      'x',
      qEtf,
      (v) => fmtX(v),
    ),
    etfVolumeSharesRank: metric(
      'share-volume rank since inception',
      etf.volumeShares.rank,
      'rank',
      qEtf,
      (v) => fmtNum(v),
    ),
    optionContracts: metric('listed option contracts', opts?.total.value ?? null, 'contracts', qOpt, (v) =>
      fmtNum(v),
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
