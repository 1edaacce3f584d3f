/*
 * fragility.html: one self-contained page (inline CSS and SVG, no script, no request) with the stacked forced
 * flow by channel, the intensity against depth, the levels table, the assumptions and the provenance of every
 * channel; reconstructed inputs are marked by a banner and a tag.
 */
import { fmtUsd } from '../core/format.js';
import { escapeHtml, inlineSvg } from '../report/html.js';
import { renderSvg } from '../report/render.js';
import { flowChart, intensityChart } from './charts.js';
import { describeDepth, type FragilityMap } from './map.js';
import { summaryLines } from './summary.js';

const CSS = `body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1f2328}
.page{max-width:940px;margin:0 auto;padding:24px 20px 48px}h1{font-size:26px;margin:4px 0 10px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.banner{background:#fff4e0;border-bottom:2px solid #e5a23a;padding:10px 20px;font-size:14px;color:#5c3400}
pre{background:#f6f8fa;padding:10px;font-size:12.5px;overflow-x:auto;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums;margin:8px 0}th,td{border-bottom:1px solid #eaeef2;padding:4px 6px;text-align:left;vertical-align:top}
.rec{color:#8a4b00;font-weight:600}figure{margin:16px 0}svg{max-width:100%;height:auto}`;

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table>`;
}

const q = (quality: string) =>
  quality === 'reconstructed' ? `<span class="rec">reconstructed</span>` : escapeHtml(quality);

/**
 * The page.
 * @example (await renderFragilityHtml(map)).startsWith('<!doctype html>') // true
 */
export async function renderFragilityHtml(map: FragilityMap): Promise<string> {
  const flowSvg = inlineSvg(
    await renderSvg(flowChart(map)),
    'flow',
    'Forced trade by channel against the BTC price',
  );
  const intSvg = inlineSvg(await renderSvg(intensityChart(map)), 'int', 'Intensity per 1% against depth');
  const reconstructed =
    map.channels.some((c) => c.available && c.quality === 'reconstructed') ||
    map.depth?.quality === 'reconstructed';
  const levels = table(
    ['kind', 'BTC price', 'to', 'channel', 'size (USD, + buy, − sell)'],
    map.levels.map((l) => [
      escapeHtml(l.kind),
      fmtUsd(l.price),
      l.hi === undefined ? '' : fmtUsd(l.hi),
      escapeHtml(l.channel),
      l.sizeUsd === null ? '' : fmtUsd(l.sizeUsd),
    ]),
  );
  const channels = map.channels
    .map((c) => {
      const a = table(
        ['assumption', 'value'],
        Object.entries(c.assumptions).map(([k, v]) => [
          escapeHtml(k),
          `<code>${escapeHtml(JSON.stringify(v))}</code>`,
        ]),
      );
      const d = table(
        ['diagnostic', 'value'],
        Object.entries(c.diagnostics).map(([k, v]) => [
          escapeHtml(k),
          escapeHtml(typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v)),
        ]),
      );
      const p = table(
        ['input', 'quality', 'rows', 'as of', 'sources'],
        c.provenance.map((x) => [
          escapeHtml(x.input),
          q(x.quality),
          String(x.rows),
          escapeHtml(x.asOf ?? ''),
          escapeHtml(x.sources.join('; ')),
        ]),
      );
      const status = c.available
        ? `quality ${q(c.quality)}, ${c.trigger}`
        : `<span class="rec">no data</span>: ${escapeHtml(String(c.diagnostics.reason))}`;
      return `<h3>${escapeHtml(c.title)} <small>(${escapeHtml(c.id)}; ${status})</small></h3>\n${a}\n${d}\n${p}`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>crashscope fragility map ${escapeHtml(map.asOf)}</title><style>${CSS}</style></head><body>
${reconstructed ? '<div class="banner" id="reconstructed-banner"><strong>RECONSTRUCTED DATA.</strong> Some inputs are reconstructed (or assumed): the map illustrates the mechanics, it is not evidence.</div>' : ''}
<main class="page">
<h1>Where is Bitcoin fragile? Forced flows by channel at ${escapeHtml(map.asOf)}</h1>
<pre>${escapeHtml(summaryLines(map).join('\n'))}</pre>
<h2>Forced flow by channel</h2><figure>${flowSvg}</figure>
<h2>Intensity per 1% and depth</h2><figure>${intSvg}</figure>
<h2>Levels</h2>${levels}
<h2>Channels: assumptions, diagnostics, provenance</h2>
${channels}
<h2>Snapshot provenance</h2>
${table(
  ['input', 'quality', 'rows', 'as of', 'sources'],
  map.provenance.map((x) => [
    escapeHtml(x.input),
    q(x.quality),
    String(x.rows),
    escapeHtml(x.asOf ?? ''),
    escapeHtml(x.sources.join('; ')),
  ]),
)}
<p>Depth: ${escapeHtml(describeDepth(map.depth))}. Schema <code>${map.schema}</code>.</p>
</main></body></html>
`;
}
