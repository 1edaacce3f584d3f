import { type OpenInterestAroundEvent, openInterestAroundEvent } from '../../analytics/openInterest.js';
import { CrashscopeError } from '../../errors.js';
import type { FindingOf, Metric } from '../findings.js';
import type { EventInputs } from '../inputs.js';
import { fmtNum, fmtPct, metric, provenanceOf, worstQuality } from '../metric.js';
import type { ForensicsOptions } from '../options.js';
import { finding, neighbours, unavailable } from './common.js';

export interface OpenInterestData {
  readonly around: OpenInterestAroundEvent;
  /** Hourly OI in BTC per venue (summed over symbols) for the chart. */
  readonly hourly: readonly { readonly ts: string; readonly venue: string; readonly oiBtc: number }[];
}

const TITLE = 'Venue open interest (16:00 ET)';

function hourlyTotals(rows: EventInputs['openInterest']): OpenInterestData['hourly'] {
  const sums = new Map<string, { ts: string; venue: string; oiBtc: number }>();
  for (const r of rows) {
    if (r.oi_btc === null) continue;
    const k = `${r.ts}|${r.venue}`;
    const e = sums.get(k) ?? { ts: r.ts, venue: r.venue, oiBtc: 0 };
    e.oiBtc += r.oi_btc;
    sums.set(k, e);
  }
  return [...sums.values()].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.venue < b.venue ? -1 : 1));
}

/** How a row's BTC figure was obtained: reported, or derived at import (open_interest.derived). */
function btcOrigin(r: EventInputs['openInterest'][number]): string | null {
  const derived = (r.derived ?? '').split(',').map((x) => x.trim());
  if (!derived.includes('oi_btc')) return null;
  return r.oi_usd !== null && r.price !== null ? 'USD ÷ price' : 'contracts × BTC per contract';
}

/**
 * The unit of a venue's figures as read: 'BTC' when reported, 'BTC derived from USD ÷ price' when every
 * snapshot's BTC was derived that way, with the count when only some were; and a note saying so.
 */
function venueUnit(rows: EventInputs['openInterest']): { unit: string; note: string | null } {
  const withBtc = rows.filter((r) => r.oi_btc !== null);
  const origins = withBtc.map(btcOrigin);
  const derived = origins.filter((x) => x !== null) as string[];
  if (derived.length === 0) return { unit: 'BTC', note: null };
  const how = [...new Set(derived)].join(' or ');
  const all = derived.length === withBtc.length;
  const venue = rows[0]?.venue ?? '';
  return {
    unit: all ? `BTC derived from ${how}` : `BTC, partly derived from ${how}`,
    note: `${venue}: open interest in BTC derived from ${how} on ${derived.length} of ${withBtc.length} snapshots (the source gave ${how.startsWith('USD') ? 'USD' : 'contracts'}; open_interest.derived)`,
  };
}

/** Section 5: CME vs other venues' open interest aligned to 16:00 ET, daily changes around the event. */
export function openInterestSection(inputs: EventInputs, o: ForensicsOptions): FindingOf<'open-interest'> {
  const d = o.eventDate;
  const rows = inputs.openInterest;
  const prov = provenanceOf(['open_interest'], rows);
  if (rows.length === 0)
    return unavailable(
      'open-interest',
      TITLE,
      `no open_interest rows for ${o.oiVenues.join(', ')} around ${d}`,
      prov,
    );
  let around: OpenInterestAroundEvent;
  try {
    around = openInterestAroundEvent(rows, d, { window: o.window, venues: o.oiVenues });
  } catch (error) {
    if (error instanceof CrashscopeError) return unavailable('open-interest', TITLE, error.message, prov);
    throw error;
  }
  const { next } = neighbours(around.dates, d);
  const metrics: Record<string, Metric> = {};
  const unitNotes: string[] = [];
  for (const v of around.venues) {
    const q = worstQuality(rows.filter((r) => r.venue === v.venue));
    const { unit, note } = venueUnit(rows.filter((r) => r.venue === v.venue));
    if (note !== null) unitNotes.push(note);
    const on = (x: string | null) => v.daily.find((r) => r.date === x) ?? null;
    metrics[`changePctEvent:${v.venue}`] = metric(
      `${v.venue} OI change on ${d} (${unit})`,
      on(d)?.changePctBtc ?? null,
      'decimal',
      q,
      fmtPct,
    );
    metrics[`changePctNext:${v.venue}`] = metric(
      `${v.venue} OI change on ${next ?? 'the next day'} (${unit})`,
      on(next)?.changePctBtc ?? null,
      'decimal',
      q,
      fmtPct,
    );
    const prevDay = on(neighbours(around.dates, d).previous);
    const nextDay = on(next);
    const twoDay = prevDay?.oiBtc && nextDay?.oiBtc ? nextDay.oiBtc / prevDay.oiBtc - 1 : null;
    metrics[`twoDayChangePct:${v.venue}`] = metric(
      `${v.venue} OI change over the event day and the next (${unit})`,
      twoDay,
      'decimal',
      q,
      fmtPct,
    );
    metrics[`largestDropPct:${v.venue}`] = metric(
      `${v.venue} largest daily drop in the window`,
      v.largestDrop?.changePctBtc ?? null,
      'decimal',
      q,
      fmtPct,
    );
    metrics[`oiBtcEvent:${v.venue}`] = metric(
      `${v.venue} OI on ${d} (${unit})`,
      on(d)?.oiBtc ?? null,
      'BTC',
      q,
      (x) => fmtNum(x),
    );
  }
  const div = around.divergences.map(
    (x) => `${x.date}: ${x.fell.join('+')} fell while ${x.rose.join('+')} rose`,
  );
  const atEvent = around.divergences.filter((x) => x.date === d || x.date === next);
  // A divergence needs two venues with a change on the day: with fewer it is missing, never "none".
  const comparable = [d, next].some(
    (x) => around.venues.filter((v) => v.daily.find((r) => r.date === x)?.changePctBtc != null).length >= 2,
  );
  metrics.divergencesAtEvent = metric(
    'event day or next: one venue fell while another rose',
    comparable ? atEvent.length : null,
    'count',
    worstQuality(rows),
    (x) => fmtNum(x),
  );
  metrics.divergences = metric(
    'days one venue fell while another rose',
    around.divergences.length,
    'count',
    worstQuality(rows),
    (x) => fmtNum(x),
  );
  const describe = around.venues
    .map((v) => {
      const e = v.daily.find((r) => r.date === d);
      const n = v.daily.find((r) => r.date === next);
      return `${v.venue} ${fmtPct(e?.changePctBtc)} on ${d}${next ? `, ${fmtPct(n?.changePctBtc)} on ${next}` : ''}`;
    })
    .join('; ');
  return finding(
    'open-interest',
    TITLE,
    `Open interest in BTC at 16:00 ET: ${describe}.`,
    metrics,
    prov,
    [...unitNotes, ...div],
    {
      around,
      hourly: hourlyTotals(rows),
    },
  );
}
