import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { csvRecordLine, parseCsvRecord, readCsvHeader } from './csvText.js';
import { arrayElementOffsets, lineColumnAt } from './jsonRows.js';

const dir = mkdtempSync(join(tmpdir(), 'crashscope-csvtext-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function encodeField(f: string): string {
  return /[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f;
}

const field = fc.string({ unit: fc.constantFrom('a', 'é', ',', '"', '\n', ' '), maxLength: 5 });
// A record that is not an empty line: two or more fields, or one non-empty field.
const record = fc
  .array(field, { minLength: 1, maxLength: 4 })
  .filter((fields) => fields.length > 1 || fields[0] !== '');

describe('CSV text scanning (RFC 4180, blank lines skipped)', () => {
  it('parses quoted fields', () => {
    expect(parseCsvRecord('a,"b,c","d""e",')).toEqual(['a', 'b,c', 'd"e', '']);
  });

  it('finds the start line of every record and reads the header back', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(record, fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async (records, eol, bom) => {
          let text = bom ? '\uFEFF' : '';
          let line = 1;
          const starts: number[] = [];
          for (const [fields, blanks] of records) {
            text += eol.repeat(blanks);
            line += blanks;
            starts.push(line);
            const encoded = fields.map(encodeField).join(',');
            text += encoded + eol;
            line += (encoded.match(/\n/g) ?? []).length + 1;
          }
          const path = join(dir, `p${n++}.csv`);
          writeFileSync(path, text);
          for (const [i, start] of starts.entries())
            expect({ i, line: await csvRecordLine(path, i) }).toEqual({ i, line: start });
          expect(await csvRecordLine(path, starts.length)).toBeNull();
          expect(await readCsvHeader(path)).toEqual(records[0]![0]);
        },
      ),
      { numRuns: 60, seed: 11 },
    );
  });

  it('reports a file without records as having no header', async () => {
    const path = join(dir, 'blank.csv');
    writeFileSync(path, '\n\r\n');
    expect(await readCsvHeader(path)).toBeNull();
  });
});

describe('JSON positions', () => {
  it('finds array element starts, skipping strings and nesting', () => {
    const text = '[ {"a": "x,{]"}, [1, [2]],\n  3 , "s" ]';
    expect(arrayElementOffsets(text).map((o) => text[o])).toEqual(['{', '[', '3', '"']);
    expect(lineColumnAt(text, text.indexOf('3 ,'))).toEqual({ line: 2, column: 3 });
  });
});
