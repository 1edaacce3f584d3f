/**
 * Terms of a structured note read off the text of its pricing supplement (SEC form 424B2) by patterns
 * (pure). Heuristics, so every term not found, and every cross-check that fails, is reported as a warning
 * for the person who confirms the draft; nothing is guessed or computed into a term.
 *
 * The patterns follow how issuers write the "Key Terms" of these supplements (e.g. JPMorgan's notes linked
 * to the iShares Bitcoin Trust ETF: "Trigger Value: $35.399, which is 70.00% of the Initial Value",
 * "Initial Value: The closing price of one share of the Fund on the Pricing Date, which was $50.57",
 * "Pricing Date: ...", "Maturity Date: ...", "CUSIP: ..."; other issuers' "Downside Threshold Level",
 * "Knock-In Level", "Initial Level", "Trade Date", "Aggregate Principal Amount"). A term is a label
 * followed by a colon, as in those tables; prose that merely mentions a term does not count.
 */

/** A term of the structured_notes model found in a supplement, or absent. */
export interface NoteTerms {
  readonly cusip?: string;
  readonly pricingDate?: string;
  /** Underlying price on the pricing date (USD per share). */
  readonly initialLevel?: number;
  /** Knock-in barrier as a decimal of the initial level (0.6 = 60%). */
  readonly barrierPct?: number;
  /** Knock-in barrier in underlying price (USD per share). */
  readonly barrierLevel?: number;
  readonly barrierMonitoring?: 'daily' | 'final';
  /** Autocall trigger as a decimal of the initial level. */
  readonly autocallPct?: number;
  /** Coupon as a decimal per annum. */
  readonly couponPct?: number;
  readonly maturity?: string;
  /** Aggregate principal amount sold (USD). */
  readonly notionalUsd?: number;
  /** A preliminary supplement ("Subject to Completion"): its terms are not final. */
  readonly preliminary: boolean;
  /** A cross-check failed (the barrier level is not the barrier percentage of the initial level). */
  readonly inconsistent: boolean;
  /** What was not found or does not add up, one sentence each. */
  readonly warnings: readonly string[];
}

/** Relative tolerance of the barrier cross-check; the model's check uses the same 0.5%. */
const BARRIER_TOLERANCE = 0.005;
/** How far into the text the cover page (title, size, preliminary legend) reaches, in characters. */
const COVER_CHARS = 6000;
const NUM = '\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?';
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** 1-12 for a month's full name, three-letter abbreviation or 'Sept'; undefined otherwise. */
function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase();
  const i = MONTH_NAMES.findIndex(
    (name) => name === w || name.slice(0, 3) === w || (w === 'sept' && name === 'september'),
  );
  return i < 0 ? undefined : i + 1;
}
const DATE = '([A-Z][a-z]{2,8})\\.?\\s+(\\d{1,2})\\s*,\\s*(\\d{4})';

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  reg: '®',
  trade: '™',
  copy: '©',
  ndash: '-',
  mdash: '-',
  lsquo: "'",
  rsquo: "'",
  ldquo: '"',
  rdquo: '"',
  bull: '•',
  middot: '·',
  sect: '§',
  hellip: '...',
  percnt: '%',
  dollar: '$',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The readable text of an HTML document on one line: tags dropped (table cells and blocks become spaces),
 * entities decoded, typographic quotes, dashes and non-breaking spaces made plain, whitespace collapsed.
 * @example htmlToText('<td>Trigger Value:</td><td>$43.60,&#160;which is 60.00%</td>') // 'Trigger Value: $43.60, which is 60.00%'
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?(?:p|div|br|tr|td|th|li|ul|ol|table|tbody|thead|h[1-6]|center|blockquote)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u2018\u2019\u201b]/g, "'")
    .replace(/[\u201c\u201d\u201f]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:%)])/g, '$1')
    .replace(/\$\s+(?=\d)/g, '$')
    .trim();
}

/**
 * A long-form date ('November 21, 2025', 'Nov. 21, 2025') as ISO, or undefined.
 * @example parseLongDate('November 21, 2025') // '2025-11-21'
 */
