/**
 * A small, strict reader of SpreadsheetML ("XML Spreadsheet 2003"), the format of the iShares "Download"
 * fund file. No dependency: a well-formedness-checking XML reader for the subset such files use, then the
 * SpreadsheetML layout on top.
 *
 * Format: M. Stowe, "XML Spreadsheet Reference", Microsoft Corporation, August 2001 (Excel 2002 / Office XP;
 * https://msdn.microsoft.com/en-us/library/aa140066(office.10).aspx):
 * a `Workbook` (namespace urn:schemas-microsoft-com:office:spreadsheet) holds `Worksheet ss:Name=...`
 * elements, each with at most one `Table` of `Row`s of `Cell`s; a `Cell` holds at most one
 * `Data ss:Type="String|Number|DateTime|Boolean|Error"` (an empty non-String Data is an empty cell).
 * `ss:Index` (1-based) on a Row or Cell skips the rows or cells before it, and `ss:MergeAcross="n"` makes
 * a cell span n more columns. Files are written
 * either with a default namespace (`<Workbook xmlns="urn:...">`) or with a prefix (`<ss:Workbook
 * xmlns:ss="urn:...">`, which is what iShares sends); both are read. Rich-text cells carry HTML
 * formatting elements inside `Data`; their text is concatenated.
 *
 * Strict: tags must nest and close, attributes must be quoted and unique, prefixes declared, numbers and
 * dates must be what their `ss:Type` says; a DOCTYPE is refused (SpreadsheetML has none, and refusing it
 * means no entity is ever expanded). One leniency, on purpose: the iShares file is known to contain bare
 * `&` in its disclaimer links (observed by open-source readers of it, e.g. the comment "the XML is invalid
 * (unescaped & in disclaimer links)" in public IBIT scrapers), so an `&` that does not start one of the
 * five predefined entities or a character reference is kept as a literal `&` (an unknown `&name;`
 * included) instead of failing the whole file.
 */

/** The SpreadsheetML namespace. */
export const SPREADSHEET_NS = 'urn:schemas-microsoft-com:office:spreadsheet';

export const CELL_TYPES = ['String', 'Number', 'DateTime', 'Boolean', 'Error'] as const;
export type CellType = (typeof CELL_TYPES)[number];

/** A cell with a `Data` element: its declared type and its text (checked against the type). */
export interface SheetCell {
  readonly type: CellType;
  readonly text: string;
}

/** A worksheet as a dense grid: rows[r][c] (0-based) is the cell at row r+1, column c+1, or null. */
export interface Worksheet {
  readonly name: string;
  readonly rows: readonly (readonly (SheetCell | null)[])[];
}

export interface Workbook {
  readonly worksheets: readonly Worksheet[];
}

