import { DataError } from '../../src/errors.js';

/*
 * CSV writing for the event pack (data contract: UTF-8, header row, LF endings, numbers in shortest
 * round-trip form = JS String(number), empty cell = NULL). RFC 4180 quoting for text cells that contain
 * a comma, a quote or a line break. No locale is involved anywhere.
 */

/** A cell: text, number, or null (written as an empty cell). */
export type Cell = string | number | null;

/** A table ready to be written: column names and rows in the order they are written. */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/**
 * Rounds to `dp` decimals (half away from zero on the decimal value) so CSV cells stay short; the
 * result is then written with String(), which is the shortest round-trip form.
 * @example roundTo(1.005, 2) // 1.01
 */
export function roundTo(x: number, dp: number): number {
  if (!Number.isFinite(x)) return x;
  // toFixed-free: scale, round the magnitude, correct the binary representation error with EPSILON.
  const f = 10 ** dp;
  const y = Math.abs(x) * f;
  const r = Math.round(y * (1 + Number.EPSILON * 4)) / f;
  const v = x < 0 ? -r : r;
  return v === 0 ? 0 : v;
}

function formatCell(cell: Cell, where: string): string {
  if (cell === null) return '';
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) {
      throw new DataError('pack_non_finite', `non-finite number ${String(cell)} at ${where}`, {
        details: { where, value: String(cell) },
      });
    }
    return String(cell === 0 ? 0 : cell);
  }
  if (/[",\n\r]/.test(cell)) return `"${cell.replaceAll('"', '""')}"`;
  return cell;
}

/**
 * Serialises a table as CSV text (LF line endings, trailing newline).
 * @example toCsv({ columns: ['a', 'b'], rows: [[1, null]] }) // 'a,b\n1,\n'
 */
export function toCsv(table: Table, name = 'table'): string {
  const lines: string[] = [table.columns.join(',')];
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r];
    if (row.length !== table.columns.length) {
      throw new DataError(
        'pack_row_width',
        `${name} row ${r + 1} has ${row.length} cells, expected ${table.columns.length}`,
        {
          details: { name, row: r + 1 },
        },
      );
    }
    lines.push(row.map((c, i) => formatCell(c, `${name} row ${r + 1} column ${table.columns[i]}`)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Parses CSV text written by {@link toCsv} (RFC 4180 quoting) into an array of records keyed by header.
 * Cells stay strings; an empty cell is ''.
 * @example parseCsv('a,b\n1,"x,y"\n') // [{ a: '1', b: 'x,y' }]
 */
export function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let row: string[] = [];
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      records.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    records.push(row);
  }
  const header = records[0] ?? [];
  return records.slice(1).map((cells) => {
    const rec: Record<string, string> = {};
    header.forEach((h, i) => {
      rec[h] = cells[i] ?? '';
    });
    return rec;
  });
}
