/** crashscope/forensics — the main job as a library: store -> inputs -> findings (-> report via crashscope/report). */
export { analyzeEvent, metricLookup, type Progress } from './analyzeEvent.js';
export * from './findings.js';
export {
  HYPOTHESES_SCHEMA,
  type HypothesisFile,
  type HypothesisSet,
  hypothesisFileSchema,
  parseHypothesisFile,
} from './hypothesisFile.js';
export { type EventInputs, latestPerVenue, loadEventInputs } from './inputs.js';
export { type CatalogueEntry, catalogueEntry, METRIC_CATALOGUE } from './metricCatalogue.js';
export { DEFAULT_OPTIONS, type ForensicsOptions, resolveOptions } from './options.js';
