import type { z } from 'zod';
import { date, defineModel, nullable, num, oneOf, provenanceColumns, text } from './defineModel.js';

/** Relative tolerance between barrier_level and barrier_pct * initial_level (levels are rounded to cents). */
const BARRIER_LEVEL_TOLERANCE = 0.005;

/**
 * Terms of a structured note with a knock-in barrier. Investors are short the knock-in put, so the dealer
 * is long it (shared/DESIGN.md section 1); the terms here are the contract, not the positioning.
 */
export const structuredNotes = defineModel({
  name: 'structured_notes',
  description: 'Structured-note terms: underlying, initial level, knock-in barrier, autocall and coupon.',
  columns: [
    text('note_id', 'issuer identifier (CUSIP or a stable id)'),
    text('issuer', 'issuer, e.g. JPMorgan'),
    text('underlying', 'underlying, e.g. IBIT'),
    date('pricing_date', 'pricing (strike) date'),
    num('initial_level', 'underlying price', 'initial level of the underlying', { gt: 0 }),
    num(
      'barrier_pct',
      'decimal of initial',
      'knock-in barrier as a decimal of the initial level (0.6 = 60%)',
      {
        gt: 0,
        lte: 1.5,
      },
    ),
    num('barrier_level', 'underlying price', 'knock-in barrier level', { gt: 0 }),
    oneOf('barrier_monitoring', ['daily', 'final'], 'daily close monitoring or at maturity only'),
    nullable(
      num('autocall_pct', 'decimal of initial', 'autocall trigger as a decimal of initial', {
        gt: 0,
        lte: 3,
      }),
    ),
    nullable(
      num('coupon_pct', 'decimal/year', 'coupon, decimal per annum (0.1425 = 14.25%)', { gte: 0, lte: 1 }),
    ),
    date('maturity', 'maturity date'),
    num('notional_usd', 'USD', 'notional sold', { gt: 0 }),
    nullable(text('source_url', 'filing or page with the terms')),
    ...provenanceColumns,
  ],
  key: ['note_id'],
  timeColumn: 'pricing_date',
  checks: [
    {
      columns: ['maturity', 'pricing_date'],
      expected: 'maturity after pricing_date',
      sql: '"maturity" > "pricing_date"',
      test: (r) => String(r.maturity) > String(r.pricing_date),
    },
    {
      columns: ['barrier_level', 'barrier_pct', 'initial_level'],
      expected: `barrier_level = barrier_pct * initial_level (within ${BARRIER_LEVEL_TOLERANCE * 100}%)`,
      // Same operation order as `test`, so both round alike at the boundary.
      sql: `abs("barrier_level" - "barrier_pct" * "initial_level") <= ${BARRIER_LEVEL_TOLERANCE} * ("barrier_pct" * "initial_level")`,
      test: (r) => {
        const implied = Number(r.barrier_pct) * Number(r.initial_level);
        return Math.abs(Number(r.barrier_level) - implied) <= BARRIER_LEVEL_TOLERANCE * implied;
      },
    },
  ],
});

export const structuredNotesSchema = structuredNotes.schema;
export type StructuredNotes = Readonly<z.infer<typeof structuredNotesSchema>>;
