import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyRule, scoreHypothesis } from '../analytics/hypotheses.js';
import { InvalidInputError } from '../errors.js';
import { type HypothesisSet, parseHypothesisFile } from './hypothesisFile.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GENERAL = `${ROOT}data/hypotheses/general.json`;
const EVENT = `${ROOT}data/events/2026-02-05/hypotheses.json`;

const read = (path: string, source: string): HypothesisSet =>
  parseHypothesisFile(readFileSync(path, 'utf8'), path, source);

const rule = (over: Record<string, unknown> = {}) => ({
  id: 'r1',
  description: 'a rule',
  metric: 'stress.z',
  comparison: '>=',
  threshold: 3,
  weight: 1,
  ...over,
});
const file = (rules: readonly unknown[] = [rule()], more: readonly unknown[] = []) =>
  JSON.stringify(
    {
      schema: 'crashscope.hypotheses/1',
      name: 'mine',
      hypotheses: [{ id: 'h1', title: 'T', claim: 'a claim', channel: 'exogenous', rules }, ...more],
    },
    null,
    2,
  );

/** The one-line message of the InvalidInputError `text` raises. */
function errorOf(text: string): string {
  try {
    parseHypothesisFile(text, 'mine.json', 'mine.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).code).toBe('bad_hypotheses');
    return (error as Error).message;
  }
  throw new Error('no error raised');
}

describe('parseHypothesisFile', () => {
  it('reads a minimal file with defaults (means supports, kind existence) into engine rules', () => {
    const set = parseHypothesisFile(file(), 'mine.json', 'mine.json');
    expect(set).toEqual({
      name: 'mine',
      source: 'mine.json',
      hypotheses: [
        {
          id: 'h1',
          title: 'T',
          claim: 'a claim',
          channel: 'exogenous',
          rules: [
            {
              id: 'r1',
              description: 'a rule',
              metric: 'stress.z',
              direction: 'above',
              threshold: 3,
              weight: 1,
              kind: 'existence',
            },
          ],
        },
      ],
    });
  });

  it("maps '<=', 'between' and means 'contradicts' to the engine's conditions", () => {
    const set = parseHypothesisFile(
      file([
        rule({ id: 'a', comparison: '<=', threshold: -0.1, metric: 'open-interest.twoDayChangePct:okx' }),
        rule({
          id: 'b',
          comparison: 'between',
          threshold: undefined,
          thresholds: [-1, 1],
          metric: 'flows.surpriseRobustSigma',
          means: 'contradicts',
        }),
      ]),
      'mine.json',
      'mine.json',
    );
    const [a, b] = set.hypotheses[0].rules;
    expect(a).toMatchObject({ direction: 'below', threshold: -0.1 });
    expect(a.means).toBeUndefined();
    expect(b).toMatchObject({ direction: 'between', threshold: -1, upper: 1, means: 'contradicts' });
    expect(applyRule(b, { value: 0.5, quality: 'observed' }).outcome).toBe('contradicts');
    expect(applyRule(b, { value: 1.5, quality: 'observed' }).outcome).toBe('supports');
  });

  it('invalid JSON: line and column of the fault', () => {
    const text = '{\n  "schema": "crashscope.hypotheses/1",\n  "name" "x"\n}';
    expect(errorOf(text)).toMatch(/^mine\.json: line 3, column 10: invalid JSON: /);
    expect(errorOf('')).toMatch(/^mine\.json: line 1, column 1: invalid JSON: Unexpected end/);
  });

  it('an unknown metric names the JSON path and the metrics of that finding', () => {
    const m = errorOf(file([rule({ metric: 'stress.zz' })]));
    expect(m).toMatch(
      /^mine\.json: \$\.hypotheses\[0\]\.rules\[0\]\.metric: unknown metric 'stress\.zz' \(metrics of 'stress': z, zDate, /,
    );
    expect(errorOf(file([rule({ metric: 'nothing' })]))).toMatch(
      /rules\[0\]\.metric: unknown metric 'nothing' \(a metric is '<finding>\.<metric>', findings: volume, flows, /,
    );
    expect(errorOf(file([rule({ metric: 'cross-asset.corr20Pct' })]))).toBe(
      "mine.json: $.hypotheses[0].rules[0].metric: metric 'cross-asset.corr20Pct' needs a symbol: 'cross-asset.corr20Pct:<symbol>'",
    );
    expect(errorOf(file([rule({ metric: 'stress.z:IGV' })]))).toBe(
      "mine.json: $.hypotheses[0].rules[0].metric: metric 'stress.z' takes no ':<parameter>' suffix",
    );
  });

  it('a bad comparison, reversed bounds, a misspelt key, a zero weight', () => {
    expect(errorOf(file([rule({ comparison: '>' })]))).toBe(
      "mine.json: $.hypotheses[0].rules[0].comparison: comparison must be '>=', '<=' or 'between'",
    );
    expect(errorOf(file([rule({ comparison: 'between', threshold: undefined, thresholds: [2, 1] })]))).toBe(
      'mine.json: $.hypotheses[0].rules[0].thresholds: thresholds are [lower, upper] with lower <= upper',
    );
    expect(errorOf(file([rule({ treshold: 3 })]))).toMatch(
      /^mine\.json: \$\.hypotheses\[0\]\.rules\[0\]: Unrecognized key: "treshold"/,
    );
    expect(errorOf(file([rule({ weight: 0 })]))).toBe(
      'mine.json: $.hypotheses[0].rules[0].weight: the weight must be above 0',
    );
    expect(errorOf(file([rule({ means: 'refutes' })]))).toMatch(/rules\[0\]\.means: /);
  });

  it('duplicate ids (hypotheses or rules) name both places', () => {
    const twice = file(
      [rule()],
      [{ id: 'h1', title: 'T2', claim: 'c', channel: 'x', rules: [rule({ id: 'r2' })] }],
    );
    expect(errorOf(twice)).toBe("mine.json: $.hypotheses[1].id: duplicate id 'h1' (also hypotheses[0])");
    expect(errorOf(file([rule(), rule()]))).toBe(
      "mine.json: $.hypotheses[0].rules[1].id: duplicate id 'r1' (also hypotheses[0].rules[0])",
    );
  });

  it('the wrong schema and an empty file say so; several problems are counted', () => {
    expect(errorOf('{"schema":"x","name":"n","hypotheses":[]}')).toBe(
      "mine.json: $.schema: schema must be 'crashscope.hypotheses/1' (and 1 more problem)",
    );
    expect(errorOf('[]')).toMatch(/^mine\.json: \$: /);
  });
});

describe('the shipped files', () => {
  const general = read(GENERAL, 'general set');
  const event = read(EVENT, 'event pack 2026-02-05');

  it('the general set: one hypothesis per channel and an unamplified shock', () => {
    expect(general.hypotheses.map((h) => h.id)).toEqual([
      'tradfi-derisking',
      'etf-outflows',
      'basis-unwind',
      'dealer-short-gamma',
      'knock-in-hedging',
      'perp-liquidation-cascade',
      'news-macro-shock',
    ]);
    // The shock hypothesis is supported by the absence of amplification: its channel rules contradict.
    const shock = general.hypotheses.at(-1)!;
    expect(shock.rules.filter((r) => r.means === 'contradicts').length).toBeGreaterThanOrEqual(3);
  });

  it('the event file holds H1–H7', () => {
    expect(event.hypotheses.map((h) => h.id)).toEqual(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7']);
  });

  it('missing is never evidence: every rule of both files is missing without data, whatever the quality', () => {
    for (const set of [general, event]) {
      for (const h of set.hypotheses) {
        for (const r of h.rules) {
          for (const m of [
            undefined,
            { value: null, quality: 'observed' as const },
            { value: Number.NaN, quality: 'published' as const },
          ]) {
            const o = applyRule(r, m);
            expect(o.outcome, r.id).toBe('missing');
            expect(o.role, r.id).toBe('missing');
          }
        }
        const s = scoreHypothesis(h, () => undefined);
        expect([s.verdict, s.score, s.confidence], h.id).toEqual(['untestable', 0, 0]);
      }
    }
  });
});