export function parseLongDate(text: string): string | undefined {
  const m = new RegExp(`^${DATE}$`).exec(text.trim());
  if (m === null) return undefined;
  const month = monthNumber(m[1]!);
  const day = Number(m[2]);
  const year = Number(m[3]);
  if (month === undefined) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const iso = new Date(ms).toISOString().slice(0, 10);
  return Number(iso.slice(8)) === day ? iso : undefined;
}

/**
 * True when a 9-character CUSIP's last character is its check digit (modulus 10 "double-add-double",
 * CUSIP Global Services, ANSI X9.6; letters count 10-35, '*' 36, '@' 37, '#' 38).
 * @example isValidCusip('037833100') // true
 */
export function isValidCusip(cusip: string): boolean {
  if (!/^[0-9A-Z*@#]{8}\d$/.test(cusip)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = cusip[i]!;
    let v = /\d/.test(c) ? Number(c) : /[A-Z]/.test(c) ? c.charCodeAt(0) - 55 : 36 + '*@#'.indexOf(c);
    if (i % 2 === 1) v *= 2;
    sum += Math.floor(v / 10) + (v % 10);
  }
  return (10 - (sum % 10)) % 10 === Number(cusip[8]);
}

function toNumber(s: string): number {
  return Number(s.replaceAll(',', ''));
}

/** Text right after the first of `labels` followed by a colon, up to the next "Label:" (max 400 chars). */
function termValue(text: string, labels: readonly string[]): { label: string; value: string } | undefined {
  for (const label of labels) {
    const re = new RegExp(
      `(?<!(?:Interest|Coupon|Call|Autocall|Redemption|Premium) )\\b${label}\\*?\\s*:\\s*`,
      'g',
    );
    const m = re.exec(text);
    if (m === null) continue;
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 400);
    // The next key term ends in a capitalized word and a colon ("... Automatic Call: "); the value stops
    // before that word (the label's first words may stay in it, harmlessly: they hold no $ or %).
    const next = /\s[A-Z][\w'()/*-]*:\s/.exec(rest);
    return { label, value: next === null ? rest : rest.slice(0, next.index) };
  }
  return undefined;
}

const INITIAL_LABELS = [
  'Initial Value',
  'Initial Level',
  'Initial Share Price',
  'Initial Underlier Value',
  'Initial Underlying Value',
  'Initial Fund Price',
  'Initial Price',
  'Starting Value',
  'Starting Price',
  'Starting Level',
  'Strike Value',
  'Strike Level',
  'Strike Price',
];
const BARRIER_LABELS = [
  'Trigger Value',
  'Trigger Level',
  'Trigger Price',
  'Downside Threshold Level',
  'Downside Threshold Value',
  'Downside Threshold Price',
  'Downside Threshold',
  'Knock-In Level',
  'Knock-In Value',
  'Knock-In Price',
  'Knock-In Barrier',
  'Barrier Level',
  'Barrier Value',
  'Barrier Price',
  'Threshold Value',
  'Threshold Level',
  'Threshold Price',
];
const AUTOCALL_LABELS = [
  'Call Threshold Level',
  'Call Threshold Value',
  'Call Threshold',
  'Autocall Barrier',
  'Autocall Level',
  'Call Barrier',
  'Call Value',
  'Call Level',
  'Automatic Call',
];
const PCT_OF_INITIAL = new RegExp(`(${NUM})\\s?%\\s+of\\s+the\\s+(?:Initial|Starting|Strike)\\b`);
const DAILY = [
  /\bon any (?:scheduled )?trading day\b/i,
  /\bon each (?:scheduled )?trading day\b/i,
  /\bon any day\b/i,
  /\bat any time during\b/i,
  /\bduring the (?:Monitoring|Observation) Period\b/i,
  /\bdaily closing\b/i,
];
const FINAL = [
  /\bon the (?:Final (?:Valuation|Observation|Determination|Review|Averaging) Date|Valuation Date|final Review Date|Determination Date|Observation Date)\b/i,
  /\bFinal (?:Value|Level|Share Price|Price|Underlier Value|Underlying Value)\s+is\s+(?:less|below|lower)\b/i,
];

function firstDate(re: RegExp, text: string): string | undefined {
  const m = re.exec(text);
  return m === null ? undefined : parseLongDate(`${m[1]} ${m[2]}, ${m[3]}`);
}

function dateTerm(text: string, labels: readonly string[]): string | undefined {
  for (const label of labels) {
    const d = firstDate(
      new RegExp(`\\b${label}\\*?\\s*:\\s*(?:On or about\\s+|Expected to be\\s+)?${DATE}`, 'i'),
      text,
    );
    if (d !== undefined) return d;
  }
  return undefined;
}

/** Sentences (rough: split after . ; ? ! before a capital or a quote). */
function sentences(text: string): string[] {
  return text.split(/(?<=[.;!?])\s+(?=["(A-Z])/);
}

function monitoringOf(text: string, barrierLabel: string | undefined): 'daily' | 'final' | undefined {
  const terms = [barrierLabel, 'Knock-In Event', 'Trigger Event', 'Barrier Event'].filter(
    (t): t is string => t !== undefined,
  );
  const about = sentences(text).filter((s) => terms.some((t) => s.includes(t)));
  if (about.some((s) => DAILY.some((re) => re.test(s)))) return 'daily';
  if (about.some((s) => FINAL.some((re) => re.test(s)))) return 'final';
  return undefined;
}

function fmt(n: number): string {
  return String(Math.round(n * 10_000) / 10_000);
}

/**
 * Reads the terms of a structured note from the text of its pricing supplement (see `htmlToText`).
 * @example extractNoteTerms('Initial Value: $72.67 Trigger Value: $43.60, which is 60.00% of the Initial Value').barrierPct // 0.6
 */
export function extractNoteTerms(text: string): NoteTerms {
  const warnings: string[] = [];
  const cover = text.slice(0, COVER_CHARS);
  const preliminary = /\bSubject to Completion\b|\bpreliminary pricing supplement\b/i.test(cover);
  if (preliminary) warnings.push('preliminary pricing supplement: the terms are not final');

  let cusip: string | undefined;
  const cusipRe = /\bCUSIP(?:\s*(?:No\.|Number|\/\s*ISIN)s?)?\s*:?\s*([0-9A-Z*@#]{9})\b/g;
  for (let m = cusipRe.exec(text); m !== null && cusip === undefined; m = cusipRe.exec(text)) {
    if (isValidCusip(m[1]!)) cusip = m[1]!;
  }
  if (cusip === undefined) warnings.push('no CUSIP with a valid check digit found');

  const pricingDate = dateTerm(text, ['Pricing Date', 'Trade Date', 'Strike Date']);
  if (pricingDate === undefined)
    warnings.push('pricing_date not found (Pricing Date / Trade Date / Strike Date)');

  let maturity = dateTerm(text, ['Stated Maturity Date', 'Maturity Date']);
  if (maturity === undefined) {
    maturity = firstDate(new RegExp(`\\bdue\\s+${DATE}`), cover);
    warnings.push(
      maturity === undefined
        ? 'maturity not found (Maturity Date)'
        : `maturity ${maturity} taken from the title ("due ..."), not from a Maturity Date term`,
    );
  }

  let initialLevel: number | undefined;
  const initial = termValue(text, INITIAL_LABELS);
  if (initial !== undefined) {
    const m = new RegExp(`\\$(${NUM})`).exec(initial.value);
    if (m !== null) initialLevel = toNumber(m[1]!);
  }
  if (initialLevel === undefined) {
    warnings.push(
      initial === undefined
        ? 'initial_level not found (Initial Value / Initial Level / Starting Value)'
        : `initial_level not stated as a price after "${initial.label}:"`,
    );
  }

  let barrierPct: number | undefined;
  let barrierLevel: number | undefined;
  let inconsistent = false;
  const barrier = termValue(text, BARRIER_LABELS);
  if (barrier === undefined) {
    warnings.push('barrier not found (Trigger Value / Downside Threshold / Knock-In Level / Barrier Level)');
  } else {
    const level = new RegExp(`\\$(${NUM})`).exec(barrier.value);
    if (level !== null) barrierLevel = toNumber(level[1]!);
    const pct = PCT_OF_INITIAL.exec(barrier.value);
    if (pct !== null) barrierPct = toNumber(pct[1]!) / 100;
    if (barrierPct === undefined) warnings.push(`barrier_pct not stated after "${barrier.label}:"`);
    if (barrierLevel === undefined) {
      const hint =
        barrierPct !== undefined && initialLevel !== undefined
          ? ` (barrier_pct x initial_level = ${fmt(barrierPct * initialLevel)}; not filled in)`
          : '';
      warnings.push(`barrier_level not stated after "${barrier.label}:"${hint}`);
    }
    if (barrierPct !== undefined && barrierLevel !== undefined && initialLevel !== undefined) {
      const implied = barrierPct * initialLevel;
      if (Math.abs(barrierLevel - implied) > BARRIER_TOLERANCE * implied) {
        inconsistent = true;
        warnings.push(
          `barrier_level ${fmt(barrierLevel)} is not barrier_pct ${fmt(barrierPct)} of initial_level ${fmt(initialLevel)} (${fmt(implied)})`,
        );
      }
    }
  }
  const barrierMonitoring = monitoringOf(text, barrier?.label);
  if (barrierMonitoring === undefined) {
    warnings.push(
      'barrier_monitoring not found (neither "on any trading day" nor "on the Final Valuation Date" near the barrier)',
    );
  }

  let notionalUsd: number | undefined;
  const aggregate = new RegExp(
    `\\bAggregate (?:stated )?(?:principal|face|nominal) amount(?: of (?:the )?(?:notes|securities))?\\s*:?\\s*\\$(${NUM})`,
    'i',
  ).exec(text);
  if (aggregate !== null) notionalUsd = toNumber(aggregate[1]!);
  else {
    // The cover's title: "$1,704,000 Auto Callable Contingent Interest Notes Linked to the ...".
    const title = new RegExp(
      `\\$(${NUM})\\s+(?:[A-Z][\\w®&'-]*\\s+){0,10}?(?:Notes|Securities)\\s+Linked\\s+to\\b`,
    ).exec(cover);
    if (title !== null && toNumber(title[1]!) > 1000) notionalUsd = toNumber(title[1]!);
  }
  if (notionalUsd === undefined) warnings.push('notional_usd not found (aggregate principal amount)');

  let couponPct: number | undefined;
  const coupon = new RegExp(
    `\\b(?:Contingent )?(?:Interest|Coupon) (?:Rate|Payment Rate)\\s*:\\s*(?:[^%:]{0,60}?)(${NUM})\\s?%\\s*per annum`,
  ).exec(text);
  if (coupon !== null) couponPct = toNumber(coupon[1]!) / 100;

  let autocallPct: number | undefined;
  const call = termValue(text, AUTOCALL_LABELS);
  if (call !== undefined) {
    const pct = PCT_OF_INITIAL.exec(call.value);
    if (pct !== null) autocallPct = toNumber(pct[1]!) / 100;
    else if (
      /\bgreater than or equal to the (?:Initial|Starting|Strike) (?:Value|Level|Price)\b/.test(call.value)
    ) {
      autocallPct = 1;
    }
  }

  return {
    ...(cusip === undefined ? {} : { cusip }),
    ...(pricingDate === undefined ? {} : { pricingDate }),
    ...(initialLevel === undefined ? {} : { initialLevel }),
    ...(barrierPct === undefined ? {} : { barrierPct }),
    ...(barrierLevel === undefined ? {} : { barrierLevel }),
    ...(barrierMonitoring === undefined ? {} : { barrierMonitoring }),
    ...(autocallPct === undefined ? {} : { autocallPct }),
    ...(couponPct === undefined ? {} : { couponPct }),
    ...(maturity === undefined ? {} : { maturity }),
    ...(notionalUsd === undefined ? {} : { notionalUsd }),
    preliminary,
    inconsistent,
    warnings,
  };
}
