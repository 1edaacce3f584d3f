/** crashscope/analytics — pure analysis functions over typed rows (no I/O). */
export * from './barriers.js';
export * from './basis.js';
export * from './btcAxis.js';
export * from './correlation.js';
export * from './flows.js';
export * from './hypotheses.js';
export * from './openInterest.js';
export * from './positioning.js';
export * from './stats.js';
export * from './stress.js';
export * from './time.js';
export * from './volume.js';
