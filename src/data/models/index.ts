/**
 * Registry of the stored datasets: model name (= public SQL table name, kept stable) -> model with its
 * zod schema, columns (name, SQL type, unit, nullability), natural key and row checks. The table DDL is
 * frozen in src/store/migrations/; a store test checks that the migrated tables match this registry.
 */
import type { z } from 'zod';
import { bars } from './bars.js';
import { cftcPositions } from './cftcPositions.js';
import type { AnyColumn, Model } from './defineModel.js';
import { depth } from './depth.js';
import { etfDaily } from './etfDaily.js';
import { etfFlows } from './etfFlows.js';
import { facts } from './facts.js';
import { funding } from './funding.js';
import { futuresSettlements } from './futuresSettlements.js';
import { liquidations } from './liquidations.js';
import { openInterest } from './openInterest.js';
import { optionChain } from './optionChain.js';
import { optionsDaily } from './optionsDaily.js';
import { optionTrades } from './optionTrades.js';
import { perpCohorts } from './perpCohorts.js';
import { stressSeries } from './stressSeries.js';
import { structuredNotes } from './structuredNotes.js';
import { valueProvenance } from './valueProvenance.js';

export * from './defineModel.js';

/** Every model by name, in the order of the data contract. */
export const models = {
  etf_daily: etfDaily,
  etf_flows: etfFlows,
  options_daily: optionsDaily,
  option_chain: optionChain,
  futures_settlements: futuresSettlements,
  bars,
  open_interest: openInterest,
  funding,
  liquidations,
  stress_series: stressSeries,
  structured_notes: structuredNotes,
  perp_cohorts: perpCohorts,
  cftc_positions: cftcPositions,
  depth,
  option_trades: optionTrades,
  facts,
  value_provenance: valueProvenance,
} as const;

export type Models = typeof models;
export type ModelName = keyof Models;

/** A validated input row of model `M` (what a file row or a programmatic write holds). */
export type RowOf<M extends ModelName> = Readonly<z.infer<Models[M]['schema']>>;

/** A stored row of model `M`: the input row plus the store's `ingested_at` stamp (ISO instant, UTC). */
export type StoredRowOf<M extends ModelName> = RowOf<M> & { readonly ingested_at: string };

/** Model names in contract order. */
export const modelNames: readonly ModelName[] = Object.keys(models) as ModelName[];

/** True when `name` is a model name. */
export function isModelName(name: string): name is ModelName {
  return Object.hasOwn(models, name);
}

/** A model looked up by name without its static type (for code that works on any model). */
export function modelByName(name: ModelName): Model<string, readonly AnyColumn[]> {
  return models[name] as unknown as Model<string, readonly AnyColumn[]>;
}

export * from './bars.js';
export * from './cftcPositions.js';
export * from './depth.js';
export * from './etfDaily.js';
export * from './etfFlows.js';
export * from './facts.js';
export * from './funding.js';
export * from './futuresSettlements.js';
export * from './liquidations.js';
export * from './openInterest.js';
export * from './optionChain.js';
export * from './optionsDaily.js';
export * from './optionTrades.js';
export * from './perpCohorts.js';
export * from './stressSeries.js';
export * from './structuredNotes.js';
