/** Where a row sits in its input file, as a user would look for it. */
export type Location =
  | { readonly kind: 'line'; readonly line: number }
  | { readonly kind: 'row'; readonly row: number }
  | { readonly kind: 'element'; readonly element: number; readonly line: number };

/**
 * "line 7", "row 7" (Parquet: 1-based data row) or "element 3 (line 10)" (JSON array).
 * @example describeLocation({ kind: 'line', line: 7 }) // 'line 7'
 */
export function describeLocation(loc: Location): string {
  switch (loc.kind) {
    case 'line':
      return `line ${loc.line}`;
    case 'row':
      return `row ${loc.row}`;
    case 'element':
      return `element ${loc.element} (line ${loc.line})`;
  }
}

/**
 * The location fields for an error's `details`.
 * @example locationDetails({ kind: 'row', row: 2 }) // { row: 2 }
 */
export function locationDetails(loc: Location): Readonly<Record<string, number>> {
  switch (loc.kind) {
    case 'line':
      return { line: loc.line };
    case 'row':
      return { row: loc.row };
    case 'element':
      return { element: loc.element, line: loc.line };
  }
}

/**
 * A cell value for a message: quoted and cut to 60 characters; "(empty)" for a missing value.
 * @example showValue('-3') // "'-3'"
 */
export function showValue(value: unknown): string {
  if (value === null || value === undefined) return '(empty)';
  // Control characters are shown escaped (\n, \t, \u0000), so the message stays one readable line.
  const s =
    typeof value === 'string'
      ? value.replace(/\p{Cc}/gu, (c) => JSON.stringify(c).slice(1, -1))
      : JSON.stringify(value);
  const cut = s.length > 60 ? `${s.slice(0, 57)}...` : s;
  return typeof value === 'string' ? `'${cut}'` : cut;
}
