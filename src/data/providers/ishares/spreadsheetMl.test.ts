import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSpreadsheetMl, type SpreadsheetMlResult, type Workbook } from './spreadsheetMl.js';

const NS = 'urn:schemas-microsoft-com:office:spreadsheet';

function ok(text: string): Workbook {
  const r = parseSpreadsheetMl(text);
  if (!r.ok) throw new Error(`expected a workbook, got ${JSON.stringify(r)} for ${text}`);
  return r.workbook;
}

function bad(text: string): Extract<SpreadsheetMlResult, { ok: false }> {
  const r = parseSpreadsheetMl(text);
  if (r.ok) throw new Error(`expected a failure for ${text}, got ${JSON.stringify(r.workbook)}`);
  return r;
}

/** A prefixed workbook (the iShares form) with one sheet whose Table holds `rows`. */
const prefixed = (rows: string, name = 'S'): string =>
  `<ss:Workbook xmlns:ss="${NS}"><ss:Worksheet ss:Name="${name}"><ss:Table>${rows}</ss:Table></ss:Worksheet></ss:Workbook>`;

describe('parseSpreadsheetMl: layout', () => {
  it('reads the default-namespace form Excel writes, with the declaration, PI, styles and options', () => {
    const text = `\uFEFF<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="${NS}" xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="${NS}" xmlns:html="http://www.w3.org/TR/REC-html40">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"><Author>x</Author></DocumentProperties>
 <Styles><Style ss:ID="Default" ss:Name="Normal"><Alignment ss:Vertical="Bottom"/></Style></Styles>
 <Worksheet ss:Name="Historical">
  <Table ss:ExpandedColumnCount="3" ss:ExpandedRowCount="2" x:FullColumns="1" x:FullRows="1">
   <Column ss:Width="80"/>
   <Row><Cell><Data ss:Type="String">As Of</Data></Cell><Cell><Data ss:Type="String">NAV per Share</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">2024-01-11T00:00:00.000</Data></Cell><Cell ss:StyleID="s1"><Data ss:Type="Number">26.39</Data></Cell></Row>
  </Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Selected/></WorksheetOptions>
 </Worksheet>
</Workbook>
`;
    expect(ok(text)).toEqual({
      worksheets: [
        {
          name: 'Historical',
          rows: [
            [
              { type: 'String', text: 'As Of' },
              { type: 'String', text: 'NAV per Share' },
            ],
            [
              { type: 'DateTime', text: '2024-01-11T00:00:00.000' },
              { type: 'Number', text: '26.39' },
            ],
          ],
        },
      ],
    });
  });

  it('places cells and rows after ss:Index skips, and after ss:MergeAcross spans', () => {
    const wb = ok(
      prefixed(
        '<ss:Row><ss:Cell ss:Index="3"><ss:Data ss:Type="Number">3</ss:Data></ss:Cell>' +
          '<ss:Cell><ss:Data ss:Type="Number">4</ss:Data></ss:Cell></ss:Row>' +
          '<ss:Row ss:Index="4"><ss:Cell ss:MergeAcross="2"><ss:Data ss:Type="String">A-C</ss:Data></ss:Cell>' +
          '<ss:Cell><ss:Data ss:Type="String">D</ss:Data></ss:Cell><ss:Cell ss:Index="6"/></ss:Row>',
      ),
    );
    const n = (t: string) => ({ type: 'Number', text: t });
    const s = (t: string) => ({ type: 'String', text: t });
    // Row 1: C1=3, D1=4; rows 2-3 absent; row 4: A4 spans A-C (B4, C4 empty), D4, F4 without Data.
    expect(wb.worksheets[0]!.rows).toEqual([
      [null, null, n('3'), n('4')],
      [],
      [],
      [s('A-C'), null, null, s('D'), null, null],
    ]);
  });

  it('decodes the predefined entities, character references and CDATA; keeps a bare & (the iShares quirk)', () => {
    const wb = ok(
      prefixed(
        '<ss:Row><ss:Cell><ss:Data ss:Type="String">R&amp;D &lt;1&gt; &quot;q&quot; &apos;a&apos; &#233;&#x20AC;</ss:Data></ss:Cell>' +
          '<ss:Cell><ss:Data ss:Type="String">see https://x.test/?a=1&b=2 & more &nbsp;</ss:Data></ss:Cell>' +
          '<ss:Cell><ss:Data ss:Type="String"><![CDATA[<b>&amp;</b>]]></ss:Data></ss:Cell></ss:Row>',
        'A&amp;B',
      ),
    );
    expect(wb.worksheets[0]!.name).toBe('A&B');
    expect(wb.worksheets[0]!.rows[0]!.map((c) => c?.text)).toEqual([
      'R&D <1> "q" \'a\' é€',
      'see https://x.test/?a=1&b=2 & more &nbsp;',
      '<b>&amp;</b>',
    ]);
  });

  it('concatenates the text of rich-text (HTML) formatting inside Data', () => {
    const wb = ok(
      `<Workbook xmlns="${NS}" xmlns:ss="${NS}"><Worksheet ss:Name="S"><Table><Row><Cell>` +
        '<ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>Bitcoin</B> <Font html:Color="#FF0000" xmlns:html="http://www.w3.org/TR/REC-html40">held</Font></ss:Data>' +
        '</Cell></Row></Table></Worksheet></Workbook>',
    );
    expect(wb.worksheets[0]!.rows[0]).toEqual([{ type: 'String', text: 'Bitcoin held' }]);
  });

  it('reads empty tables, self-closing worksheets, comments, and empty typed Data as an empty cell', () => {
    const wb = ok(
      `<!-- generated --><ss:Workbook xmlns:ss="${NS}"><ss:Worksheet ss:Name="Empty"/>` +
        '<ss:Worksheet ss:Name="NoRows"><ss:Table><!-- none --></ss:Table></ss:Worksheet>' +
        '<ss:Worksheet ss:Name="F"><ss:Table><ss:Row><ss:Cell ss:Formula="=1"><ss:Data ss:Type="Number"></ss:Data></ss:Cell>' +
        '<ss:Cell><ss:Data ss:Type="String"></ss:Data></ss:Cell></ss:Row></ss:Table></ss:Worksheet></ss:Workbook>',
    );
    expect(wb.worksheets).toEqual([
      { name: 'Empty', rows: [] },
      { name: 'NoRows', rows: [] },
      { name: 'F', rows: [[null, { type: 'String', text: '' }]] },
    ]);
  });

  it('round-trips any string through escaping (property)', () => {
    const escapeXml = (t: string): string =>
      t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    // Strings of XML characters (no control characters the format cannot carry), with no edge spaces
    // removed: String cells keep their text as is.
    const xmlText = fc.string({
      unit: fc.constantFrom('a', 'Z', '0', ' ', '&', '<', '>', '"', "'", ';', '#', 'é', '€', '\n'),
    });
    fc.assert(
      fc.property(xmlText, fc.integer({ min: 1, max: 40 }), (t, col) => {
        const wb = ok(
          prefixed(
            `<ss:Row><ss:Cell ss:Index="${col}"><ss:Data ss:Type="String">${escapeXml(t)}</ss:Data></ss:Cell></ss:Row>`,
          ),
        );
        const row = wb.worksheets[0]!.rows[0]!;
        return (
          row.length === col && row[col - 1]!.text === t && row.slice(0, col - 1).every((c) => c === null)
        );
      }),
    );
  });
});

