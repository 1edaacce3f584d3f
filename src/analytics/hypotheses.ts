/**
 * Scoring hypotheses from explicit evidence rules. A rule names a metric, a threshold, a direction and
 * a weight: the evidence supports the hypothesis when the observed value is on the rule's side of the
 * threshold and contradicts it otherwise; a missing metric counts for nothing but lowers coverage.
 * Nothing here knows any event: change the metrics and the verdicts follow.
 *
 *   score      = Σ wᵢ·sᵢ / Σ_available wᵢ        (sᵢ = +1 supports, −1 contradicts)
 *   coverage   = Σ_available wᵢ / Σ wᵢ
 *   quality    = Σ_available wᵢ·qᵢ / Σ_available wᵢ   (q: observed 1, published 0.9, reconstructed 0.5)
 *   verdict    = inconclusive if coverage < ½, supported if score ≥ ⅓, contradicted if score ≤ −⅓, else inconclusive
 *   confidence = strength · coverage · quality, strength = |score| for a decided verdict and
 *                max(0, 1 − 3|score|) for an inconclusive one (how evenly the evidence is split)
 */
import type { Quality } from '../core/quality.js';

/** The quality of a metric used as evidence: the project's one Quality (src/core/quality.ts). */
export type EvidenceQuality = Quality;

export type Verdict = 'supported' | 'contradicted' | 'inconclusive';

export interface EvidenceRule {
  /** Short id, e.g. 'H3.basis-jump-rank'. */
  readonly id: string;
  readonly description: string;
  /** Metric reference, e.g. 'basis.jumpRankRise'. */
  readonly metric: string;
  readonly threshold: number;
  /** 'above': supports when observed >= threshold; 'below': when observed <= threshold. */
  readonly direction: 'above' | 'below';
  readonly weight: number;
}

export interface HypothesisSpec {
  readonly id: string;
  readonly claim: string;
  readonly rules: readonly EvidenceRule[];
}

export interface ObservedMetric {
  readonly value: number | null;
  readonly quality: EvidenceQuality;
}

export interface RuleOutcome extends EvidenceRule {
  readonly rule: string;
  readonly observed: number | null;
  readonly outcome: 'supports' | 'contradicts' | 'missing';
  readonly quality: EvidenceQuality;
}

export interface HypothesisScore {
  readonly id: string;
  readonly claim: string;
  readonly verdict: Verdict;
  readonly confidence: number;
  readonly score: number;
  readonly coverage: number;
  readonly reason: string;
  readonly evidence: readonly RuleOutcome[];
}

export const QUALITY_FACTOR: Readonly<Record<EvidenceQuality, number>> = {
  observed: 1,
  published: 0.9,
  reconstructed: 0.5,
};

const DECIDE = 1 / 3;
const MIN_COVERAGE = 0.5;

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Outcome of one rule given the observed metric (null value = missing). */
export function applyRule(rule: EvidenceRule, m: ObservedMetric | undefined): RuleOutcome {
  const v = m?.value ?? null;
  const observed = v !== null && Number.isFinite(v) ? v : null;
  const holds =
    observed === null
      ? null
      : rule.direction === 'above'
        ? observed >= rule.threshold
        : observed <= rule.threshold;
  return {
    ...rule,
    rule: rule.id,
    observed,
    outcome: holds === null ? 'missing' : holds ? 'supports' : 'contradicts',
    quality: m?.quality ?? 'observed',
  };
}

/**
 * Scores one hypothesis.
 * @example scoreHypothesis({ id: 'H', claim: 'c', rules: [{ id: 'r', description: 'd', metric: 'x', threshold: 1, direction: 'above', weight: 1 }] }, () => ({ value: 2, quality: 'observed' })).verdict // 'supported'
 */
export function scoreHypothesis(
  spec: HypothesisSpec,
  lookup: (metric: string) => ObservedMetric | undefined,
): HypothesisScore {
  const evidence = spec.rules.map((r) => applyRule(r, lookup(r.metric)));
  let total = 0;
  let avail = 0;
  let vote = 0;
  let qual = 0;
  for (const e of evidence) {
    total += e.weight;
    if (e.outcome === 'missing') continue;
    avail += e.weight;
    vote += e.weight * (e.outcome === 'supports' ? 1 : -1);
    qual += e.weight * QUALITY_FACTOR[e.quality];
  }
  const score = avail > 0 ? vote / avail : 0;
  const coverage = total > 0 ? avail / total : 0;
  const quality = avail > 0 ? qual / avail : 0;
  const verdict =
    coverage < MIN_COVERAGE
      ? 'inconclusive'
      : score >= DECIDE
        ? 'supported'
        : score <= -DECIDE
          ? 'contradicted'
          : 'inconclusive';
  const strength = verdict === 'inconclusive' ? Math.max(0, 1 - Math.abs(score) / DECIDE) : Math.abs(score);
  const sup = evidence.filter((e) => e.outcome === 'supports').length;
  const con = evidence.filter((e) => e.outcome === 'contradicts').length;
  const miss = evidence.length - sup - con;
  const recon = evidence.filter((e) => e.outcome !== 'missing' && e.quality === 'reconstructed').length;
  const reason =
    `${sup} of ${evidence.length} rules support, ${con} contradict` +
    (miss > 0 ? `, ${miss} without data` : '') +
    (recon > 0 ? `; ${recon} rest on reconstructed data` : '');
  return {
    id: spec.id,
    claim: spec.claim,
    verdict,
    confidence: round3(strength * coverage * quality),
    score: round3(score),
    coverage: round3(coverage),
    reason,
    evidence,
  };
}
