import { parentPort } from 'node:worker_threads';
import { type ChunkResult, runPaths } from '../sim/cascade.js';
import { runChunkForRuns } from '../sim/monteCarlo.js';
import type { SimTask } from './simPool.js';

/* Worker thread of the simulation pool: runs one chunk of paths per message (src/app/simPool.ts). */

const buffers = (r: ChunkResult): ArrayBuffer[] =>
  [r.logPrices.buffer, r.drawdown.buffer, r.finalReturn.buffer, r.flowSum.buffer] as ArrayBuffer[];

const port = parentPort;
if (port) {
  port.on('message', (task: SimTask) => {
    try {
      const results =
        task.kind === 'paths'
          ? [runPaths(task.compiled, task.cfg, task.from, task.count)]
          : runChunkForRuns(task.runs, task.cfg, task.from, task.count);
      port.postMessage({ id: task.id, ok: true, results }, results.flatMap(buffers));
    } catch (e) {
      port.postMessage({ id: task.id, ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  });
}