describe('parseSpreadsheetMl: refusals name the line, column and reason', () => {
  const truncated = prefixed('<ss:Row><ss:Cell><ss:Data ss:Type="Number">1</ss:Data>').slice(0, 150);
  // [what, text, reason, where]: the error must point at the first occurrence of `where` (one-line inputs).
  const cases: [string, string, string, string][] = [
    ['empty input', '', 'the document is empty', ''],
    ['not XML', 'As Of,NAV', "'<' expected", 'As Of'],
    ['an HTML page', '<!DOCTYPE html><html></html>', 'a DOCTYPE', '<!DOCTYPE'],
    ['a foreign root', '<html><body/></html>', 'not a SpreadsheetML <Workbook>', '<html>'],
    ['truncated XML', truncated, 'the input ends inside <ss:Data> (truncated?)', '<ss:Data'],
    // Cut after '<ss:Cel': the partial tag is the innermost one.
    [
      'XML cut inside a tag',
      truncated.slice(0, 120),
      'the input ends inside <ss:Cel> (truncated?)',
      '<ss:Cel',
    ],
    ['mismatched tags', prefixed('<ss:Row><ss:Cell></ss:Row>'), '</ss:Row> closes <ss:Cell>', '</ss:Row>'],
    ['an undeclared prefix', '<ss:Workbook/>', "undeclared namespace prefix 'ss'", 'ss:Workbook'],
    ['an unquoted attribute', `<ss:Workbook xmlns:ss=${NS}/>`, 'a quoted value expected', 'urn:'],
    [
      'a repeated attribute',
      `<ss:Workbook xmlns:ss="${NS}" ss:a="1" ss:a="2"/>`,
      'attribute ss:a repeated',
      'ss:a="2"',
    ],
    [
      'a bad number',
      prefixed('<ss:Row><ss:Cell><ss:Data ss:Type="Number">1,234</ss:Data></ss:Cell></ss:Row>'),
      'Number cell "1,234" is not a number',
      '<ss:Data',
    ],
    [
      'a bad date',
      prefixed('<ss:Row><ss:Cell><ss:Data ss:Type="DateTime">Jan 11, 2024</ss:Data></ss:Cell></ss:Row>'),
      'is not YYYY-MM-DDTHH:MM:SS',
      '<ss:Data',
    ],
    [
      'an unknown type',
      prefixed('<ss:Row><ss:Cell><ss:Data ss:Type="Text">x</ss:Data></ss:Cell></ss:Row>'),
      'ss:Type "Text"',
      '<ss:Data',
    ],
    [
      'a missing type',
      prefixed('<ss:Row><ss:Cell><ss:Data>x</ss:Data></ss:Cell></ss:Row>'),
      'ss:Type missing',
      '<ss:Data',
    ],
    [
      'a backwards cell index',
      prefixed('<ss:Row><ss:Cell ss:Index="3"/><ss:Cell ss:Index="2"/></ss:Row>'),
      'ss:Index="2" on <Cell> does not come after position 3',
      '<ss:Cell ss:Index="2"',
    ],
    [
      'a zero row index',
      prefixed('<ss:Row ss:Index="0"/>'),
      'ss:Index="0" on <Row> is not a positive integer',
      '<ss:Row',
    ],
    [
      'two Data in a cell',
      prefixed(
        '<ss:Row><ss:Cell><ss:Data ss:Type="String">a</ss:Data><ss:Data ss:Type="String">b</ss:Data></ss:Cell></ss:Row>',
      ),
      'more than one <Data>',
      '<ss:Data ss:Type="String">b',
    ],
    [
      'text outside Data',
      prefixed('<ss:Row><ss:Cell>loose</ss:Cell></ss:Row>'),
      'text "loose" directly inside <Cell>',
      '<ss:Cell>',
    ],
    [
      'a worksheet without a name',
      `<ss:Workbook xmlns:ss="${NS}"><ss:Worksheet/></ss:Workbook>`,
      '<Worksheet> without ss:Name',
      '<ss:Worksheet',
    ],
    [
      'content after the root',
      `<ss:Workbook xmlns:ss="${NS}"/><x/>`,
      'content after the root element',
      '<x/>',
    ],
    [
      'a bad character reference',
      prefixed('<ss:Row><ss:Cell><ss:Data ss:Type="String">&#0;</ss:Data></ss:Cell></ss:Row>'),
      '&#0; is not an XML character',
      '&#0;',
    ],
  ];
  for (const [what, text, reason, where] of cases) {
    it(`refuses ${what}`, () => {
      const r = bad(text);
      const at = text.indexOf(where);
      expect(at, `marker ${where} in the input`).toBeGreaterThanOrEqual(0);
      expect({ line: r.line, column: r.column, excerpt: r.excerpt }, JSON.stringify(r)).toEqual({
        line: 1,
        column: at + 1,
        excerpt: text.slice(at, at + 60),
      });
      expect(r.reason, JSON.stringify(r)).toContain(reason);
    });
  }

  it('counts lines for the position (the third line here)', () => {
    const r = bad(`<ss:Workbook xmlns:ss="${NS}">\n<ss:Worksheet ss:Name="S">\n  <ss:Table></ss:Tabel>`);
    expect({ line: r.line, column: r.column, reason: r.reason }).toEqual({
      line: 3,
      column: 13,
      reason: '</ss:Tabel> closes <ss:Table>',
    });
    expect(r.excerpt).toBe('</ss:Tabel>');
  });
});
