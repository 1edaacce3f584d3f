/*
 * How values are written for people (report, terminal, HTML): USD with B/M/K, percentages, ratios and plain
 * numbers; 'n/a' for a missing or non-finite value. Units themselves follow DESIGN.md section 3: USD,
 * decimals for rates and vols (0.55 = 55%), BTC, USD per BTC on the one BTC axis.
 */

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** "$10.7B", "-$175M", "$230K". */
export function fmtUsd(v: number | null | undefined): string {
  if (!finite(v)) return 'n/a';
  const a = Math.abs(v);
  if (a === 0) return '$0';
  const sign = v < 0 ? '-' : '';
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(a >= 1e11 ? 0 : a >= 1e10 ? 1 : 2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(a >= 1e8 ? 0 : 1)}M`;
  if (a >= 1e3) return `${sign}$${(a / 1e3).toFixed(a >= 1e5 ? 0 : 1)}K`;
  return `${sign}$${a.toFixed(2)}`;
}

/** 0.0331 -> "3.3%". */
export function fmtPct(v: number | null | undefined, digits = 1): string {
  return finite(v) ? `${(v * 100).toFixed(digits)}%` : 'n/a';
}

/** 2.07 -> "2.07x". */
export function fmtX(v: number | null | undefined, digits = 2): string {
  return finite(v) ? `${v.toFixed(digits)}x` : 'n/a';
}

/** Plain number with thousands separators. */
export function fmtNum(v: number | null | undefined, digits = 0): string {
  return finite(v)
    ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : 'n/a';
}
