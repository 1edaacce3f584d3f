import { parentPort } from 'node:worker_threads';
import { runPaths } from '../sim/cascade.js';
import type { SimTask } from './simPool.js';

/* Worker thread of the simulation pool: runs one chunk of paths per message (src/app/simPool.ts). */

const port = parentPort;
if (port) {
  port.on('message', (task: SimTask) => {
    try {
      const r = runPaths(task.compiled, task.cfg, task.from, task.count);
      port.postMessage({ id: task.id, ok: true, result: r }, [
        r.logPrices.buffer,
        r.drawdown.buffer,
        r.finalReturn.buffer,
        r.flowSum.buffer,
      ] as ArrayBuffer[]);
    } catch (e) {
      port.postMessage({ id: task.id, ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  });
}
