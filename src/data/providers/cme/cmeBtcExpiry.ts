/**
 * CME Bitcoin futures contract months: codes and expiry dates (pure).
 *
 * Termination of trading, CME Rulebook chapter 350 and the contract specs
 * (https://www.cmegroup.com/markets/cryptocurrencies/bitcoin/bitcoin.contractSpecs.html): "Trading
 * terminates at 4:00 p.m. London time on the last Friday of the contract month. If this is not both a
 * London and U.S. business day, trading terminates on the prior London and the U.S. business day."
 *
 * A last Friday of a month can only be one of these holidays: Good Friday (UK bank holiday, CME closed),
 * Christmas Day (25th) and Boxing Day (26th, a UK bank holiday when it falls on a Friday). Every other
 * UK or US holiday on a Friday falls before the 22nd or is a Monday, and the observed US New Year holiday
 * on Friday 31 December is a CME trading day. Stepping back from the last Friday over those days gives
 * the same dates as the event pack's calendar (scripts/eventPack/calendar.ts), e.g. 2024-03-28 and
 * 2025-12-24, for any year.
 */
import { easterSunday } from '../../../core/calendar.js';

/** Futures month codes, January to December (CME Group, "Contract month codes"). */
export const MONTH_CODES = 'FGHJKMNQUVXZ';

const DAY_MS = 86_400_000;

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export { easterSunday };

/** True for the days on which a last-Friday expiry cannot fall (see the file comment). */
function isHoliday(date: string): boolean {
  const md = date.slice(5);
  if (md === '12-25' || md === '12-26' || md === '01-01') return true;
  const year = Number(date.slice(0, 4));
  return iso(Date.parse(`${easterSunday(year)}T00:00:00Z`) - 2 * DAY_MS) === date;
}

/**
 * Last trading day of the CME Bitcoin futures contract of a month (ISO date): the last Friday of the
 * month, moved back to the previous London and U.S. business day when it is a holiday.
 * @example cmeBtcExpiry(2026, 2) // '2026-02-27'
 */
export function cmeBtcExpiry(year: number, month: number): string {
  // Day 0 of the next month is the last day of this one.
  let ms = Date.UTC(year, month, 0);
  while (new Date(ms).getUTCDay() !== 5) ms -= DAY_MS;
  for (;;) {
    const wd = new Date(ms).getUTCDay();
    if (wd !== 0 && wd !== 6 && !isHoliday(iso(ms))) return iso(ms);
    ms -= DAY_MS;
  }
}

/**
 * A futures contract code: root, month code and the last digit of the year, e.g. 'BTCG6'.
 * @example contractCode('BTC', 2026, 2) // 'BTCG6'
 */
export function contractCode(root: string, year: number, month: number): string {
  return `${root}${MONTH_CODES[month - 1]}${year % 10}`;
}
