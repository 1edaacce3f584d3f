/**
 * Writes a simulation directory: simulation.json (crashscope.simulation/1), simulation.html (self-contained:
 * inline CSS and SVG) and charts/<id>.vl.json. Rendered in memory, written into a temporary sibling directory
 * and renamed into place, so a failure leaves the previous output or nothing (as writeReport does).
 */
import type { SimulationDoc } from '../sim/simulationDoc.js';
import { renderHtml } from './html.js';
import { writeOutputDir } from './outputDir.js';
import { renderSvg } from './render.js';
import { buildSimulationReport } from './simulationDoc.js';

const ENTRIES = new Set(['simulation.json', 'simulation.html', 'charts']);

/** The files of a simulation output, in memory (also what the web layer can serve). */
export async function renderSimulation(doc: SimulationDoc, footer: string): Promise<Map<string, string>> {
  const report = buildSimulationReport(doc, footer);
  const files = new Map<string, string>();
  const svgs = new Map<string, string>();
  for (const c of report.sections.flatMap((s) => s.charts)) {
    svgs.set(c.id, await renderSvg(c.spec));
    files.set(`charts/${c.id}.vl.json`, `${JSON.stringify(c.spec, null, 2)}\n`);
  }
  files.set('simulation.html', renderHtml(report, svgs));
  files.set('simulation.json', `${JSON.stringify(doc, null, 2)}\n`);
  return files;
}

/**
 * Writes `doc` into `dir` (created, or replaced when it holds only a previous simulation). Returns the
 * absolute paths written. InvalidInputError for a `dir` that is a file or holds other files.
 */
export async function writeSimulation(dir: string, doc: SimulationDoc, footer: string): Promise<string[]> {
  const files = await renderSimulation(doc, footer);
  return writeOutputDir(dir, files, {
    entries: ENTRIES,
    folders: ['charts'],
    what: 'simulation',
    codes: {
      notDirectory: 'output_dir_not_a_directory',
      notEmpty: 'output_dir_not_empty',
      failed: 'simulation_write_failed',
    },
  });
}
