/**
 * Scoring hypotheses from explicit evidence rules, so that a verdict cannot confirm itself. A rule names
 * a metric, a condition on it (at or above a threshold, at or below it, or between two bounds), what the
 * condition means for the claim and a weight: a rule that `means: 'supports'` (the default) supports the
 * hypothesis when its condition holds and contradicts it otherwise; one that `means: 'contradicts'` does
 * the reverse. Only EVIDENCE counts: a rule whose metric
 * is observed or published data. A rule whose metric rests on reconstructed data is shown as an
 * ILLUSTRATION (its outcome is computed and displayed) and never enters the score, the verdict or the
 * confidence; a rule without data is missing. Nothing here knows any event. docs/METHODS.md section
 * "Verdicts and confidence" explains the formulas:
 *
 *   counted    = rules with data of quality observed or published
 *   coverage   = Σ_counted wᵢ / Σ wᵢ                  (share of the rule weight that is evidence)
 *   score      = Σ_counted wᵢ·sᵢ / Σ_counted wᵢ        (sᵢ = +1 supports, −1 contradicts)
 *   quality    = Σ_counted wᵢ·qᵢ / Σ_counted wᵢ        (q: observed 1, published 0.9)
 *   verdict    = untestable if coverage < ½ (too little evidence: says what data would test it),
 *                else supported if score ≥ ⅓, contradicted if score ≤ −⅓, else inconclusive
 *   confidence = strength · coverage · quality, strength = |score| for a decided verdict and
 *                max(0, 1 − 3|score|) for an inconclusive one (how evenly the evidence is split); 0 when
 *                untestable.
 */
import { isEvidence, type Quality } from '../core/quality.js';

/** The quality of a metric used as evidence: the project's one Quality (src/core/quality.ts). */
export type EvidenceQuality = Quality;

export type Verdict = 'supported' | 'contradicted' | 'inconclusive' | 'untestable';

/** The condition a rule tests on its metric. */
export type RuleDirection = 'above' | 'below' | 'between';

/** What a rule's condition, when it holds, says about the claim. */
export type RuleMeaning = 'supports' | 'contradicts';

/** What kind of question a rule asks (docs/METHODS.md): shown beside each rule. */
export type RuleKind = 'existence' | 'size' | 'timing' | 'published';

/** The data that would let a rule count: the model it reads and how to fill it. */
export interface DataNeed {
  /** Store model(s), e.g. 'option_chain'. */
  readonly model: string;
  /** The command that fills it, e.g. 'crashscope ingest cboe option_chain'. */
  readonly command: string;
}

export interface EvidenceRule {
  /** Short id, e.g. 'H3.basis-jump-rank'. */
  readonly id: string;
  readonly description: string;
  /** Metric reference, e.g. 'basis.jumpRankRise'. */
  readonly metric: string;
  /** The bound of the condition (the lower one for 'between'). */
  readonly threshold: number;
  /** 'above': holds when observed >= threshold; 'below': when observed <= threshold; 'between': threshold <= observed <= upper. */
  readonly direction: RuleDirection;
  /** The upper bound of a 'between' condition. */
  readonly upper?: number;
  /** What the condition holding means for the claim (default 'supports'); the rule says the opposite otherwise. */
  readonly means?: RuleMeaning;
  readonly weight: number;
  /** Existence (default), size (against the day's volume or the move), timing, or a published figure. */
  readonly kind?: RuleKind;
  /** What would make this rule evidence when its data is missing or reconstructed. */
  readonly needs?: DataNeed;
}

export interface HypothesisSpec {
  readonly id: string;
  /** A short name, e.g. 'Dealer short gamma' (optional: the claim says it all for older specs). */
  readonly title?: string;
  readonly claim: string;
  /** The forced-flow channel the claim is about (src/channels ids) or another mechanism's name. */
  readonly channel?: string;
  readonly rules: readonly EvidenceRule[];
}

export interface ObservedMetric {
  readonly value: number | null;
  readonly quality: EvidenceQuality;
}

