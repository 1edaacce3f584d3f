import {
  dayFall,
  type HourBar,
  hoursBetween,
  largestMove,
  nyDayMs,
  usHoursShareOfFall,
  usSessionMs,
} from '../../analytics/timeline.js';
import { type Quality, worstQuality } from '../../core/quality.js';
import type { FindingOf } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtPct, fmtUsd, metric, provenanceOf } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { finding, unavailable } from './common.js';

export interface TimelineData {
  /** Hourly BTC closes (bar open time UTC), the event day and the days around it. */
  readonly btc: readonly {
    readonly ts: string;
    readonly close: number;
    readonly low: number;
    readonly high: number;
  }[];
  /** Hourly DVOL (index points), same window. */
  readonly dvol: readonly { readonly ts: string; readonly close: number }[];
  /** Daily ETF net flows by fund as the flow trackers report them (observed Farside, US$). */
  readonly flows: readonly {
    readonly date: string;
    readonly ticker: string;
    readonly flowUsd: number;
    /** The US cash session of `date` (UTC instants): the flow is that session's creations/redemptions. */
    readonly sessionOpen: string;
    readonly sessionClose: string;
    readonly quality: Quality;
  }[];
  /** Hourly open interest in BTC by venue. */
  readonly openInterest: readonly {
    readonly ts: string;
    readonly venue: string;
    readonly oiBtc: number;
    readonly quality: Quality;
  }[];
  /** Instants to mark: the US session, the low, the largest hourly fall, DVOL's largest rise. */
  readonly events: readonly { readonly ts: string; readonly label: string }[];
}

const TITLE = 'Timeline';
const HOUR = 3_600_000;

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000', '');

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The event on the hourly timeline (observed bars where the store has them): the close-to-close fall
 * over the New York day and over the UTC day, the peak-to-trough fall, when the fall happened (share in
 * US cash hours, whether the low came outside them), and the implied-vol regime before the crash (DVOL).
 */
