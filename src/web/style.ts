/** The dashboard's one style sheet (served as /assets/style.css). */
export const STYLE_CSS = `
:root { --fg: #1d2430; --muted: #5b6677; --line: #d9dee6; --bg: #fff; --soft: #f4f6f9; --accent: #1f5fbf;
  --obs: #1b7f3b; --pub: #1f5fbf; --rec: #b45309; --bad: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header.top { display: flex; gap: 1.5rem; align-items: baseline; padding: .7rem 1.2rem; border-bottom: 1px solid var(--line); background: var(--soft); flex-wrap: wrap; }
header.top .brand { font-weight: 700; }
header.top nav a { margin-right: 1rem; color: var(--accent); text-decoration: none; }
header.top nav a.here { font-weight: 700; text-decoration: underline; }
header.top .store { color: var(--muted); font-size: 12px; margin-left: auto; }
main { padding: 1rem 1.2rem 3rem; max-width: 1280px; }
h1 { font-size: 1.35rem; margin: .3rem 0 .8rem; } h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; } h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.muted { color: var(--muted); }
.error { border: 1px solid var(--bad); color: var(--bad); background: #fdf0ef; padding: .6rem .8rem; border-radius: 4px; margin: .6rem 0; }
.banner { border: 1px solid var(--rec); background: #fff6e8; padding: .5rem .8rem; border-radius: 4px; margin: .4rem 0 1rem; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .55rem; text-align: left; vertical-align: top; white-space: nowrap; }
th { background: var(--soft); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.clickable { cursor: pointer; } tr.clickable:hover, tr.selected { background: #eaf1fb; }
.badge { display: inline-block; font-size: 11px; padding: 0 .4rem; border-radius: 9px; color: #fff; margin-right: .2rem; }
.badge.observed { background: var(--obs); } .badge.published { background: var(--pub); } .badge.reconstructed { background: var(--rec); }
.badge.supported { background: var(--obs); } .badge.contradicted { background: var(--bad); } .badge.inconclusive { background: var(--muted); }
.badge.supports { background: var(--obs); } .badge.contradicts { background: var(--bad); } .badge.missing { background: #8a94a3; }
.panel { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; margin: .6rem 0; }
textarea { width: 100%; min-height: 6rem; font: 13px/1.4 ui-monospace, monospace; }
button, select, input { font: inherit; }
.row { display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; margin: .4rem 0; }
figure.chart { margin: .6rem 0 1.2rem; } figure.chart figcaption { color: var(--muted); font-size: 12px; }
.grid2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; }
@media (max-width: 900px) { .grid2 { grid-template-columns: minmax(0, 1fr); } }
a.json { font-size: 12px; }
`;
