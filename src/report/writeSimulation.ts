/**
 * Writes a simulation directory: simulation.json (crashscope.simulation/1), simulation.html (self-contained:
 * inline CSS and SVG) and charts/<id>.vl.json. Rendered in memory, written into a temporary sibling directory
 * and renamed into place, so a failure leaves the previous output or nothing (as writeReport does).
 */
import { lstat, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CrashscopeError, InvalidInputError } from '../errors.js';
import type { SimulationDoc } from '../sim/simulationDoc.js';
import { renderHtml } from './html.js';
import { renderSvg } from './render.js';
import { buildSimulationReport } from './simulationDoc.js';

const ENTRIES = new Set(['simulation.json', 'simulation.html', 'charts']);

async function kindOf(path: string): Promise<'dir' | 'other' | null> {
  try {
    return (await lstat(path)).isDirectory() ? 'dir' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

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
  const target = resolve(dir);
  const parent = dirname(target);
  const name = basename(target);
  const kind = await kindOf(target);
  if (kind === 'other')
    throw new InvalidInputError('output_dir_not_a_directory', `${target} exists and is not a directory`, {
      details: { dir: target },
    });
  if (kind === 'dir') {
    const foreign = (await readdir(target)).filter((e) => !ENTRIES.has(e));
    if (foreign.length > 0)
      throw new InvalidInputError(
        'output_dir_not_empty',
        `${target} holds files that are not part of a simulation (${foreign.slice(0, 5).join(', ')}); choose an empty or new directory`,
        { details: { dir: target, foreign } },
      );
  }
  let tmp: string | null = null;
  try {
    await mkdir(parent, { recursive: true });
    tmp = await mkdtemp(join(parent, `.${name}.tmp-`));
    await mkdir(join(tmp, 'charts'));
    for (const [rel, text] of files) await writeFile(join(tmp, rel), text, 'utf8');
    if (kind === 'dir') {
      const old = await mkdtemp(join(parent, `.${name}.old-`));
      await rename(target, join(old, name));
      try {
        await rename(tmp, target);
      } catch (error) {
        await rename(join(old, name), target);
        await rm(old, { recursive: true, force: true });
        throw error;
      }
      tmp = null;
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, target);
      tmp = null;
    }
  } catch (error) {
    if (tmp !== null) await rm(tmp, { recursive: true, force: true });
    if (error instanceof CrashscopeError) throw error;
    throw new CrashscopeError(
      'simulation_write_failed',
      `cannot write the simulation to ${target}: ${(error as Error).message}`,
      {
        cause: error,
        details: { dir: target },
      },
    );
  }
  return [...files.keys()].map((rel) => join(target, rel)).sort();
}
