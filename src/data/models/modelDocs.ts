/**
 * The model reference of docs/DATA.md, generated from the registry so the document cannot drift from
 * the code (a test checks that docs/DATA.md contains this text for every model).
 */
import type { AnyColumn, Model } from './defineModel.js';

function rule(c: AnyColumn): string {
  const r = c.rule;
  if (r.kind === 'number' && !r.min && !r.max) return 'finite number';
  return c.expected.replace(/ \([^)]*\)$/, '');
}

/**
 * Markdown section for one model: description, key, and a table of columns.
 * @example modelDocs(bars).startsWith('### bars') // true
 */
export function modelDocs(model: Model): string {
  const lines = [
    `### ${model.name}`,
    '',
    model.description,
    '',
    `Natural key: (${model.key.join(', ')}). Time column: ${model.timeColumn}.`,
    '',
    '| column | SQL type | unit | null | valid values | meaning |',
    '|---|---|---|---|---|---|',
    ...model.columns.map(
      (c) =>
        `| ${c.name} | ${c.sqlType} | ${c.unit ?? ''} | ${c.nullable ? 'yes' : ''} | ${rule(c).replaceAll('|', '\\|')} | ${c.description.replaceAll('|', '\\|')} |`,
    ),
    '| ingested_at | TIMESTAMPTZ |  |  | stamped by the store | when the row was written (not a file column) |',
  ];
  if (model.checks.length > 0) {
    lines.push('', `Row checks: ${model.checks.map((c) => c.expected).join('; ')}.`);
  }
  if (model.aggregateChecks.length > 0) {
    lines.push(
      '',
      `File checks: ${model.aggregateChecks
        .map(
          (c) =>
            `median \\|${c.column}\\| <= ${c.max} over the file (else refused as ${c.looksLike}: ${c.fix})`,
        )
        .join('; ')}.`,
    );
  }
  return lines.join('\n');
}