export function timelineSection(inputs: EventInputs, o: ForensicsOptions): FindingOf<'timeline'> {
  const d = o.eventDate;
  const bars = inputs.btcHourly.filter((b) => b.interval === '1h');
  const from = Date.parse(`${addDays(d, -2)}T00:00:00Z`);
  const to = Date.parse(`${addDays(d, 2)}T00:00:00Z`);
  const inWin = (ts: string): boolean => Date.parse(ts) >= from && Date.parse(ts) < to;
  const flowRows = inputs.etfFlows.filter(
    (f) => f.flow_source === 'farside' && f.date >= addDays(d, -10) && f.date <= addDays(d, 5),
  );
  const oiRows = inputs.openInterest.filter((r) => inWin(r.ts) && r.oi_btc !== null);
  // The chart draws the flows and the open interest too: their rows count in the section's provenance.
  const prov = provenanceOf(
    ['bars', 'etf_flows', 'open_interest'],
    bars,
    inputs.dvolHourly,
    flowRows,
    oiRows,
  );
  const hb: HourBar[] = bars.map((b) => ({
    ts: b.ts,
    open: b.open,
    high: b.high,
    low: b.low,
    close: b.close,
  }));
  const [ny0, ny1] = nyDayMs(d);
  const utc0 = Date.parse(`${d}T00:00:00Z`);
  // New York close to New York close: 16:00 ET the day before to 16:00 ET (BTC trades every hour).
  const close1 = usSessionMs(d)[1];
  const ny = dayFall(hb, close1 - 24 * HOUR, close1);
  const utc = dayFall(hb, utc0, utc0 + 24 * HOUR);
  if (ny === null || utc === null) {
    return unavailable('timeline', TITLE, `no hourly ${o.btcReference.symbol} bars covering ${d}`, prov);
  }
  // Peak to trough over the event day and the next UTC morning (the low may come after the NY close).
  const span = dayFall(hb, ny0, Math.max(ny1, utc0 + 48 * HOUR));
  const q = worstQuality(
    bars
      .filter((b) => Date.parse(b.ts) >= ny0 - HOUR && Date.parse(b.ts) < ny1)
      .map((b) => b.quality as Quality),
  );
  const usShare = usHoursShareOfFall(hb, d);
  const lowMs = Date.parse(span!.troughTs);
  const [u0, u1] = usSessionMs(d);
  const lowOutside = lowMs + HOUR / 2 < u0 || lowMs + HOUR / 2 >= u1 ? 1 : 0;
  const dv = inputs.dvolHourly.map((b) => ({ ts: b.ts, close: b.close }));
  const qDvol = worstQuality(inputs.dvolHourly.map((b) => b.quality as Quality));
  const before = dv.filter((x) => Date.parse(x.ts) < ny0).map((x) => x.close);
  const sorted = [...before].sort((a, b) => a - b);
  const dvolMedian30 = sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)] : null;
  const dvolPre = before.length > 0 ? before[before.length - 1] : null;
  const dayDv = dv.filter((x) => Date.parse(x.ts) >= ny0 && Date.parse(x.ts) < ny1 + 6 * HOUR);
  const dvolPeak = dayDv.length > 0 ? dayDv.reduce((a, b) => (b.close > a.close ? b : a)) : null;
  const dvolJump = largestMove(dv, ny0, ny1, 1);
  const btcDrop = largestMove(
    hb.map((b) => ({ ts: b.ts, close: b.close })),
    ny0,
    ny1,
    -1,
  );
  const dvolLeadHours = dvolJump && btcDrop ? hoursBetween(dvolJump.ts, btcDrop.ts) : null;
  const m = {
    closeToCloseNy: metric('BTC close to close, New York day', ny.closeToClose, 'decimal', q, (v) =>
      fmtPct(v),
    ),
    closeToCloseUtc: metric('BTC close to close, UTC day', utc.closeToClose, 'decimal', q, (v) => fmtPct(v)),
    peakToTrough: metric('BTC peak to trough', span!.peakToTrough, 'decimal', q, (v) => fmtPct(v)),
    peak: metric('BTC peak before the low', span!.peak, 'USD', q, fmtUsd),
    trough: metric('BTC low', span!.trough, 'USD', q, fmtUsd),
    troughTs: metric('hour of the low (bar open, UTC)', span!.troughTs, null, q),
    usHoursShareOfFall: metric(
      'share of the day’s falling hours’ moves in US cash hours',
      usShare,
      'decimal',
      q,
      (v) => fmtPct(v, 0),
    ),
    lowOutsideUsHours: metric('the low came outside US cash hours (1 = yes)', lowOutside, 'flag', q, (v) =>
      v === 1 ? 'yes' : 'no',
    ),
    dvolBefore: metric('DVOL before the New York day', dvolPre, 'points', qDvol, (v) => fmtNum(v, 1)),
    dvolMedian30: metric('DVOL median of the 30 days before', dvolMedian30, 'points', qDvol, (v) =>
      fmtNum(v, 1),
    ),
    dvolPeak: metric('DVOL peak of the day', dvolPeak?.close ?? null, 'points', qDvol, (v) => fmtNum(v, 1)),
    dvolLeadHours: metric(
      'hours from DVOL’s largest rise to BTC’s largest fall (negative = BTC first)',
      dvolLeadHours,
      'hours',
      worstQuality([q, qDvol]),
      (v) => fmtNum(v),
    ),
  };
  const events = [
    { ts: new Date(u0).toISOString().replace('.000', ''), label: 'US open' },
    { ts: new Date(u1).toISOString().replace('.000', ''), label: 'US close' },
    { ts: span!.troughTs, label: `low ${fmtUsd(span!.trough)}` },
    ...(btcDrop ? [{ ts: btcDrop.ts, label: 'largest hourly fall' }] : []),
    ...(dvolJump ? [{ ts: dvolJump.ts, label: 'largest DVOL rise' }] : []),
  ];
  const summary =
    `BTC fell ${fmtPct(-ny.closeToClose)} from the New York close before ${d} to its close (16:00 ET) and ` +
    `${fmtPct(-utc.closeToClose)} over the UTC day; from ${fmtUsd(span!.peak)} to the low of ` +
    `${fmtUsd(span!.trough)} (${span!.troughTs}) it fell ${fmtPct(-span!.peakToTrough)}. ` +
    (usShare !== null ? `${fmtPct(usShare, 0)} of the day’s falling moves came in US cash hours. ` : '') +
    (dvolMedian30 !== null && dvolPeak
      ? `DVOL went from a 30-day median of ${fmtNum(dvolMedian30, 1)} to ${fmtNum(dvolPeak.close, 1)}.`
      : '');
  return finding('timeline', TITLE, summary, m, prov, [], {
    btc: bars.filter((b) => inWin(b.ts)).map((b) => ({ ts: b.ts, close: b.close, low: b.low, high: b.high })),
    dvol: dv.filter((x) => inWin(x.ts)),
    flows: flowRows.map((f) => {
      const [open, close] = usSessionMs(f.date);
      return {
        date: f.date,
        ticker: f.ticker,
        flowUsd: f.flow_usd,
        sessionOpen: iso(open),
        sessionClose: iso(close),
        quality: f.quality as Quality,
      };
    }),
    // A snapshot without a BTC figure (open interest in another unit, not convertible) is missing here.
    openInterest: oiRows.map((r) => ({
      ts: r.ts,
      venue: r.venue,
      oiBtc: r.oi_btc as number,
      quality: r.quality as Quality,
    })),
    events,
  });
}
