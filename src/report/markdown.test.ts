import { describe, expect, it } from 'vitest';
import type { ChartRef } from './doc.js';
import { escapeMarkdown, linkifyMarkdown, RECONSTRUCTED_TAG, renderMarkdown } from './markdown.js';
import { sampleDoc } from './testkit/sample.js';

function fakeChart(id: string, reconstructed: boolean): ChartRef {
  return {
    id,
    title: `Chart ${id}`,
    spec: {},
    sourceNote: 'Source: https://x.org/a_b, tracker',
    reconstructed,
  };
}
const doc = sampleDoc([fakeChart('a', false), fakeChart('b', true), fakeChart('c', false)]);
const md = renderMarkdown(doc, new Map([['a', 'charts/a.svg']]));
const lines = md.split('\n');

describe('escapeMarkdown', () => {
  it.each([
    ['a_b *c* <d> [e]', 'a\\_b \\*c\\* \\<d\\> \\[e\\]'],
    ['x | y', 'x \\| y'],
    ['# not a heading', '\\# not a heading'],
    ['two\nlines', 'two lines'],
    ['back\\slash `code`', 'back\\\\slash \\`code\\`'],
  ])('escapeMarkdown(%j) = %j', (a, b) => expect(escapeMarkdown(a)).toBe(b));

  it('turns URLs into autolinks without escaping them', () => {
    expect(linkifyMarkdown('see https://x.org/a_b. and *this*')).toBe(
      'see <https://x.org/a_b>. and \\*this\\*',
    );
  });
});

describe('renderMarkdown', () => {
  it('starts with the title and the reconstructed banner', () => {
    expect(lines[0]).toBe(`# ${escapeMarkdown(doc.title)}`);
    expect(md).toContain(`> **RECONSTRUCTED DATA** ${RECONSTRUCTED_TAG}: Some inputs are RECONSTRUCTED`);
    expect(renderMarkdown({ ...doc, reconstructedBanner: null }, new Map())).not.toContain(
      '> **RECONSTRUCTED DATA**',
    );
  });

  it('quotes data warnings under the title, one list item each, and nothing when there are none', () => {
    expect(md).not.toContain('DATA WARNINGS');
    const warned = renderMarkdown({ ...doc, dataWarnings: ['a *b*', 'c'] }, new Map()).split('\n');
    const at = warned.indexOf('> **DATA WARNINGS**');
    expect(at).toBeGreaterThan(0);
    expect(warned.slice(at, at + 4)).toEqual(['> **DATA WARNINGS**', '>', '> - a \\*b\\*', '> - c']);
    expect(at).toBeLessThan(warned.findIndex((l) => l.startsWith('Event: ')));
  });

  it('has a scorecard table with one row per hypothesis, before the sections', () => {
    const head = lines.indexOf('| # | Hypothesis | Verdict | Confidence | Why |');
    expect(head).toBeGreaterThan(0);
    expect(lines[head + 1]).toBe('| --- | --- | --- | ---: | --- |');
    const body = lines.slice(head + 2);
    const rows = body.slice(
      0,
      body.findIndex((l) => !l.startsWith('| H')),
    );
    expect(rows).toHaveLength(7);
    expect(rows[0]).toMatch(
      /^\| H1 \| Catalyst: .* `\[RECONSTRUCTED\]` \| \*\*SUPPORTED\*\* \| 78% \| 3 of 3 rules support \|$/,
    );
    expect(head).toBeLessThan(lines.findIndex((l) => l.startsWith('## 1. ')));
  });

  it('escapes data in evidence tables so cells cannot break the table', () => {
    expect(md).toContain(
      '| H1.b | share\\_of\\_flow \\< expected & "paper" | -0.42 vs \\< 0 | 1 | illustration (supports, not counted) | `[RECONSTRUCTED]` |',
    );
  });

  it('tags reconstructed sections, numbers and charts', () => {
    expect(md).toContain(`## 1. ETF and option volume ${RECONSTRUCTED_TAG}`);
    expect(md).toContain('## 3. Cross-asset & stress\n');
    expect(md).toContain(`| Modelled put share | *55.0%* | ${RECONSTRUCTED_TAG} |`);
    expect(md).toContain(`*Chart b* ${RECONSTRUCTED_TAG}. Source: <https://x.org/a_b>, tracker`);
  });

  it('links charts to their SVG files (given path, default charts/<id>.svg)', () => {
    expect(md).toContain('![Chart a](charts/a.svg)');
    expect(md).toContain('![Chart c](charts/c.svg)');
  });

  it('right-aligns numeric table columns and keeps the escaped summary', () => {
    expect(md).toContain('| Date | 30d | 60d | 90d | 120d |\n| --- | ---: | ---: | ---: | ---: |');
    expect(md).toContain('(\\<script\\>alert(1)\\</script\\> & "quotes" stay text)');
  });
});

describe('collapsed tables (the published-figures appendix)', () => {
  it('get their own heading so the groups read as a list of topics; other tables a bold title', () => {
    const s = doc.sections[0];
    const grouped = {
      ...doc,
      sections: [
        {
          ...s,
          tables: [
            { title: 'Liquidations: 2 of 3 conflicting', columns: ['a'], rows: [['1']], collapsed: true },
            { title: 'Open table', columns: ['b'], rows: [['2']] },
          ],
        },
      ],
    };
    const out = renderMarkdown(grouped, new Map()).split('\n');
    expect(out).toContain('### Liquidations: 2 of 3 conflicting');
    expect(out).toContain('**Open table**');
  });
});
