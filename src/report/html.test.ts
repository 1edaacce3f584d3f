import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChartRef, ReportDoc } from './doc.js';
import { escapeHtml, inlineSvg, linkify, renderHtml, slug } from './html.js';
import { sampleDoc } from './testkit/sample.js';

function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="700" height="300">' +
  '<defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)"><text>a &amp; b</text></g></svg>';

function fakeChart(id: string, reconstructed: boolean): ChartRef {
  return {
    id,
    title: `Chart ${id} <b>`,
    spec: {},
    sourceNote: 'Sources: https://www.ishares.com/us/products/333011/. & tracker "X"',
    reconstructed,
  };
}

function doc(): ReportDoc {
  return sampleDoc([
    fakeChart('a', false),
    fakeChart('b', true),
    fakeChart('c', false),
    fakeChart('d', true),
  ]);
}

describe('escapeHtml', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['R&D "quoted" \'single\'', 'R&amp;D &quot;quoted&quot; &#39;single&#39;'],
    ['&amp;', '&amp;amp;'],
    ['plain', 'plain'],
  ])('escapeHtml(%j) = %j', (a, b) => expect(escapeHtml(a)).toBe(b));

  it('leaves no markup characters and round-trips', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const e = escapeHtml(s);
        expect(e).not.toMatch(/[<>"']/);
        expect(unescapeHtml(e)).toBe(s);
      }),
    );
  });
});

describe('linkify', () => {
  it('links URLs, escapes the rest and leaves trailing punctuation outside', () => {
    expect(linkify('see https://x.org/a?b=1&c=<2>. <b>')).toBe(
      'see <a href="https://x.org/a?b=1&amp;c=" rel="noopener noreferrer">https://x.org/a?b=1&amp;c=</a>&lt;2&gt;. &lt;b&gt;',
    );
    expect(linkify('no links & "quotes"')).toBe('no links &amp; &quot;quotes&quot;');
    expect(linkify('javascript:alert(1)')).toBe('javascript:alert(1)');
  });
});

describe('inlineSvg', () => {
  it('drops namespaces, prefixes ids and references, labels the root', () => {
    expect(inlineSvg(SVG, 'p', 'T "x"')).toBe(
      '<svg role="img" aria-label="T &quot;x&quot;" width="700" height="300"><defs><clipPath id="p-clip1"><rect/></clipPath></defs>' +
        '<g clip-path="url(#p-clip1)"><text>a &amp; b</text></g></svg>',
    );
  });

  it('slug makes fragment ids', () => {
    expect(slug('Cross-asset & stress')).toBe('cross-asset-stress');
    expect(slug('<<>>')).toBe('x');
  });
});

