import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractNoteTerms, htmlToText, isValidCusip, parseLongDate } from './noteTerms.js';

const fixture = (name: string): string =>
  htmlToText(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

describe('htmlToText', () => {
  it('drops tags (cells and blocks become spaces), decodes entities, plain quotes and dashes', () => {
    expect(
      htmlToText(
        '<table><tr><td><p><b>Trigger Value:</b></p></td><td><p>$43.60,&#160;which is 60.00%&nbsp;of the Initial Value</p></td></tr></table>',
      ),
    ).toBe('Trigger Value: $43.60, which is 60.00% of the Initial Value');
    expect(htmlToText('<p>iShares<sup>&#174;</sup> &#8220;IBIT&#8221; &amp; &#x2014; it&rsquo;s</p>')).toBe(
      'iShares® "IBIT" & - it\'s',
    );
    expect(
      htmlToText(
        '<head><title>t</title></head><style>p{}</style><!-- x --><TD>Initial Level</TD><TD>:</TD><TD>$ 58.44</TD>',
      ),
    ).toBe('Initial Level: $58.44');
  });
});

describe('parseLongDate', () => {
  const table: [string, string | undefined][] = [
    ['November 21, 2025', '2025-11-21'],
    ['Nov. 21, 2025', '2025-11-21'],
    ['Sept. 5, 2025', '2025-09-05'],
    ['May 1 , 2026', '2026-05-01'],
    ['February 30, 2026', undefined],
    ['Novembre 21, 2025', undefined],
    ['21 November 2025', undefined],
  ];
  for (const [text, iso] of table) it(`${text} -> ${iso}`, () => expect(parseLongDate(text)).toBe(iso));
});

describe('isValidCusip', () => {
  it('accepts published CUSIPs and refuses a wrong check digit', () => {
    // Apple 037833100, Microsoft 594918104, Alphabet (former Google class A) 38259P508, JPMorgan 46625H100.
    for (const c of ['037833100', '594918104', '38259P508', '46625H100'])
      expect(isValidCusip(c), c).toBe(true);
    for (const c of ['037833101', '594918105', '38259P509', '46625H10', 'ABCDEFGHI'])
      expect(isValidCusip(c), c).toBe(false);
  });
});

describe('extractNoteTerms on the constructed pricing supplements (values read off the fixtures)', () => {
  it('JPMorgan auto callable: trigger value, initial value in prose, size in the title, final monitoring', () => {
    expect(extractNoteTerms(fixture('jpm-autocall-trigger-final.htm'))).toEqual({
      cusip: '48136HQW1',
      pricingDate: '2025-11-21',
      initialLevel: 72.67,
      barrierPct: 0.6,
      barrierLevel: 43.6,
      barrierMonitoring: 'final',
      autocallPct: 1,
      couponPct: 0.1425,
      maturity: '2030-11-26',
      notionalUsd: 2_150_000,
      preliminary: false,
      inconsistent: false,
      warnings: [],
    });
  });

  it('Barclays: knock-in level observed on any trading day, aggregate principal amount', () => {
    expect(extractNoteTerms(fixture('barclays-knock-in-daily.htm'))).toEqual({
      cusip: '06745QAB5',
      pricingDate: '2025-11-14',
      initialLevel: 64.5,
      barrierPct: 0.6,
      barrierLevel: 38.7,
      barrierMonitoring: 'daily',
      maturity: '2027-11-19',
      notionalUsd: 3_000_000,
      preliminary: false,
      inconsistent: false,
      warnings: [],
    });
  });

  it('UBS: downside threshold as a percentage then a price, on the Final Valuation Date, Trade Date', () => {
    expect(extractNoteTerms(fixture('ubs-downside-threshold-final.htm'))).toEqual({
      cusip: '90308VAB7',
      pricingDate: '2025-12-01',
      initialLevel: 58.44,
      barrierPct: 0.7,
      barrierLevel: 40.91,
      barrierMonitoring: 'final',
      autocallPct: 1,
      couponPct: 0.125,
      maturity: '2028-12-04',
      notionalUsd: 1_250_000,
      preliminary: false,
      inconsistent: false,
      warnings: [],
    });
  });

  it('a preliminary supplement: what is stated is read, what is missing is a warning, nothing is guessed', () => {
    expect(extractNoteTerms(fixture('jpm-preliminary-incomplete.htm'))).toEqual({
      pricingDate: '2026-01-13',
      barrierPct: 0.6,
      barrierMonitoring: 'final',
      maturity: '2031-01-16',
      preliminary: true,
      inconsistent: false,
      warnings: [
        'preliminary pricing supplement: the terms are not final',
        'no CUSIP with a valid check digit found',
        'initial_level not stated as a price after "Initial Value:"',
        'barrier_level not stated after "Trigger Value:"',
        'notional_usd not found (aggregate principal amount)',
      ],
    });
  });
});

describe('extractNoteTerms: phrasings, one term at a time', () => {
  const base = 'Initial Value: $72.67 Pricing Date: November 21, 2025 Maturity Date: November 26, 2030';

  it('reads the barrier whichever way it is phrased, and never an interest or coupon barrier', () => {
    const table: [string, number | undefined, number | undefined][] = [
      ['Trigger Value: $43.60, which is 60.00% of the Initial Value', 0.6, 43.6],
      ['Downside Threshold: 60% of the Initial Value, or $43.60', 0.6, 43.6],
      ['Knock-In Level: $43.60 (60.00% of the Initial Value)', 0.6, 43.6],
      ['Barrier Level: $36.335, equal to 50% of the Starting Value', 0.5, 36.335],
      ['Trigger Price: $43.60, which is 60.00% of the Strike Value', 0.6, 43.6],
      ['Interest Barrier: $50.87, which is 70.00% of the Initial Value', undefined, undefined],
      ['Coupon Barrier Level: $50.87, which is 70.00% of the Initial Value', undefined, undefined],
    ];
    for (const [phrase, pct, level] of table) {
      const t = extractNoteTerms(`${base} ${phrase}. Other Term: x`);
      expect([phrase, t.barrierPct, t.barrierLevel]).toEqual([phrase, pct, level]);
    }
  });

  it('tells daily from final monitoring from the sentences that name the barrier', () => {
    const barrier = 'Trigger Value: $43.60, which is 60.00% of the Initial Value.';
    const table: [string, 'daily' | 'final' | undefined][] = [
      [
        'A Trigger Event occurs if the closing price on any trading day is less than the Trigger Value.',
        'daily',
      ],
      [
        'You lose if the closing price of the Fund is below the Trigger Value on any scheduled trading day.',
        'daily',
      ],
      ['You lose if the closing price is less than the Trigger Value on the Final Valuation Date.', 'final'],
      ['If the Final Value is less than the Trigger Value, you lose 1% for every 1%.', 'final'],
      ['The Trigger Value is subject to adjustment.', undefined],
      // "on any trading day" in a sentence that does not name the barrier says nothing about it.
      [
        'Payments are due on any trading day after settlement. If the Final Value is less than the Trigger Value, you lose.',
        'final',
      ],
    ];
    for (const [sentence, expected] of table) {
      const t = extractNoteTerms(`${base} ${barrier} ${sentence}`);
      expect([sentence, t.barrierMonitoring]).toEqual([sentence, expected]);
    }
    expect(extractNoteTerms(`${base} ${barrier} The Trigger Value is fixed.`).warnings).toContain(
      'barrier_monitoring not found (neither "on any trading day" nor "on the Final Valuation Date" near the barrier)',
    );
  });

  it('flags a barrier level that is not its percentage of the initial level, and suggests but does not fill a missing one', () => {
    const wrong = extractNoteTerms(`${base} Trigger Value: $45.00, which is 60.00% of the Initial Value.`);
    expect(wrong.inconsistent).toBe(true);
    expect(wrong.warnings).toContain(
      'barrier_level 45 is not barrier_pct 0.6 of initial_level 72.67 (43.602)',
    );
    const noLevel = extractNoteTerms(`${base} Trigger Value: 60.00% of the Initial Value.`);
    expect(noLevel.barrierLevel).toBeUndefined();
    expect(noLevel.warnings).toContain(
      'barrier_level not stated after "Trigger Value:" (barrier_pct x initial_level = 43.602; not filled in)',
    );
  });

  it('takes the maturity from the title only when no Maturity Date term exists, and says so', () => {
    const t = extractNoteTerms('$1,000,000 Notes Linked to the Fund due March 3, 2028 Initial Value: $10');
    expect(t.maturity).toBe('2028-03-03');
    expect(t.warnings).toContain(
      'maturity 2028-03-03 taken from the title ("due ..."), not from a Maturity Date term',
    );
    expect(t.notionalUsd).toBe(1_000_000);
  });

  it('skips a CUSIP-looking string whose check digit is wrong', () => {
    const t = extractNoteTerms(`${base} CUSIP: 48136HQW2 ... CUSIP No.: 48136HQW1`);
    expect(t.cusip).toBe('48136HQW1');
    expect(extractNoteTerms(`${base} CUSIP: 48136HQW2`).cusip).toBeUndefined();
  });

  it('does not take "$1,000 principal amount note" for the size of the offering', () => {
    const t = extractNoteTerms(`${base} for each $1,000 principal amount note`);
    expect(t.notionalUsd).toBeUndefined();
  });

  it('property: any initial level and barrier percentage written the JPMorgan way are read back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 200_000 }), fc.integer({ min: 10, max: 150 }), (cents, pct) => {
        const initial = cents / 100;
        const level = Math.round(initial * pct) / 100;
        const text = `Initial Value: The closing price of one share of the Fund on the Pricing Date, which was $${initial.toFixed(2)} Trigger Value: $${level.toFixed(2)}, which is ${pct}.00% of the Initial Value`;
        const t = extractNoteTerms(text);
        return t.initialLevel === initial && t.barrierLevel === level && t.barrierPct === pct / 100;
      }),
      { numRuns: 200 },
    );
  });
});
