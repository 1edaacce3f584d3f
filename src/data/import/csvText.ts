/**
 * The two things about a CSV file that JS does itself (DuckDB reads the rows): the header record, and
 * the physical line on which a given record starts, for error messages. Both follow RFC 4180 (comma,
 * double quotes, "" inside quotes) and skip empty lines the way DuckDB's reader does, so a record index
 * from DuckDB maps to the line a user sees in an editor. Scanning is byte-wise: the bytes of a multi-byte
 * UTF-8 character never equal '"', '\n' or '\r'.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

const QUOTE = 0x22;
/** Bytes of the UTF-8 byte-order mark, which some editors write first. */
const BOM = [0xef, 0xbb, 0xbf];
const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits one CSV record (without its line ending) into fields.
 * @example parseCsvRecord('a,"b,c","d""e"') // ['a', 'b,c', 'd"e']
 */
export function parseCsvRecord(record: string): string[] {
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < record.length; i++) {
    const ch = record[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (record[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else field += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * The header record of a CSV file (BOM removed), or null when the file has no non-empty line.
 * Reads only as far as the end of the header.
 * @example await readCsvHeader('etf_daily.csv') // ['date', 'ticker', 'close', ...]
 */
export async function readCsvHeader(path: string): Promise<string[] | null> {
  const handle = await open(path, 'r');
  try {
    const chunk = Buffer.alloc(64 * 1024);
    const parts: Buffer[] = [];
    let inQuotes = false;
    let content = false;
    let first = true;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      let end = -1;
      const skip = first && BOM.every((b, i) => chunk[i] === b) ? BOM.length : 0;
      first = false;
      for (let i = skip; i < bytesRead; i++) {
        const b = chunk[i]!;
        if (b === QUOTE) inQuotes = !inQuotes;
        if (!inQuotes && b === LF) {
          if (content) {
            end = i;
            break;
          }
          continue;
        }
        if (b !== CR && b !== LF) content = true;
      }
      parts.push(Buffer.from(chunk.subarray(skip, end >= 0 ? end : bytesRead)));
      if (end >= 0) break;
    }
    const text = Buffer.concat(parts)
      .toString('utf8')
      .replace(/^[\r\n]+/, '')
      .replace(/\r$/, '');
    return text.length === 0 ? null : parseCsvRecord(text);
  } finally {
    await handle.close();
  }
}

/**
 * The 1-based physical line on which record `index` starts (record 0 is the header), or null when the
 * file has fewer records. Empty lines are not records; a quoted field may span lines.
 * @example await csvRecordLine('a.csv', 1) // 2 for "h\nx\n"
 */
export async function csvRecordLine(path: string, index: number): Promise<number | null> {
  let line = 1;
  let start = 1;
  let content = false;
  let inQuotes = false;
  let record = 0;
  let first = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    const skip = first && BOM.every((b, i) => buf[i] === b) ? BOM.length : 0;
    first = false;
    for (let i = skip; i < buf.length; i++) {
      const b = buf[i]!;
      if (b === LF) {
        if (!inQuotes) {
          if (content) {
            if (record === index) return start;
            record++;
          }
          content = false;
          start = line + 1;
        }
        line++;
      } else if (b !== CR) {
        if (b === QUOTE) inQuotes = !inQuotes;
        content = true;
      }
    }
  }
  return content && record === index ? start : null;
}