describe('renderHtml', () => {
  const d = doc();
  const svgs = new Map(['a', 'b', 'c', 'd'].map((id) => [id, SVG]));
  const html = renderHtml(d, svgs);

  it('is one self-contained document: no scripts, style sheets, images, fonts or remote CSS', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const bad of [
      /<script/i,
      /<link/i,
      /<img/i,
      /<iframe/i,
      /<object/i,
      /@import/i,
      /url\(\s*['"]?https?:/i,
      /\ssrc=/i,
      /srcset=/i,
      /@font-face/i,
    ]) {
      expect(html, String(bad)).not.toMatch(bad);
    }
  });

  it('has http(s) URLs only inside links to sources', () => {
    const withoutLinks = html.replace(/<a href="https?:\/\/[^"]*" rel="noopener noreferrer">[^<]*<\/a>/g, '');
    expect(withoutLinks).not.toMatch(/https?:\/\//);
    expect(html).toContain(
      '<a href="https://www.ishares.com/us/products/333011/" rel="noopener noreferrer">',
    );
  });

  it('escapes every text field (summary with a script tag, titles, quotes)', () => {
    expect(html).toContain('(&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; stay text)');
    expect(html).toContain('Chart a &lt;b&gt;');
    expect(html).toContain('share_of_flow &lt; expected &amp; &quot;paper&quot;');
    expect(html).not.toContain('<b>');
  });

  it('lists data warnings in their own banner, escaped, and none when there are none', () => {
    expect(html).not.toContain('id="data-warnings"');
    const warned = renderHtml(
      {
        ...d,
        dataWarnings: [
          'shifted:BTC-USD 1d looks mis-stamped: its closes match binance:BTCUSDT 1h at 00:00Z of the next day; import it with --day-stamp utc-open <script>',
          'second',
        ],
      },
      svgs,
    );
    expect(warned).toMatch(
      /<div class="banner warn" id="data-warnings" role="alert"><div class="wrap"><strong>DATA WARNINGS<\/strong><ul><li>shifted:BTC-USD 1d looks mis-stamped: .*utc-open &lt;script&gt;<\/li><li>second<\/li><\/ul>/,
    );
    expect(warned.indexOf('id="data-warnings"')).toBeLessThan(warned.indexOf('<main'));
  });

  it('shows the banner when there is one and not otherwise', () => {
    expect(html).toMatch(/<div class="banner" id="reconstructed-banner" role="note">.*RECONSTRUCTED DATA/);
    const none = renderHtml({ ...d, reconstructedBanner: null }, svgs);
    expect(none).not.toContain('id="reconstructed-banner"');
  });

  it('puts the scorecard first with one row per hypothesis and coloured verdict chips', () => {
    const score = html.indexOf('id="scorecard"');
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(html.indexOf('class="report-section'));
    expect(html.match(/<tr class="hyp-row">/g)).toHaveLength(7);
    expect(html.match(/<span class="chip supported">supported<\/span>/g)?.length).toBe(2 * 4);
    expect(html).toContain('<span class="chip contradicted">contradicted</span>');
    expect(html).toContain('<span class="chip inconclusive">inconclusive</span>');
    expect(html).toContain('aria-valuenow="78"');
    expect(html).toContain('4 supported</span> <span class="tally inconclusive">2 inconclusive');
  });

  it('marks reconstructed sections, numbers, evidence and charts, and only those', () => {
    const sections = html.split('<section class="report-section').slice(1);
    expect(sections).toHaveLength(5);
    // Sample: sections with chart b or d (reconstructed) are 0 and 1.
    expect(sections[0].startsWith(' rec"')).toBe(true);
    expect(sections[2].startsWith('"')).toBe(true);
    expect(sections[2]).not.toContain('badge rec');
    expect(sections[0]).toContain('<span class="val rec-val">55.0%</span>');
    expect(html).toMatch(/<figure class="chart rec" id="fig-b"/);
    expect(html).toMatch(/<figure class="chart" id="fig-a"/);
    expect(html).toContain('<strong class="rec-text">140 reconstructed</strong>');
  });

  it('right-aligns numeric columns but not dates or text', () => {
    expect(html).toContain('<th class="num" scope="col">30d</th>');
    expect(html).toContain('<td class="num">9.0%</td>');
    expect(html).toContain('<th scope="col">Date</th>');
    expect(html).toContain('<td>2026-02-06</td>');
  });

  it('inlines each chart with ids unique across the page, and every fragment link has a target', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of html.matchAll(/href="#([^"]+)"|url\(#([^)]+)\)/g)) {
      expect(ids, m[0]).toContain(m[1] ?? m[2]);
    }
    expect(html.match(/<svg role="img"/g)).toHaveLength(4);
  });

  it('shows a placeholder for a chart that was not rendered', () => {
    const partial = renderHtml(d, new Map([['a', SVG]]));
    expect(partial).toContain('Chart “Chart b &lt;b&gt;” was not rendered.');
  });

  it('has a table of contents linking every section and print styles', () => {
    for (const s of d.sections) expect(html).toContain(`href="#sec-${slug(s.id)}"`);
    expect(html).toContain('@media print');
  });
});

describe('collapsed tables (the published-figures appendix)', () => {
  it('sit in a closed <details> whose summary is the title; other tables stay open', () => {
    const d = doc();
    const s = d.sections[0];
    const grouped: ReportDoc = {
      ...d,
      sections: [
        {
          ...s,
          tables: [
            { title: 'Liquidations: 2 of 3 conflicting', columns: ['a'], rows: [['1']], collapsed: true },
            { title: 'Open table', columns: ['b'], rows: [['2']] },
          ],
        },
        ...d.sections.slice(1),
      ],
    };
    const html = renderHtml(grouped, new Map());
    expect(html).toContain(
      '<details class="table-group"><summary>Liquidations: 2 of 3 conflicting</summary><div class="table-wrap">',
    );
    expect(html).not.toMatch(/<details[^>]*\bopen\b/);
    expect(html).not.toMatch(/<details class="table-group"><summary>Open table/);
    expect(html).toContain('<caption>Open table</caption>');
  });
});
