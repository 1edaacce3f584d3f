/**
 * Deribit book summaries -> `option_chain` (venue 'deribit'): one snapshot of every listed BTC (or ETH)
 * option.
 *
 * Endpoint (https://docs.deribit.com/api-reference/market-data/public-get_book_summary_by_currency):
 * `GET /api/v2/public/get_book_summary_by_currency?currency=BTC&kind=option`, public, no key, no paging
 * (the whole chain, about a thousand rows, in one response). `result` is an array with, per instrument,
 * `instrument_name`, `mark_price` (BTC per option on 1 BTC), `mark_iv` (percent), `open_interest` (in
 * the base currency: contracts of 1 BTC), `volume` (24 h, base currency), `underlying_price` (the USD
 * forward of the expiry that Deribit prices the option on: a future, or a synthetic `SYN.` one),
 * `underlying_index` and `creation_timestamp` (ms), besides quotes and statistics this dataset does not
 * store. The documented field list is the OpenAPI schema of that page; recorded responses quoted in
 * public code show the same fields (see fixtures/README.md).
 *
 * Conventions applied here (docs/DATA.md):
 * - `as_of` is one instant for the whole snapshot: the latest `creation_timestamp` of the response,
 *   floored to the whole second, so a chain ingested once has one `as_of` and an offline replay gives the
 *   same rows (the caller's clock is not used).
 * - expiry from the instrument name, 08:00 UTC (optionName.ts); strike in USD; `iv` = mark_iv / 100;
 *   `mark` in BTC (inverse option premium); `underlying_price` = Deribit's forward of that expiry, the
 *   `forward` that src/pricing/inverse.ts expects; `multiplier` 1; `dealer_position` left NULL (Deribit
 *   does not publish who holds what). Deribit's own Greeks are not stored: the pricing core recomputes
 *   them from these columns when a chain is analysed.
 * - A row without open interest or underlying price is skipped ('null_values'); a null mark, IV or volume
 *   is stored as NULL, and rows stored without IV are reported (a notice naming how many and the first).
 *   Options expiring at or before `as_of` are skipped ('expired').
 * - Units are checked, not assumed: `quote_currency` (when sent) must be the chain's currency (an inverse
 *   option, premium in the coin; a USDC- or USD-quoted option must never be stored as BTC premiums), and
 *   the premium must be one in the coin: mark × forward (its USD value) cannot exceed the forward for a
 *   call or the strike for a put (10% margin), which a USD premium read as BTC always does.
 */
import { isoInstant } from '../../../store/align.js';
import { joinUrl } from '../http.js';
import { isFiniteNumber, payloadError, SkipCounter } from '../payload.js';
import { nowMs, oneOfFlag } from '../query.js';
import { type DataRowOf, defineDataset, type Notice } from '../types.js';
import { parseOptionName } from './optionName.js';
import { isRecord, nullableNumber, rpcResult } from './rpc.js';

const WHERE = { provider: 'deribit', dataset: 'option_chain' } as const;
const CURRENCIES = ['BTC', 'ETH'] as const;
type Currency = (typeof CURRENCIES)[number];

/** A normalized query: which chain to snapshot. */
export interface DeribitOptionChainQuery {
  readonly currency: Currency;
}

type Row = DataRowOf<'option_chain'>;