/** A parse: the workbook, or where (1-based line and column of the input) and why it is not SpreadsheetML. */
export type SpreadsheetMlResult =
  | { readonly ok: true; readonly workbook: Workbook }
  | {
      readonly ok: false;
      readonly line: number;
      readonly column: number;
      readonly reason: string;
      /** Up to 60 characters of the input from the error position. */
      readonly excerpt: string;
    };

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const MAX_DEPTH = 256;
const NAME_RE = /[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?/y;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE_RE = /&(?:#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6})|([A-Za-z_][A-Za-z0-9_.-]*));/y;
/** Number text as Excel writes it (no thousands separators, no NaN/Infinity). */
const NUMBER_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?$/;

interface XmlElement {
  readonly ns: string;
  readonly local: string;
  /** Attribute values by `${namespace}|${localName}` (unprefixed attributes have no namespace). */
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: readonly (XmlElement | string)[];
  /** Offset of the '<' in the input. */
  readonly at: number;
}

class Failure {
  readonly at: number;
  readonly reason: string;

  constructor(at: number, reason: string) {
    this.at = at;
    this.reason = reason;
  }
}

function isXmlChar(cp: number): boolean {
  // XML 1.0 (Fifth Edition) section 2.2, production [2] Char.
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Replaces character and entity references; a bare or unknown `&` stays literal (see the file comment). */
function decode(raw: string, at: number): string {
  if (!raw.includes('&')) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const amp = raw.indexOf('&', i);
    if (amp < 0) {
      out += raw.slice(i);
      break;
    }
    out += raw.slice(i, amp);
    REFERENCE_RE.lastIndex = amp;
    const m = REFERENCE_RE.exec(raw);
    if (m === null) {
      out += '&';
      i = amp + 1;
      continue;
    }
    if (m[3] !== undefined) {
      const named = PREDEFINED[m[3]];
      out += named ?? m[0];
    } else {
      const cp = m[1] !== undefined ? Number.parseInt(m[1], 10) : Number.parseInt(m[2]!, 16);
      if (!isXmlChar(cp)) throw new Failure(at + amp, `character reference ${m[0]} is not an XML character`);
      out += String.fromCodePoint(cp);
    }
    i = amp + m[0].length;
  }
  return out;
}

class Reader {
  private pos = 0;
  private readonly s: string;
  /** Elements opened and not yet closed, innermost last (a cut-off input is reported at the innermost). */
  private readonly open: { readonly qname: string; readonly at: number }[] = [];

  constructor(text: string) {
    this.s = text;
  }

  get offset(): number {
    return this.pos;
  }

  private fail(reason: string, at = this.pos): never {
    const inside = this.open[this.open.length - 1];
    if (this.pos >= this.s.length && inside !== undefined) {
      throw new Failure(inside.at, `the input ends inside <${inside.qname}> (truncated?)`);
    }
    throw new Failure(at, reason);
  }

  private startsWith(token: string): boolean {
    return this.s.startsWith(token, this.pos);
  }

  private skipSpace(): void {
    while (this.pos < this.s.length && ' \t\r\n'.includes(this.s[this.pos]!)) this.pos++;
  }

  private skipPast(terminator: string, what: string): void {
    const end = this.s.indexOf(terminator, this.pos);
    if (end < 0) {
      const at = this.pos;
      this.pos = this.s.length;
      this.fail(`unterminated ${what} (no '${terminator}')`, at);
    }
    this.pos = end + terminator.length;
  }

  private name(): string {
    NAME_RE.lastIndex = this.pos;
    const m = NAME_RE.exec(this.s);
    if (m === null) this.fail('a name expected');
    this.pos += m[0].length;
    return m[0];
  }

  /** Comments, processing instructions and white space before or after the root element. */
  private misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<?')) this.skipPast('?>', 'processing instruction');
      else if (this.startsWith('<!--')) this.skipPast('-->', 'comment');
      else if (this.startsWith('<!DOCTYPE') || this.startsWith('<!doctype')) {
        this.fail('a DOCTYPE (SpreadsheetML has none; refused so that no entity is ever expanded)');
      } else return;
    }
  }

  document(): XmlElement {
    if (this.s.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.misc();
    if (!this.startsWith('<'))
      this.fail(this.pos >= this.s.length ? 'the document is empty' : "'<' expected");
    const root = this.element(new Map([['xml', XML_NS]]), 0);
    this.misc();
    if (this.pos < this.s.length) this.fail('content after the root element');
    return root;
  }

  private attribute(): { name: string; value: string; at: number } {
    const at = this.pos;
    const name = this.name();
    this.skipSpace();
    if (this.s[this.pos] !== '=') this.fail(`'=' expected after attribute ${name}`);
    this.pos++;
    this.skipSpace();
    const quote = this.s[this.pos];
    if (quote !== '"' && quote !== "'") this.fail(`attribute ${name}: a quoted value expected`);
    const end = this.s.indexOf(quote, this.pos + 1);
    if (end < 0) {
      const at = this.pos;
      this.pos = this.s.length;
      this.fail(`attribute ${name}: unterminated value`, at);
    }
    const raw = this.s.slice(this.pos + 1, end);
    if (raw.includes('<')) this.fail(`attribute ${name}: '<' in a value`, this.pos + 1 + raw.indexOf('<'));
    const value = decode(raw, this.pos + 1);
    this.pos = end + 1;
    return { name, value, at };
  }

  private element(scope: ReadonlyMap<string, string>, depth: number): XmlElement {
    const at = this.pos;
    if (depth > MAX_DEPTH) this.fail(`elements nested deeper than ${MAX_DEPTH}`);
    this.pos++;
    const qname = this.name();
    this.open.push({ qname, at });
    const raw: { name: string; value: string; at: number }[] = [];
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      if (this.startsWith('/>') || this.startsWith('>')) break;
      if (this.pos === before) this.fail(`white space, '>' or '/>' expected in <${qname}>`);
      if (this.pos >= this.s.length) this.fail(`unterminated start tag <${qname}>`);
      raw.push(this.attribute());
    }
    const inner = new Map(scope);
    for (const a of raw) {
      if (a.name === 'xmlns') inner.set('', a.value);
      else if (a.name.startsWith('xmlns:')) inner.set(a.name.slice(6), a.value);
    }
    const resolve = (q: string, where: number, isAttr: boolean): { ns: string; local: string } => {
      const colon = q.indexOf(':');
      if (colon < 0) return { ns: isAttr ? '' : (inner.get('') ?? ''), local: q };
      const prefix = q.slice(0, colon);
      const ns = inner.get(prefix);
      if (ns === undefined) this.fail(`undeclared namespace prefix '${prefix}'`, where);
      return { ns, local: q.slice(colon + 1) };
    };
    const attrs = new Map<string, string>();
    for (const a of raw) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      const { ns, local } = resolve(a.name, a.at, true);
      const key = `${ns}|${local}`;
      if (attrs.has(key)) this.fail(`attribute ${a.name} repeated`, a.at);
      attrs.set(key, a.value);
    }
    const { ns, local } = resolve(qname, at + 1, false);
    if (this.startsWith('/>')) {
      this.pos += 2;
      this.open.pop();
      return { ns, local, attrs, children: [], at };
    }
    this.pos++;
    const children: (XmlElement | string)[] = [];
    for (;;) {
      if (this.pos >= this.s.length) this.fail(`<${qname}> is not closed`);
      if (this.startsWith('</')) {
        const closeAt = this.pos;
        this.pos += 2;
        const closing = this.name();
        if (closing !== qname) this.fail(`</${closing}> closes <${qname}>`, closeAt);
        this.skipSpace();
        if (this.s[this.pos] !== '>') this.fail(`'>' expected in </${closing}>`);
        this.pos++;
        this.open.pop();
        return { ns, local, attrs, children, at };
      }
      if (this.startsWith('<!--')) this.skipPast('-->', 'comment');
      else if (this.startsWith('<![CDATA[')) {
        const start = this.pos + 9;
        this.skipPast(']]>', 'CDATA section');
        children.push(this.s.slice(start, this.pos - 3));
      } else if (this.startsWith('<?')) this.skipPast('?>', 'processing instruction');
      else if (this.startsWith('<!')) this.fail('markup declarations are not allowed in content');
      else if (this.startsWith('<')) children.push(this.element(inner, depth + 1));
      else {
        const next = this.s.indexOf('<', this.pos);
        const end = next < 0 ? this.s.length : next;
        children.push(decode(this.s.slice(this.pos, end), this.pos));
        this.pos = end;
      }
    }
  }
}

