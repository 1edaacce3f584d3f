/**
 * Writes a generated output directory all or nothing (the report, a simulation): the files are written into a
 * temporary sibling directory and renamed into place; a directory that holds only a previous output of the same
 * kind is replaced (parked, swapped, then removed), so a failure leaves the previous output or nothing. A path
 * that is a file, or a directory holding anything else, is refused: it is not ours to replace.
 */
import { lstat, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CrashscopeError, InvalidInputError } from '../errors.js';

export interface OutputDirSpec {
  /** Top-level names an output of this kind may hold (files and the folders of `files`' paths). */
  readonly entries: ReadonlySet<string>;
  /** Folders created even when no file goes in them (e.g. 'charts'). */
  readonly folders?: readonly string[];
  /** What is written, for messages: 'report', 'simulation'. */
  readonly what: string;
  /** Error codes: the path is a file; the directory holds other things; an I/O failure. */
  readonly codes: { readonly notDirectory: string; readonly notEmpty: string; readonly failed: string };
}

async function kindOf(path: string): Promise<'dir' | 'other' | null> {
  try {
    return (await lstat(path)).isDirectory() ? 'dir' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** True when `target` exists (and may be replaced); throws InvalidInputError when it is not ours. */
async function checkTarget(target: string, spec: OutputDirSpec): Promise<boolean> {
  const kind = await kindOf(target);
  if (kind === null) return false;
  if (kind === 'other') {
    throw new InvalidInputError(spec.codes.notDirectory, `${target} exists and is not a directory`, {
      details: { dir: target },
    });
  }
  const foreign = (await readdir(target)).filter((e) => !spec.entries.has(e));
  if (foreign.length > 0) {
    throw new InvalidInputError(
      spec.codes.notEmpty,
      `${target} holds files that are not part of a ${spec.what} (${foreign.slice(0, 5).join(', ')}); choose an empty or new directory`,
      { details: { dir: target, foreign } },
    );
  }
  return true;
}

/**
 * Writes `files` (relative path -> text) into `dir`, all or nothing. Returns the absolute paths, sorted.
 * @example await writeOutputDir('out/x', new Map([['a.json', '{}\n']]), spec) // ['/abs/out/x/a.json']
 */
export async function writeOutputDir(
  dir: string,
  files: ReadonlyMap<string, string>,
  spec: OutputDirSpec,
): Promise<string[]> {
  const target = resolve(dir);
  const parent = dirname(target);
  const name = basename(target);
  let tmp: string | null = null;
  try {
    const replacing = await checkTarget(target, spec);
    await mkdir(parent, { recursive: true });
    tmp = await mkdtemp(join(parent, `.${name}.tmp-`));
    const folders = new Set([
      ...(spec.folders ?? []),
      ...[...files.keys()].filter((rel) => rel.includes('/')).map((rel) => dirname(rel)),
    ]);
    for (const f of folders) await mkdir(join(tmp, f), { recursive: true });
    for (const [rel, text] of files) await writeFile(join(tmp, rel), text, 'utf8');
    if (replacing) {
      const old = await mkdtemp(join(parent, `.${name}.old-`));
      const parked = join(old, name);
      await rename(target, parked);
      try {
        await rename(tmp, target);
      } catch (error) {
        await rename(parked, target);
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
      spec.codes.failed,
      `cannot write the ${spec.what} to ${target}: ${(error as Error).message}`,
      { cause: error, details: { dir: target } },
    );
  }
  return [...files.keys()].map((rel) => join(target, rel)).sort();
}
