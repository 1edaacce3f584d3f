/**
 * Cboe delayed quotes -> `option_chain` (venue 'cboe'): one snapshot of every listed option of a symbol.
 *
 * Endpoint: `GET https://cdn.cboe.com/api/global/delayed_quotes/options/{SYMBOL}.json` (indices with a
 * leading underscore, `_SPX.json`), the file cboe.com's own delayed-quote pages load; public, no key,
 * undocumented (no published schema or rate limit; quotes delayed at least 15 minutes). Shape taken
 * from a recorded response, OpenBB-finance/OpenBB openbb_platform/providers/cboe/tests/data/options_clx.json
 * (commit 869cfed12599e1fd313a2ff186c5b39fa7d3a4a5): `{ timestamp: "YYYY-MM-DD HH:MM:SS", data: { options:
 * [ { option: OCC symbol, bid, bid_size, ask, ask_size, iv, open_interest, volume, delta, gamma, vega,
 * theta, rho, theo, change, open, high, low, tick, last_trade_price, last_trade_time, percent_change,
 * prev_day_close } ], symbol, security_type, current_price, close, prev_day_close, last_trade_time, ... },
 * symbol }`. `iv` is an annualized decimal (0.9409), 0 where Cboe computed none; open interest is
 * published once a day; `last_trade_time` (option and underlying) is New York wall-clock time
 * ("2026-07-24T15:59:59" for the close), `last_trade_time` null for a series that never traded.
 *
 * Conventions:
 * - `as_of` = the file's `timestamp`, read as UTC. UNVERIFIED: Cboe documents no zone; the recorded
 *   file has timestamp "2026-07-25 00:43:14" beside an underlying last trade at "2026-07-24T15:59:59"
 *   New York, consistent with UTC (20:43 New York, after the close) and with a reader that parses it
 *   as UTC (a public Go client, "best-effort" UTC). docs/providers/cboe.md says so.
 * - expiry = 16:00 America/New_York on the OCC symbol's date (docs/DATA.md; `nyCloseUtc`), except for
 *   AM-settled series: SPX monthlies (root SPX) settle on the Special Opening Quotation of the expiration
 *   day, so their expiry is 09:30 New York that day; SPXW weeklies and end-of-month series are PM-settled
 *   (16:00) and kept beside them under underlying SPX, 100 multiplier (Cboe SPX and SPXW contract
 *   specifications, https://www.cboe.com/tradable_products/sp_500/spx_options/specifications/). The two
 *   never collide on the model's key: same date, different expiry instants. Series already expired at
 *   `as_of` are left out ('expired'): a snapshot lists only live options.
 * - strike, type and root from the OCC symbol (`parseOccSymbol`); series whose root is neither the symbol
 *   asked for nor one of its listed roots (adjusted deliverables such as IBIT1) are left out
 *   ('other_root'): their contract size is not 100 shares, and they would collide on the model's key.
 * - mark = mid of bid and ask when both are > 0, else the last trade price when there was one (> 0),
 *   else null; iv null where Cboe sends 0; volume = the day's contracts; multiplier 100;
 *   underlying_price = `data.current_price`; dealer_position null (not observable). Greeks and theo
 *   are not stored (no model columns; crashscope re-prices from iv).
 * - Identical repeats of a series are dropped ('duplicate'); conflicting repeats are refused.
 */

import { nyCloseUtc, toIsoInstant, zonedWallTimeToUtcMs } from '../../../core/time.js';
import { InvalidInputError } from '../../../errors.js';
import { joinUrl } from '../http.js';
import { isFiniteNumber, payloadError, SkipCounter } from '../payload.js';
import { type DataRowOf, defineDataset } from '../types.js';
import { parseOccSymbol } from './occSymbol.js';

const WHERE = { provider: 'cboe', dataset: 'option_chain' } as const;
/** Equity and ETF symbols; a leading '_' (or '^') marks an index, as in Cboe's own file names. */
const SYMBOL_RE = /^[_^]?[A-Z][A-Z0-9]{0,5}$/;
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** Standard US equity and ETF options deliver 100 shares; SPX and SPXW are $100 x the index. */
const MULTIPLIER = 100;

