/**
 * Hypotheses as data: the JSON hypothesis file (`crashscope.hypotheses/1`, docs/HYPOTHESES.md), validated by
 * one zod schema, and its conversion to the scoring engine's specs (analytics/hypotheses.ts). Pure: the
 * caller reads the file (app/hypothesisFiles.ts) and passes its text and name, so every error names the
 * file, the JSON path and the problem: invalid JSON (line and column), an unknown key, a metric outside
 * the catalogue (forensics/metricCatalogue.ts), a bad comparison, a duplicate id.
 */
import { z } from 'zod';
import type { EvidenceRule, HypothesisSpec } from '../analytics/hypotheses.js';
import { InvalidInputError } from '../errors.js';
import { catalogueEntry } from './metricCatalogue.js';

export const HYPOTHESES_SCHEMA = 'crashscope.hypotheses/1';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const text = (what: string) => z.string().trim().min(1, `${what} is empty`);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const common = {
  id: z.string().regex(ID, 'an id is letters, digits, ".", "_" or "-", starting with a letter or digit'),
  description: text('the description'),
  metric: z.string().superRefine((ref, ctx) => {
    const r = catalogueEntry(ref);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.problem });
  }),
  means: z.enum(['supports', 'contradicts']).default('supports'),
  weight: finite.refine((w) => w > 0, 'the weight must be above 0'),
  kind: z.enum(['existence', 'size', 'timing', 'published']).default('existence'),
  needs: z.strictObject({ model: text('needs.model'), command: text('needs.command') }).optional(),
};

const ruleSchema = z.discriminatedUnion(
  'comparison',
  [
    z.strictObject({ ...common, comparison: z.enum(['>=', '<=']), threshold: finite }),
    z.strictObject({
      ...common,
      comparison: z.literal('between'),
      thresholds: z
        .tuple([finite, finite])
        .refine(([lo, hi]) => lo <= hi, 'thresholds are [lower, upper] with lower <= upper'),
    }),
  ],
  { error: () => "comparison must be '>=', '<=' or 'between'" },
);

const hypothesisSchema = z.strictObject({
  id: z.string().regex(ID, 'an id is letters, digits, ".", "_" or "-", starting with a letter or digit'),
  title: text('the title'),
  claim: text('the claim'),
  channel: text('the channel'),
  rules: z.array(ruleSchema).min(1, 'a hypothesis needs at least one rule'),
});

/** The hypothesis file, as one zod schema (duplicate ids refused across the file). */
export const hypothesisFileSchema = z
  .strictObject({
    schema: z.literal(HYPOTHESES_SCHEMA, { error: () => `schema must be '${HYPOTHESES_SCHEMA}'` }),
    name: text('the name'),
    description: z.string().optional(),
    hypotheses: z.array(hypothesisSchema).min(1, 'the file holds no hypothesis'),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, string>();
    file.hypotheses.forEach((h, i) => {
      const at = `hypotheses[${i}]`;
      if (seen.has(h.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['hypotheses', i, 'id'],
          message: `duplicate id '${h.id}' (also ${seen.get(h.id)})`,
        });
      } else seen.set(h.id, at);
      h.rules.forEach((r, j) => {
        const rat = `${at}.rules[${j}]`;
        if (seen.has(r.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['hypotheses', i, 'rules', j, 'id'],
            message: `duplicate id '${r.id}' (also ${seen.get(r.id)})`,
          });
        } else seen.set(r.id, rat);
      });
    });
  });

export type HypothesisFile = z.output<typeof hypothesisFileSchema>;

/** A validated hypothesis file, ready to score. */
export interface HypothesisSet {
  readonly name: string;
  /** Where it came from, e.g. 'event pack 2026-02-05', 'general set', or the user's path. */
  readonly source: string;
  readonly hypotheses: readonly HypothesisSpec[];
}

/** `$.hypotheses[2].rules[0].metric` from a zod issue path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** Line and column (1-based) of a character offset. */
function lineColumn(textIn: string, offset: number): { line: number; column: number } {
  const before = textIn.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function fail(file: string, where: string, problem: string, more = 0): never {
  const tail = more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '';
  throw new InvalidInputError('bad_hypotheses', `${file}: ${where}: ${problem}${tail}`, {
    details: { file, where, problem },
  });
}

/** Engine rule from a validated file rule. */
function toRule(r: HypothesisFile['hypotheses'][number]['rules'][number]): EvidenceRule {
  const bounds =
    r.comparison === 'between'
      ? { direction: 'between' as const, threshold: r.thresholds[0], upper: r.thresholds[1] }
      : {
          direction: r.comparison === '>=' ? ('above' as const) : ('below' as const),
          threshold: r.threshold,
        };
  return {
    id: r.id,
    description: r.description,
    metric: r.metric,
    ...bounds,
    ...(r.means === 'contradicts' ? { means: 'contradicts' as const } : {}),
    weight: r.weight,
    kind: r.kind,
    ...(r.needs === undefined ? {} : { needs: r.needs }),
  };
}

/**
 * Parses and validates a hypothesis file; InvalidInputError (exit 2) naming `file`, the JSON path and the
 * problem otherwise (invalid JSON: its line and column).
 * @example parseHypothesisFile('{"schema":"crashscope.hypotheses/1", …}', 'mine.json', 'mine.json').hypotheses.length
 */
export function parseHypothesisFile(content: string, file: string, source: string): HypothesisSet {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at position (\d+)/.exec(message);
    const offset = at !== null ? Number(at[1]) : /end of JSON input/.test(message) ? content.length : null;
    const pos = offset === null ? null : lineColumn(content, offset);
    const problem = `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')}`;
    fail(file, pos === null ? '$' : `line ${pos.line}, column ${pos.column}`, problem);
  }
  const parsed = hypothesisFileSchema.safeParse(raw);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    fail(file, jsonPath(first.path), first.message, rest.length);
  }
  return {
    name: parsed.data.name,
    source,
    hypotheses: parsed.data.hypotheses.map((h) => ({
      id: h.id,
      title: h.title,
      claim: h.claim,
      channel: h.channel,
      rules: h.rules.map(toRule),
    })),
  };
}