export const deribitOptionChain = defineDataset<DeribitOptionChainQuery, unknown, 'option_chain'>({
  model: 'option_chain',
  description:
    'Snapshot of every listed Deribit BTC (or ETH) option: OI, 24h volume, mark (BTC), mark IV, forward of the expiry',
  endpoint: '/api/v2/public/get_book_summary_by_currency',
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
    symbol: 'currency of the chain: BTC | ETH (default BTC); the snapshot is the chain as it is now',
  },

  transformQuery(input) {
    nowMs(input);
    const raw = input.symbol?.trim().toUpperCase();
    return { currency: oneOfFlag('--symbol', raw, CURRENCIES, 'BTC') };
  },

  async extract(q, ctx) {
    const url = joinUrl(ctx.baseUrl, '/api/v2/public/get_book_summary_by_currency', {
      currency: q.currency,
      kind: 'option',
    });
    return (await ctx.fetch(url)).json();
  },

  transform(q, raw) {
    const result = rpcResult(WHERE, raw);
    if (!Array.isArray(result)) {
      throw payloadError(WHERE, 'result', result, 'an array of book summaries, one per option');
    }
    // First pass: the snapshot instant, so that every row of one response gets the same as_of.
    let createdMs = Number.NEGATIVE_INFINITY;
    result.forEach((entry: unknown, i) => {
      if (!isRecord(entry)) throw payloadError(WHERE, `result[${i}]`, entry, 'a book summary object');
      const t = entry.creation_timestamp;
      if (!isFiniteNumber(t) || !Number.isInteger(t) || t < 0) {
        throw payloadError(
          WHERE,
          `result[${i}].creation_timestamp`,
          t,
          'milliseconds since the epoch (an integer)',
        );
      }
      createdMs = Math.max(createdMs, t);
    });
    if (result.length === 0) return { rows: [], skipped: [] };
    const asOfMs = Math.floor(createdMs / 1000) * 1000;
    const asOf = isoInstant(asOfMs);

    const skipped = new SkipCounter();
    const byName = new Map<string, Row>();
    const noIv: string[] = [];
    (result as Record<string, unknown>[]).forEach((entry, i) => {
      const p = `result[${i}]`;
      const name = entry.instrument_name;
      const terms = typeof name === 'string' ? parseOptionName(name) : undefined;
      if (terms === undefined) {
        throw payloadError(WHERE, `${p}.instrument_name`, name, 'an option name like BTC-27FEB26-70000-P');
      }
      if (terms.currency !== q.currency) {
        throw payloadError(
          WHERE,
          `${p}.instrument_name`,
          name,
          `an option on ${q.currency}, the currency asked for`,
        );
      }
      const openInterest = nullableNumber(WHERE, `${p}.open_interest`, entry.open_interest);
      const underlying = nullableNumber(WHERE, `${p}.underlying_price`, entry.underlying_price);
      const markIv = nullableNumber(WHERE, `${p}.mark_iv`, entry.mark_iv);
      const mark = nullableNumber(WHERE, `${p}.mark_price`, entry.mark_price);
      const volume = nullableNumber(WHERE, `${p}.volume`, entry.volume);
      if (markIv !== null && !(markIv > 0)) {
        throw payloadError(
          WHERE,
          `${p}.mark_iv`,
          markIv,
          'a positive implied volatility in percent, e.g. 55.3',
        );
      }
      const quote = entry.quote_currency;
      if (quote !== undefined && quote !== q.currency) {
        throw payloadError(
          WHERE,
          `${p}.quote_currency`,
          quote,
          `'${q.currency}': an inverse option with its premium in ${q.currency} (a ${String(quote)}-quoted option is not stored as ${q.currency} premiums)`,
        );
      }
      if (mark !== null && underlying !== null) {
        const bound = (terms.optionType === 'call' ? underlying : terms.strike) * PREMIUM_MARGIN;
        if (mark * underlying > bound) {
          throw payloadError(
            WHERE,
            `${p}.mark_price`,
            mark,
            `a premium in ${q.currency} per option: worth at most the ${terms.optionType === 'call' ? 'forward' : 'strike'} in USD, but ${mark} x ${underlying} = ${+(mark * underlying).toPrecision(6)} USD (a USD premium read as ${q.currency}?)`,
          );
        }
      }
      if (openInterest === null || underlying === null) {
        skipped.add('null_values');
        return;
      }
      if (terms.expiryMs <= asOfMs) {
        skipped.add('expired');
        return;
      }
      const row: Row = {
        as_of: asOf,
        venue: 'deribit',
        underlying: q.currency,
        expiry: isoInstant(terms.expiryMs),
        strike: terms.strike,
        option_type: terms.optionType,
        open_interest: openInterest,
        volume,
        // Deribit quotes implied volatility in percent (mark_iv 61.35 = 0.6135); crashscope stores decimals.
        iv: markIv === null ? null : markIv / 100,
        mark,
        underlying_price: underlying,
        multiplier: 1,
      };
      const seen = byName.get(name as string);
      if (seen !== undefined) {
        if (sameRow(seen, row)) {
          skipped.add('duplicate');
          return;
        }
        throw payloadError(WHERE, p, entry, `one summary per instrument (another ${name as string} differs)`);
      }
      byName.set(name as string, row);
      if (markIv === null) noIv.push(name as string);
    });
    const rows = [...byName.values()].sort(
      (a, b) =>
        a.expiry.localeCompare(b.expiry) || a.strike - b.strike || a.option_type.localeCompare(b.option_type),
    );
    const notices: Notice[] =
      noIv.length === 0
        ? []
        : [
            {
              kind: 'incomplete',
              message: `deribit option_chain: ${noIv.length} row${noIv.length === 1 ? '' : 's'} stored without IV (mark_iv null), first ${noIv[0]}`,
            },
          ];
    return { rows, skipped: skipped.list(), notices };
  },
});

/** Slack on the premium bound (forward vs index, rounding): a coin premium passes, a USD one never does. */
const PREMIUM_MARGIN = 1.1;

function sameRow(a: Row, b: Row): boolean {
  return (Object.keys(a) as (keyof Row)[]).every((k) => a[k] === b[k]);
}
