import type { EngineConfig } from '../cascade.js';
import { type CompileSetup, compileRun, type SimPlayer } from '../compile.js';
import { NO_COLLAPSE } from '../impact.js';

/** An engine configuration for tests: linear impact, implicit clearing, no noise unless given. */
export function testConfig(over: Partial<EngineConfig> = {}): EngineConfig {
  return {
    steps: 10,
    stepMinutes: 1,
    noiseVol: 0,
    impact: { kind: 'linear', depth1PctUsd: 20e6 },
    depthCollapse: NO_COLLAPSE,
    clearing: 'implicit',
    hedgeEverySteps: 1,
    hedgeBand: 0,
    seed: 1,
    reportEvery: 1,
    maxEventSamples: 50,
    ...over,
  };
}

export function testCompile(
  players: readonly SimPlayer[],
  spot: number,
  cfg: EngineConfig,
  over: Partial<CompileSetup> = {},
  mask = (1 << players.length) - 1,
) {
  return compileRun(players, mask, {
    spot,
    steps: cfg.steps,
    stepMinutes: cfg.stepMinutes,
    shocks: [],
    exogenousMinutes: 0,
    gridStep: 0.0005,
    perChannel: true,
    ...over,
  });
}
