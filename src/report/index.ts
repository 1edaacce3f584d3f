/** crashscope/report — findings -> report document -> HTML, Markdown, terminal scorecard, files. */
export { buildReportDoc } from './buildDoc.js';
export type * from './doc.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { renderSvg } from './render.js';
export { renderScorecard } from './terminal.js';
export { writeReport } from './writeReport.js';