function attr(e: XmlElement, local: string): string | undefined {
  // `ss:Name` is the documented form; an unprefixed `Name` under the default namespace is accepted too.
  return e.attrs.get(`${SPREADSHEET_NS}|${local}`) ?? e.attrs.get(`|${local}`);
}

function ssChildren(e: XmlElement, local: string): XmlElement[] {
  return e.children.filter(
    (c): c is XmlElement => typeof c !== 'string' && c.ns === SPREADSHEET_NS && c.local === local,
  );
}

function textOf(e: XmlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

function noStrayText(e: XmlElement): void {
  for (const c of e.children) {
    if (typeof c === 'string' && c.trim() !== '') {
      throw new Failure(e.at, `text ${JSON.stringify(c.trim().slice(0, 30))} directly inside <${e.local}>`);
    }
  }
}

function positiveIndex(e: XmlElement, name: string, after: number): number | undefined {
  const raw = attr(e, name);
  if (raw === undefined) return undefined;
  if (!/^[1-9][0-9]{0,6}$/.test(raw)) {
    throw new Failure(e.at, `ss:${name}="${raw}" on <${e.local}> is not a positive integer`);
  }
  const n = Number(raw);
  if (n <= after) {
    throw new Failure(e.at, `ss:${name}="${raw}" on <${e.local}> does not come after position ${after}`);
  }
  return n;
}

function cellOf(cell: XmlElement): SheetCell | null {
  noStrayText(cell);
  const data = ssChildren(cell, 'Data');
  if (data.length > 1) throw new Failure(data[1]!.at, 'a <Cell> with more than one <Data>');
  const d = data[0];
  if (d === undefined) return null;
  const type = attr(d, 'Type');
  if (type === undefined || !(CELL_TYPES as readonly string[]).includes(type)) {
    throw new Failure(
      d.at,
      `<Data> ss:Type ${type === undefined ? 'missing' : `"${type}"`}: expected one of ${CELL_TYPES.join(', ')}`,
    );
  }
  const text = textOf(d);
  const t = text.trim();
  // Excel writes formula cells without a cached value as an empty typed Data: no value, not a bad one.
  if (t === '' && type !== 'String') return null;
  if (type === 'Number' && !NUMBER_RE.test(t))
    throw new Failure(d.at, `Number cell "${text}" is not a number`);
  if (type === 'DateTime' && !DATETIME_RE.test(t)) {
    throw new Failure(d.at, `DateTime cell "${text}" is not YYYY-MM-DDTHH:MM:SS`);
  }
  if (type === 'Boolean' && t !== '0' && t !== '1')
    throw new Failure(d.at, `Boolean cell "${text}" is not 0 or 1`);
  return { type: type as CellType, text };
}

function worksheetOf(ws: XmlElement): Worksheet {
  const name = attr(ws, 'Name');
  if (name === undefined || name === '') throw new Failure(ws.at, '<Worksheet> without ss:Name');
  const tables = ssChildren(ws, 'Table');
  if (tables.length > 1) throw new Failure(tables[1]!.at, `worksheet "${name}" has more than one <Table>`);
  const rows: (SheetCell | null)[][] = [];
  const table = tables[0];
  if (table === undefined) return { name, rows };
  noStrayText(table);
  let rowIndex = 0;
  for (const row of ssChildren(table, 'Row')) {
    noStrayText(row);
    rowIndex = positiveIndex(row, 'Index', rowIndex) ?? rowIndex + 1;
    while (rows.length < rowIndex - 1) rows.push([]);
    const cells: (SheetCell | null)[] = [];
    let col = 0;
    for (const cell of ssChildren(row, 'Cell')) {
      col = positiveIndex(cell, 'Index', col) ?? col + 1;
      while (cells.length < col - 1) cells.push(null);
      cells.push(cellOf(cell));
      const merge = attr(cell, 'MergeAcross');
      if (merge !== undefined) {
        if (!/^[0-9]{1,6}$/.test(merge)) {
          throw new Failure(cell.at, `ss:MergeAcross="${merge}" is not a non-negative integer`);
        }
        col += Number(merge);
      }
    }
    rows.push(cells);
  }
  return { name, rows };
}

function lineAndColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: at - start + 1 };
}