/** How a rule entered the verdict. */
export type RuleRole = 'counted' | 'illustration' | 'missing';

export interface RuleOutcome extends EvidenceRule {
  readonly rule: string;
  readonly observed: number | null;
  readonly outcome: 'supports' | 'contradicts' | 'missing';
  readonly quality: EvidenceQuality;
  /** counted (evidence), illustration (reconstructed input: shown, never counted) or missing. */
  readonly role: RuleRole;
}

export interface HypothesisScore {
  readonly id: string;
  readonly title?: string;
  readonly claim: string;
  readonly channel?: string;
  readonly verdict: Verdict;
  readonly confidence: number;
  /** Weighted vote in [-1, 1] over the counted rules (0 when none). */
  readonly score: number;
  /** Share of the rule weight that is counted evidence. */
  readonly coverage: number;
  readonly reason: string;
  readonly evidence: readonly RuleOutcome[];
  /** For rules that are missing or illustrations: the data that would make them evidence. */
  readonly wouldTestWith: readonly DataNeed[];
}

export const QUALITY_FACTOR: Readonly<Record<EvidenceQuality, number>> = {
  observed: 1,
  published: 0.9,
  reconstructed: 0,
};

/** |score| at or above which a tested hypothesis is decided. */
export const DECIDE = 1 / 3;
/** Share of the rule weight that must be evidence for a hypothesis to be testable. */
export const MIN_COVERAGE = 0.5;

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Whether a rule's condition holds for a value (bounds inclusive); null for a missing or non-finite value.
 * @example conditionHolds({ direction: 'between', threshold: -1, upper: 1 }, 0.5) // true
 */
export function conditionHolds(
  rule: Pick<EvidenceRule, 'direction' | 'threshold' | 'upper'>,
  value: number | null,
): boolean | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (rule.direction === 'above') return value >= rule.threshold;
  if (rule.direction === 'below') return value <= rule.threshold;
  const upper = rule.upper ?? Number.NaN;
  return value >= rule.threshold && value <= upper;
}

/** Outcome of one rule given the observed metric (null value = missing). */
export function applyRule(rule: EvidenceRule, m: ObservedMetric | undefined): RuleOutcome {
  const v = m?.value ?? null;
  const observed = v !== null && Number.isFinite(v) ? v : null;
  const holds = conditionHolds(rule, observed);
  const supports = holds === null ? null : holds === (rule.means !== 'contradicts');
  const quality = m?.quality ?? 'reconstructed';
  return {
    ...rule,
    rule: rule.id,
    observed,
    outcome: supports === null ? 'missing' : supports ? 'supports' : 'contradicts',
    quality,
    role: holds === null ? 'missing' : isEvidence(quality) ? 'counted' : 'illustration',
  };
}

/**
 * Scores one hypothesis: only observed or published rules count.
 * @example scoreHypothesis({ id: 'H', claim: 'c', rules: [{ id: 'r', description: 'd', metric: 'x', threshold: 1, direction: 'above', weight: 1 }] }, () => ({ value: 2, quality: 'observed' })).verdict // 'supported'
 */
