import { parentPort } from 'node:worker_threads';
import { bsGammaGrid } from '../pricing/bsGrid.js';
import { bsGreeksGrid } from '../pricing/greeksGrid.js';
import { bsPriceDeltaGammaBatch } from '../pricing/priceDeltaGammaBatch.js';
import type { PoolRequest, PoolResponse } from './protocol.js';

/*
 * The worker side of pricingPool.ts: runs one slice of a batch or grid with the single-thread kernels of
 * crashscope/pricing and answers with the request id. Batch outputs are written in place into shared memory;
 * grid partial sums come back in the message.
 */

function handle(req: PoolRequest): PoolResponse {
  switch (req.op) {
    case 'pdg':
      bsPriceDeltaGammaBatch(req.cols, req.out);
      return { id: req.id, ok: true };
    case 'gammaGrid':
      return {
        id: req.id,
        ok: true,
        sums: [bsGammaGrid(req.book, req.grid, new Float64Array(req.grid.length))],
      };
    case 'greeksGrid': {
      const r = bsGreeksGrid(req.options, req.prices, undefined, req.from, req.to);
      return { id: req.id, ok: true, sums: [r.price, r.delta, r.gamma, r.cashGamma] };
    }
  }
}

parentPort?.on('message', (req: PoolRequest) => {
  let res: PoolResponse;
  try {
    res = handle(req);
  } catch (e) {
    res = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(res);
});
