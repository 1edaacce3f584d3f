/** Text renderings of result rows for the terminal: an aligned table and RFC 4180 CSV. */
import type { ResultColumn, Row, SqlValue } from '../store/db.js';

function cell(v: SqlValue): string {
  return v === null ? '' : String(v);
}

/**
 * Aligned plain-text table; numbers right-aligned, NULL shown as empty.
 * @example formatTable([{ name: 'a', type: 'INTEGER' }], [{ a: 1 }]) // 'a\n-\n1\n'
 */
export function formatTable(columns: readonly ResultColumn[], rows: readonly Row[]): string {
  const names = columns.map((c) => c.name);
  const texts = rows.map((r) => names.map((n) => cell(r[n] ?? null)));
  const numeric = names.map(
    (n) => rows.length > 0 && rows.every((r) => r[n] === null || typeof r[n] === 'number'),
  );
  const widths = names.map((n, i) => Math.max(n.length, ...texts.map((t) => t[i]!.length)));
  const line = (values: readonly string[], header: boolean): string =>
    values
      .map((v, i) => (numeric[i] && !header ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [
    line(names, true),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...texts.map((t) => line(t, false)),
  ];
  return `${out.join('\n')}\n`;
}

/**
 * One CSV field, quoted when it holds a comma, quote or line break.
 * @example csvField('a,b') // '"a,b"'
 */
export function csvField(v: SqlValue): string {
  const s = cell(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Header plus rows as CSV with LF line endings.
 * @example formatCsv([{ name: 'a', type: 'VARCHAR' }], [{ a: 'x,y' }]) // 'a\n"x,y"\n'
 */
export function formatCsv(columns: readonly ResultColumn[], rows: readonly Row[]): string {
  const names = columns.map((c) => c.name);
  const lines = [
    names.map(csvField).join(','),
    ...rows.map((r) => names.map((n) => csvField(r[n] ?? null)).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}