export function scoreHypothesis(
  spec: HypothesisSpec,
  lookup: (metric: string) => ObservedMetric | undefined,
): HypothesisScore {
  const evidence = spec.rules.map((r) => applyRule(r, lookup(r.metric)));
  let total = 0;
  let counted = 0;
  let vote = 0;
  let qual = 0;
  for (const e of evidence) {
    total += e.weight;
    if (e.role !== 'counted') continue;
    counted += e.weight;
    vote += e.weight * (e.outcome === 'supports' ? 1 : -1);
    qual += e.weight * QUALITY_FACTOR[e.quality];
  }
  const score = counted > 0 ? vote / counted : 0;
  const coverage = total > 0 ? counted / total : 0;
  const quality = counted > 0 ? qual / counted : 0;
  const verdict: Verdict =
    coverage < MIN_COVERAGE
      ? 'untestable'
      : score >= DECIDE
        ? 'supported'
        : score <= -DECIDE
          ? 'contradicted'
          : 'inconclusive';
  const strength =
    verdict === 'untestable'
      ? 0
      : verdict === 'inconclusive'
        ? Math.max(0, 1 - Math.abs(score) / DECIDE)
        : Math.abs(score);
  const countedRules = evidence.filter((e) => e.role === 'counted');
  const sup = countedRules.filter((e) => e.outcome === 'supports').length;
  const con = countedRules.length - sup;
  const ill = evidence.filter((e) => e.role === 'illustration').length;
  const miss = evidence.filter((e) => e.role === 'missing').length;
  const needs = new Map<string, DataNeed>();
  for (const e of evidence) {
    if (e.role !== 'counted' && e.needs) needs.set(`${e.needs.model}|${e.needs.command}`, e.needs);
  }
  const parts = [
    `${countedRules.length} of ${evidence.length} rules counted (${sup} support, ${con} contradict)`,
  ];
  if (ill > 0) parts.push(`${ill} on reconstructed data shown as illustration`);
  if (miss > 0) parts.push(`${miss} without data`);
  return {
    id: spec.id,
    ...(spec.title === undefined ? {} : { title: spec.title }),
    claim: spec.claim,
    ...(spec.channel === undefined ? {} : { channel: spec.channel }),
    verdict,
    confidence: round3(strength * coverage * quality),
    score: round3(score),
    coverage: round3(coverage),
    reason: parts.join('; '),
    evidence,
    wouldTestWith: [...needs.values()],
  };
}

/** One alternative assumption of a sensitivity run: a name and the metrics it gives. */
export interface Assumption {
  readonly name: string;
  readonly lookup: (metric: string) => ObservedMetric | undefined;
}

export interface SensitivityCase {
  /** e.g. 'sign model: naive', 'H1.stress threshold -20%'. */
  readonly assumption: string;
  readonly verdict: Verdict;
  readonly confidence: number;
}

export interface SensitivityRow {
  readonly id: string;
  readonly verdict: Verdict;
  readonly cases: readonly SensitivityCase[];
  /** True when no case changes the verdict. */
  readonly robust: boolean;
  /** The assumptions that change it. */
  readonly flips: readonly string[];
}

/**
 * Each verdict under alternative assumptions: the given ones (alternative metric sets, e.g. another
 * dealer sign model or note vol) and every rule threshold moved by -20% and +20% (a threshold of 0 is a
 * sign test and has no such variant; a 'between' rule has both bounds moved, a zero bound staying put).
 * @example sensitivity(spec, lookup, []).robust // true when no threshold move flips the verdict
 */
export function sensitivity(
  spec: HypothesisSpec,
  base: (metric: string) => ObservedMetric | undefined,
  assumptions: readonly Assumption[],
): SensitivityRow {
  const verdict = scoreHypothesis(spec, base).verdict;
  const cases: SensitivityCase[] = [];
  for (const a of assumptions) {
    const s = scoreHypothesis(spec, a.lookup);
    cases.push({ assumption: a.name, verdict: s.verdict, confidence: s.confidence });
  }
  for (const r of spec.rules) {
    if (r.threshold === 0 && (r.upper ?? 0) === 0) continue;
    for (const f of [0.8, 1.2]) {
      const moved: HypothesisSpec = {
        ...spec,
        rules: spec.rules.map((x) =>
          x.id === r.id
            ? { ...x, threshold: x.threshold * f, ...(x.upper === undefined ? {} : { upper: x.upper * f }) }
            : x,
        ),
      };
      const s = scoreHypothesis(moved, base);
      cases.push({
        assumption: `${r.id} threshold ${f < 1 ? '-' : '+'}20%`,
        verdict: s.verdict,
        confidence: s.confidence,
      });
    }
  }
  const flips = cases.filter((c) => c.verdict !== verdict).map((c) => c.assumption);
  return { id: spec.id, verdict, cases, robust: flips.length === 0, flips };
}
