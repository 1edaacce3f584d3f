/**
 * JSON input: an array of objects, or JSON lines (one object per line, blank lines ignored). Rows are
 * few enough to check in JS, so each is validated with the model's zod schema (which names the field and
 * the expected value) before it reaches the store. JSON lines are streamed; an array is parsed whole.
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { DataError } from '../../errors.js';
import type { Location } from './location.js';

/** One parsed JSON row and where it came from. */
export interface JsonRow {
  readonly value: unknown;
  readonly location: Location;
}

/**
 * 'array' when the first non-space character is '[', else 'lines'.
 * @example await jsonLayout('rows.json') // 'array'
 */
export async function jsonLayout(path: string): Promise<'array' | 'lines'> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4096);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return 'lines';
      const text = buf
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '');
      const m = /\S/.exec(text);
      if (m) return m[0] === '[' ? 'array' : 'lines';
    }
  } finally {
    await handle.close();
  }
}

/**
 * 1-based line and column of a character offset.
 * @example lineColumnAt('a\nbc', 3) // { line: 2, column: 2 }
 */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Character offsets at which the elements of a top-level JSON array start (strings and nesting skipped).
 * @example arrayElementOffsets('[{"a":1}, {"b":[2]}]') // [1, 10]
 */
export function arrayElementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectElement && !/\s/.test(ch) && ch !== ']') {
      offsets.push(i);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectElement = true;
  }
  return offsets;
}

function syntaxError(
  file: string,
  error: unknown,
  where: string,
  details: Record<string, unknown>,
): DataError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DataError('bad_json', `${file} ${where}: not valid JSON (${reason})`, {
    cause: error,
    details: { file, ...details },
  });
}

/** Rows of a JSON file and a way to locate row `index` (0-based, in file order) afterwards. */
export interface JsonInput {
  readonly rows: AsyncIterable<JsonRow>;
  /** Location of row `index`; valid for rows already read. */
  locate(index: number): Location;
}

async function arrayInput(path: string, file: string): Promise<JsonInput> {
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const pos = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const at = pos ? lineColumnAt(text, Number(pos[1])) : null;
    throw syntaxError(file, error, at ? `line ${at.line}, column ${at.column}` : '', at ?? {});
  }
  if (!Array.isArray(parsed)) {
    throw new DataError('bad_json', `${file}: expected an array of objects or JSON lines`, {
      details: { file },
    });
  }
  const values: unknown[] = parsed;
  let offsets: number[] | null = null;
  const locate = (index: number): Location => {
    offsets ??= arrayElementOffsets(text);
    const offset = offsets[index];
    return {
      kind: 'element',
      element: index + 1,
      line: offset === undefined ? 1 : lineColumnAt(text, offset).line,
    };
  };
  async function* rows(): AsyncGenerator<JsonRow> {
    for (let i = 0; i < values.length; i++) {
      yield {
        value: values[i],
        get location(): Location {
          return locate(i);
        },
      };
    }
  }
  return { rows: rows(), locate };
}

function linesInput(path: string, file: string): JsonInput {
  const lineOf: number[] = [];
  async function* rows(): AsyncGenerator<JsonRow> {
    const lines = createInterface({
      input: createReadStream(path, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });
    let n = 0;
    for await (const raw of lines) {
      n++;
      const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw syntaxError(file, error, `line ${n}`, { line: n });
      }
      lineOf.push(n);
      yield { value, location: { kind: 'line', line: n } };
    }
  }
  return { rows: rows(), locate: (index) => ({ kind: 'line', line: lineOf[index] ?? 0 }) };
}

/**
 * Opens a JSON file (array or JSON lines) for reading rows in file order. `file` names the file in
 * messages. Invalid JSON throws DataError naming the line (and column for arrays).
 * @example for await (const { value, location } of (await readJsonRows(p, 'x.jsonl')).rows) // location: { kind: 'line', line: 1 }
 */
export async function readJsonRows(path: string, file: string): Promise<JsonInput> {
  return (await jsonLayout(path)) === 'array' ? arrayInput(path, file) : linesInput(path, file);
}
