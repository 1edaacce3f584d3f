/**
 * Finds units printed twice in report text (issue 9: "$10.4B", "1.30×", "58.0%" — not "$10.4B USD",
 * "1.30x x", "58.0% decimal"): a formatted number whose display already carries its unit, followed by the
 * unit's name, or a unit word repeated. Used by the report audit tests on report.md, report.html and the
 * terminal scorecard.
 */

const PATTERNS: readonly { readonly name: string; readonly re: RegExp }[] = [
  // "$10.4B USD", "$230M (USD)" — a dollar figure followed by the currency.
  {
    name: 'dollar figure then USD',
    re: /\$\s?[\d.,]+\s?[KMBTkmbt]?n?\*?\)?\s*\(?USD\b(?!\s*(bn|mn|tn|\/))/g,
  },
  // "1.30x x", "2.1x ×", "1.30× x".
  { name: 'multiple then x', re: /\d(?:[.,]\d+)?\s?[x×]\*?\s+[x×](?![\w])/g },
  // "58.0% decimal", "12% percent", "5% probability", "3% %".
  {
    name: 'percent then a unit name',
    re: /\d(?:[.,]\d+)?\s?%\*?\s+(?:decimal|percent|probability|fraction|%)(?![\w])/g,
  },
  // "USD USD", "sigma sigma", "shares shares", ...
  {
    name: 'repeated unit word',
    re: /\b(USD|BTC|shares|contracts|sigma|points|hours|days|count|rank|bps|bp|pp)\*?\s+\1\b/g,
  },
];

export interface DoubledUnit {
  readonly pattern: string;
  /** The match with up to 40 characters of context each side. */
  readonly context: string;
}

/**
 * Every place in `text` where a unit is printed twice.
 * @example doubledUnits('traded $10.4B USD').length // 1
 * @example doubledUnits('traded $10.4B and 1.30x').length // 0
 */
export function doubledUnits(text: string): DoubledUnit[] {
  const out: DoubledUnit[] = [];
  for (const p of PATTERNS) {
    for (const m of text.matchAll(p.re)) {
      const i = m.index ?? 0;
      out.push({
        pattern: p.name,
        context: text.slice(Math.max(0, i - 40), i + m[0].length + 40).replace(/\s+/g, ' '),
      });
    }
  }
  return out;
}
