/**
 * The report's Vega-Lite specs made explorable in the page, without changing what they show: tooltips on
 * the data marks (hover values) and zoom/pan bound to the x scale of every panel whose x axis is time
 * (Vega-Lite's `bind: 'scales'` interval selection; double-click resets). Pure: runs in the browser and in
 * tests. https://vega.github.io/vega-lite/docs/bind.html#scale-binding
 */

type Spec = Record<string, unknown>;

const DATA_MARKS = new Set(['line', 'area', 'bar', 'point', 'circle', 'square', 'tick', 'rect', 'trail']);

function markType(s: Spec): string | null {
  const m = s.mark;
  if (typeof m === 'string') return m;
  if (m !== null && typeof m === 'object' && typeof (m as Spec).type === 'string')
    return (m as Spec).type as string;
  return null;
}

function xChannel(s: Spec): Spec | null {
  const enc = s.encoding as Spec | undefined;
  const x = enc?.x;
  return x !== null && typeof x === 'object' ? (x as Spec) : null;
}

function withTooltip(s: Spec): void {
  const type = markType(s);
  if (type === null || !DATA_MARKS.has(type)) return;
  const enc = s.encoding as Spec | undefined;
  if (enc?.tooltip !== undefined) return;
  const mark: Spec = typeof s.mark === 'string' ? { type: s.mark } : { ...(s.mark as Spec) };
  if (mark.tooltip === undefined) s.mark = { ...mark, tooltip: true };
}

/**
 * A copy of `spec` with tooltips and time-axis zoom.
 * @example interactive({ mark: 'line', encoding: { x: { field: 't', type: 'temporal' } } }).params // [{ name: 'zoom_0', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }]
 */
export function interactive(spec: Spec): Spec {
  const copy = structuredClone(spec);
  let zooms = 0;
  const zoom = (unit: Spec) => {
    const params = Array.isArray(unit.params) ? (unit.params as Spec[]) : [];
    unit.params = [
      ...params,
      { name: `zoom_${zooms++}`, select: { type: 'interval', encodings: ['x'] }, bind: 'scales' },
    ];
  };
  const visit = (s: Spec, inheritedX: Spec | null): void => {
    for (const k of ['vconcat', 'hconcat', 'concat']) {
      if (Array.isArray(s[k])) for (const child of s[k] as Spec[]) visit(child, null);
    }
    const ownX = xChannel(s) ?? inheritedX;
    if (Array.isArray(s.layer)) {
      const layers = s.layer as Spec[];
      for (const l of layers) if (!Array.isArray(l.layer)) withTooltip(l);
      // One zoom per layered view, on its first data layer plotting a time field on x (the scale is shared).
      const target = layers.find((l) => {
        const x = xChannel(l) ?? ownX;
        return (
          !Array.isArray(l.layer) &&
          DATA_MARKS.has(markType(l) ?? '') &&
          x?.type === 'temporal' &&
          typeof x.field === 'string'
        );
      });
      if (target !== undefined) zoom(target);
      return;
    }
    if (s.mark === undefined) return;
    withTooltip(s);
    if (ownX?.type === 'temporal' && typeof ownX.field === 'string') zoom(s);
  };
  visit(copy, null);
  return copy;
}