/** How a root settles: at the close (PM, 16:00 New York) or on the opening quotation (AM, 09:30). */
type Settlement = 'am' | 'pm';

/**
 * Roots listed under an underlying besides its own, with their settlement (Cboe contract specifications):
 * SPX monthlies are AM-settled, SPXW (weeklies, end-of-month) PM-settled.
 */
const ROOTS: Readonly<Record<string, Readonly<Record<string, Settlement>>>> = {
  SPX: { SPX: 'am', SPXW: 'pm' },
};

/** Settlement of `root` under `underlying`, or undefined when the root does not belong to it. */
function settlementOf(underlying: string, root: string): Settlement | undefined {
  const listed = ROOTS[underlying];
  if (listed !== undefined) return listed[root];
  return root === underlying ? 'pm' : undefined;
}

/** Expiry instant of a series: its date at the New York open (AM) or close (PM), as UTC. */
function expiryOf(date: string, settlement: Settlement): string {
  return settlement === 'am'
    ? toIsoInstant(zonedWallTimeToUtcMs(date, 9, 30, 'America/New_York'))
    : nyCloseUtc(date);
}

/** A normalized query: one snapshot, one request. */
export interface CboeChainQuery {
  /** The underlying as stored (IBIT, SPX). */
  readonly underlying: string;
  /** The file name without `.json` (IBIT, _SPX). */
  readonly file: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A non-negative number, or null for a field the feed left null; anything else is a payload error. */
function quote(o: Record<string, unknown>, key: string, field: string): number | null {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (!isFiniteNumber(v) || v < 0)
    throw payloadError(WHERE, `${field}.${key}`, v, 'a non-negative number or null');
  return v;
}

export const cboeOptionChain = defineDataset<CboeChainQuery, unknown, 'option_chain'>({
  model: 'option_chain',
  description:
    'Cboe delayed-quotes option chain snapshot of one symbol (default IBIT): OI, volume, iv, mid mark',
  endpoint: '/api/global/delayed_quotes/options/{symbol}.json',
  fills: [
    'as_of',
    'venue',
    'underlying',
    'expiry',
    'strike',
    'option_type',
    'open_interest',
    'volume',
    'iv',
    'mark',
    'underlying_price',
    'multiplier',
  ],
  flags: {
    symbol: "underlying, e.g. IBIT (default IBIT); indices with a leading '_' as Cboe names them, e.g. _SPX",
  },

  transformQuery(input) {
    const raw = input.symbol ?? 'IBIT';
    const symbol = raw.trim().toUpperCase();
    if (!SYMBOL_RE.test(symbol)) {
      throw new InvalidInputError(
        'bad_flag',
        `--symbol: '${raw}' is not a Cboe symbol (1-6 letters or digits, a leading _ for an index)`,
        { details: { flag: '--symbol', raw } },
      );
    }
    const underlying = symbol.replace(/^[_^]/, '');
    return { underlying, file: symbol === underlying ? underlying : `_${underlying}` };
  },

  async extract(q, ctx) {
    const url = joinUrl(ctx.baseUrl, `/api/global/delayed_quotes/options/${encodeURIComponent(q.file)}.json`);
    return (await ctx.fetch(url)).json();
  },

  transform(q, raw) {
    if (!isRecord(raw)) throw payloadError(WHERE, '(body)', raw, 'an object { timestamp, data, symbol }');
    const ts = raw.timestamp;
    const m = typeof ts === 'string' ? TIMESTAMP_RE.exec(ts) : null;
    const asOfMs = m === null ? Number.NaN : Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
    if (m === null || new Date(asOfMs).toISOString().slice(0, 19).replace('T', ' ') !== ts) {
      throw payloadError(WHERE, 'timestamp', ts, "the snapshot time 'YYYY-MM-DD HH:MM:SS'");
    }
    const asOf = `${(ts as string).replace(' ', 'T')}Z`;
    const data = raw.data;
    if (!isRecord(data))
      throw payloadError(WHERE, 'data', data, 'an object { options, symbol, current_price }');
    const symbol = typeof data.symbol === 'string' ? data.symbol.replace(/^[_^]/, '') : data.symbol;
    if (symbol !== q.underlying) {
      throw payloadError(WHERE, 'data.symbol', data.symbol, `'${q.underlying}', the symbol asked for`);
    }
    const spot = data.current_price;
    if (!isFiniteNumber(spot) || spot <= 0) {
      throw payloadError(WHERE, 'data.current_price', spot, 'the underlying price, a number > 0');
    }
    const options = data.options;
    if (!Array.isArray(options))
      throw payloadError(WHERE, 'data.options', options, 'an array of option quotes');

    const skipped = new SkipCounter();
    const bySymbol = new Map<string, { row: DataRowOf<'option_chain'>; source: string }>();
    options.forEach((o: unknown, i) => {
      const field = `data.options[${i}]`;
      if (!isRecord(o)) throw payloadError(WHERE, field, o, 'an option quote object');
      const occ = typeof o.option === 'string' ? parseOccSymbol(o.option) : undefined;
      if (occ === undefined || !occ.ok) {
        throw payloadError(
          WHERE,
          `${field}.option`,
          o.option,
          `an OCC option symbol (${occ === undefined ? 'a string' : occ.reason})`,
        );
      }
      const { root, expiry: expiryDate, type, strike } = occ.value;
      const bid = quote(o, 'bid', field);
      const ask = quote(o, 'ask', field);
      const last = quote(o, 'last_trade_price', field);
      const iv = quote(o, 'iv', field);
      const volume = quote(o, 'volume', field);
      const oi = o.open_interest;
      if (!isFiniteNumber(oi) || oi < 0) {
        throw payloadError(WHERE, `${field}.open_interest`, oi, 'open interest, a number >= 0');
      }
      // An IV above 1000% is a percent where Cboe sends decimals (0.55 for 55%).
      if (iv !== null && iv > 10)
        throw payloadError(WHERE, `${field}.iv`, iv, 'an annualized decimal (<= 10)');
      const settlement = settlementOf(q.underlying, root);
      if (settlement === undefined) {
        skipped.add('other_root');
        return;
      }
      const expiry = expiryOf(expiryDate, settlement);
      if (Date.parse(expiry) <= asOfMs) {
        skipped.add('expired');
        return;
      }
      const mark =
        bid !== null && ask !== null && bid > 0 && ask > 0
          ? (bid + ask) / 2
          : last !== null && last > 0
            ? last
            : null;
      const row: DataRowOf<'option_chain'> = {
        as_of: asOf,
        venue: 'cboe',
        underlying: q.underlying,
        expiry,
        strike,
        option_type: type,
        open_interest: oi,
        volume,
        iv: iv !== null && iv > 0 ? iv : null,
        mark,
        underlying_price: spot,
        multiplier: MULTIPLIER,
      };
      const key = `${expiry}|${strike}|${type}`;
      const seen = bySymbol.get(key);
      const text = JSON.stringify(row);
      if (seen !== undefined) {
        if (seen.source === text) {
          skipped.add('duplicate');
          return;
        }
        throw payloadError(
          WHERE,
          `${field}.option`,
          o.option,
          'one quote per series (an earlier quote differs)',
        );
      }
      bySymbol.set(key, { row, source: text });
    });
    const rows = [...bySymbol.values()]
      .map((v) => v.row)
      .sort(
        (a, b) =>
          Date.parse(a.expiry) - Date.parse(b.expiry) ||
          a.strike - b.strike ||
          (a.option_type < b.option_type ? -1 : a.option_type > b.option_type ? 1 : 0),
      );
    return { rows, skipped: skipped.list() };
  },
});
