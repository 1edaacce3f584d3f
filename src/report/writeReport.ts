/**
 * Writes a report directory (DESIGN.md section 5): report.html, report.md, findings.json and
 * charts/<id>.vl.json + charts/<id>.svg. Everything is rendered in memory first, written into a temporary
 * sibling directory and then renamed into place, so a failure at any step leaves either the previous report
 * or nothing — never a half-written one (src/report/outputDir.ts, shared with the simulation output).
 */
import { InvalidInputError } from '../errors.js';
import type { ChartRef, ReportDoc } from './doc.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { writeOutputDir } from './outputDir.js';
import { renderSvg } from './render.js';

export interface WriteReportResult {
  /** Absolute paths of the files written, sorted. */
  readonly files: string[];
}

/** What a report directory may contain; anything else means `dir` is not ours to replace. */
const REPORT_ENTRIES = new Set(['report.html', 'report.md', 'findings.json', 'charts']);
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function chartsOf(doc: ReportDoc): ChartRef[] {
  const charts = doc.sections.flatMap((s) => s.charts);
  const seen = new Set<string>();
  for (const c of charts) {
    if (!SAFE_ID.test(c.id)) {
      throw new InvalidInputError(
        'invalid_chart_id',
        `chart id '${c.id}' is not file-name-safe ([A-Za-z0-9._-])`,
        {
          details: { id: c.id },
        },
      );
    }
    if (seen.has(c.id.toLowerCase())) {
      throw new InvalidInputError(
        'duplicate_chart_id',
        `two charts share the id '${c.id}' (ids name files)`,
        {
          details: { id: c.id },
        },
      );
    }
    seen.add(c.id.toLowerCase());
  }
  return charts;
}

function json(value: unknown, what: string): string {
  try {
    const text = JSON.stringify(value, null, 2);
    if (text === undefined) throw new TypeError('not JSON-serializable');
    return `${text}\n`;
  } catch (error) {
    throw new InvalidInputError(
      'invalid_json',
      `${what} cannot be written as JSON: ${(error as Error).message}`,
      {
        cause: error,
        details: { what },
      },
    );
  }
}

/**
 * Renders and writes the report into `dir` (created, or replaced when it holds only a previous report).
 * `findingsJson` is written as given (key order kept), pretty-printed. Throws InvalidInputError for bad chart
 * ids, unserializable findings or a foreign `dir`; CrashscopeError 'report_write_failed' for I/O failures.
 * @example (await writeReport('out/2026-02-05', doc, findings)).files[0] // '/abs/out/2026-02-05/charts/etf-volume.svg'
 */
export async function writeReport(
  dir: string,
  doc: ReportDoc,
  findingsJson: unknown,
): Promise<WriteReportResult> {
  const charts = chartsOf(doc);
  const findings = json(findingsJson, 'findings');
  const files = new Map<string, string>();
  const svgs = new Map<string, string>();
  for (const c of charts) {
    const svg = await renderSvg(c.spec);
    svgs.set(c.id, svg);
    files.set(`charts/${c.id}.vl.json`, json(c.spec, `chart '${c.id}' spec`));
    files.set(`charts/${c.id}.svg`, svg.endsWith('\n') ? svg : `${svg}\n`);
  }
  files.set('report.html', renderHtml(doc, svgs));
  files.set('report.md', renderMarkdown(doc, new Map(charts.map((c) => [c.id, `charts/${c.id}.svg`]))));
  files.set('findings.json', findings);

  return {
    files: await writeOutputDir(dir, files, {
      entries: REPORT_ENTRIES,
      folders: ['charts'],
      what: 'report',
      codes: {
        notDirectory: 'report_dir_not_a_directory',
        notEmpty: 'report_dir_not_empty',
        failed: 'report_write_failed',
      },
    }),
  };
}