/**
 * Parses a SpreadsheetML workbook (the whole text of the file). Never throws: a malformed document gives
 * `ok: false` with the line, column and reason.
 * @example parseSpreadsheetMl('<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><ss:Worksheet ss:Name="S"><ss:Table><ss:Row><ss:Cell ss:Index="2"><ss:Data ss:Type="Number">1.5</ss:Data></ss:Cell></ss:Row></ss:Table></ss:Worksheet></ss:Workbook>') // { ok: true, workbook: { worksheets: [{ name: 'S', rows: [[null, { type: 'Number', text: '1.5' }]] }] } }
 */
export function parseSpreadsheetMl(text: string): SpreadsheetMlResult {
  try {
    const root = new Reader(text).document();
    if (root.ns !== SPREADSHEET_NS || root.local !== 'Workbook') {
      throw new Failure(
        root.at,
        `the root element is <${root.local}>${root.ns === '' ? '' : ` in namespace ${root.ns}`}, not a SpreadsheetML <Workbook> (${SPREADSHEET_NS})`,
      );
    }
    noStrayText(root);
    return { ok: true, workbook: { worksheets: ssChildren(root, 'Worksheet').map(worksheetOf) } };
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    const { line, column } = lineAndColumn(text, error.at);
    return { ok: false, line, column, reason: error.reason, excerpt: text.slice(error.at, error.at + 60) };
  }
}
