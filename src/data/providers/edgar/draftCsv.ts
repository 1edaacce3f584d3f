/**
 * The draft CSV of structured notes a person confirms before importing it (pure): the structured_notes
 * model's columns in the event pack's order (docs/DATA.md; model columns, then `source`, `quality`),
 * RFC 4180 quoting, LF endings, numbers in shortest round-trip form, an empty cell for a term not found.
 * Once its empty cells are filled in, `crashscope import draft.csv --model structured_notes` loads it.
 */
import { structuredNotes } from '../../models/structuredNotes.js';

/** Header of the draft: every column of the model, provenance last. */
export const DRAFT_COLUMNS: readonly string[] = structuredNotes.columns.map((c) => c.name);

export type DraftCell = string | number | null | undefined;

/**
 * One CSV field: quoted when it holds a comma, a quote or a line break; numbers as JS writes them.
 * @example csvCell('Citigroup Global Markets Holdings Inc., as issuer') // '"Citigroup Global Markets Holdings Inc., as issuer"'
 */
export function csvCell(value: DraftCell): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * CSV text of draft rows (by column name), with the header line when `header` is true.
 * @example draftCsv([{ note_id: 'X', issuer: 'A, B' }], false).startsWith('X,"A, B",') // true
 */
export function draftCsv(rows: readonly Readonly<Record<string, DraftCell>>[], header = true): string {
  const lines = rows.map((r) => DRAFT_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return `${[...(header ? [DRAFT_COLUMNS.join(',')] : []), ...lines].map((l) => `${l}\n`).join('')}`;
}
