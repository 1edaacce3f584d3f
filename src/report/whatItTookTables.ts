/*
 * The event report's "what it took" section (issue 12; forensics/sections/whatItTook.ts): its tables, built
 * from findings.json only. Every cell is an illustration: the channels' books are largely reconstructed.
 */
import { fmtPct, fmtUsd, fmtX } from '../core/format.js';
import type { WhatItTookData, WhatItTookSale } from '../forensics/sections/whatItTook.js';
import type { TableBlock } from './doc.js';

function saleCell(s: WhatItTookSale): string {
  switch (s.status) {
    case 'ok':
      return fmtUsd(s.saleUsd);
    case 'cliff':
      return `cliff at ${fmtUsd(s.saleUsd)}: ${fmtPct(Math.expm1(s.cliffBelowLogReturn ?? 0), 1)} → ${fmtPct(Math.expm1(s.closeLogReturn), 1)}`;
    case 'target-above-baseline':
      return 'none needed';
    default:
      return `not reached by $10T (close ${fmtPct(Math.expm1(s.closeLogReturn), 1)})`;
  }
}

/** The impact-model table, the attribution of the fall, the hourly comparison. */
export function whatItTookTables(d: WhatItTookData): TableBlock[] {
  const out: TableBlock[] = [
    {
      title: `Sale spread over ${Math.round(d.saleMinutes / 60)} h that reproduces the close ${fmtPct(Math.expm1(d.targetLogReturn), 1)}, by impact model (illustration)`,
      columns: ['impact model', 'parameters', 'no channel', 'every channel', 'ratio'],
      rows: d.models.map((m) => [
        m.impact,
        m.params,
        saleCell(m.none),
        saleCell(m.all),
        m.all.status === 'ok' && m.none.status === 'ok' && m.all.saleUsd && m.none.saleUsd
          ? fmtX(m.none.saleUsd / m.all.saleUsd)
          : '–',
      ]),
    },
  ];
  const a = d.attribution;
  if (a !== null)
    out.push({
      title:
        `Shapley attribution of the fall at a ${fmtUsd(a.saleUsd)} sale, linear impact` +
        (a.atCliff ? ' — at the cliff: the fall the cascade makes, not the observed one' : '') +
        ` (close ${fmtPct(a.closeNone, 1)} with no channel, ${fmtPct(a.closeAll, 1)} with every channel; amplification ${fmtX(a.amplification)}${a.jumps > 0 ? `; ${a.jumps} jump${a.jumps > 1 ? 's' : ''} (κ ≥ 1)` : ''}; illustration)`,
      columns: [
        'channel',
        'part of the close (pp)',
        'share of the channels’ part',
        'part of the max drawdown (pp)',
      ],
      rows: a.rows.map((r) => [
        r.available ? r.title : `${r.title} (no data)`,
        (100 * r.shapleyClose).toFixed(2),
        r.share === null ? '–' : fmtPct(r.share, 0),
        (100 * r.shapleyDrawdown).toFixed(2),
      ]),
    });
  if (d.tracking.points.length > 0)
    out.push({
      title: `Simulated paths vs hourly closes of ${d.tracking.series} (${d.tracking.quality}); gap = ln(simulated / observed)`,
      columns: ['hour (UTC, close)', 'observed', 'no channel', 'gap', 'every channel', 'gap'],
      rows: d.tracking.points.map((p) => [
        p.ts.slice(0, 16).replace('T', ' '),
        fmtUsd(p.observed),
        p.none === null ? '–' : fmtUsd(p.none),
        p.none === null ? '–' : fmtPct(Math.log(p.none / p.observed), 2),
        p.all === null ? '–' : fmtUsd(p.all),
        p.all === null ? '–' : fmtPct(Math.log(p.all / p.observed), 2),
      ]),
    });
  return out;
}
