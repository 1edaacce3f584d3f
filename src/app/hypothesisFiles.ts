/*
 * Reading hypothesis files (the I/O edge of forensics/hypothesisFile.ts): the general channel set shipped
 * in `<package root>/data/hypotheses/general.json`, an event pack's own `hypotheses.json`, or a user's file
 * (`analyze --hypotheses FILE`). Every failure is one InvalidInputError naming the file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError } from '../errors.js';
import { type HypothesisSet, parseHypothesisFile } from '../forensics/hypothesisFile.js';

/** The file name of an event pack's hypotheses. */
export const EVENT_HYPOTHESES_FILE = 'hypotheses.json';

/** The general set of channel hypotheses that applies to any day. */
export function generalHypothesesPath(): string {
  // This file is src/app/ or dist/app/: two levels below the package root.
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'hypotheses', 'general.json');
}

/**
 * Reads and validates a hypothesis file; `shownAs` is how errors name it (the path the user typed).
 * @example readHypothesisFile(generalHypothesesPath(), 'general set').hypotheses.length // 7
 */
export function readHypothesisFile(path: string, source: string, shownAs: string = path): HypothesisSet {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read';
    throw new InvalidInputError('bad_hypotheses', `${shownAs}: ${why}`, { details: { file: shownAs } });
  }
  return parseHypothesisFile(content, shownAs, source);
}

/**
 * The SHA-256 that `<packDir>/manifest.json` states for the pack's hypothesis file (its `inputs` entry);
 * InvalidInputError when the manifest cannot be read or does not list the file.
 */
function manifestHypothesesSha(packDir: string, shownAs: string): string {
  const path = join(packDir, 'manifest.json');
  let inputs: unknown;
  try {
    inputs = (JSON.parse(readFileSync(path, 'utf8')) as { inputs?: unknown }).inputs;
  } catch {
    throw new InvalidInputError('bad_hypotheses', `${shownAs}: the pack manifest ${path} cannot be read`, {
      details: { file: path },
    });
  }
  const entry = Array.isArray(inputs)
    ? (inputs as { path?: unknown; sha256?: unknown }[]).find((i) => i.path === EVENT_HYPOTHESES_FILE)
    : undefined;
  if (entry === undefined || typeof entry.sha256 !== 'string') {
    throw new InvalidInputError(
      'bad_hypotheses',
      `${shownAs}: not listed with its SHA-256 in the pack manifest ${path} (inputs)`,
      { details: { file: shownAs } },
    );
  }
  return entry.sha256;
}

/**
 * An event pack's hypothesis file, read only if its SHA-256 is the one the pack's manifest states (as every
 * data file of a pack is checked when loaded): an edited copy is refused, naming both digests.
 */
function readPackHypotheses(packDir: string, event: string): HypothesisSet {
  const path = join(packDir, EVENT_HYPOTHESES_FILE);
  const expected = manifestHypothesesSha(packDir, path);
  const digest = createHash('sha256').update(readFileSync(path)).digest('hex');
  if (digest !== expected) {
    throw new InvalidInputError(
      'bad_hypotheses',
      `${path}: SHA-256 is ${digest}, the manifest says ${expected}`,
      {
        details: { file: path, value: digest, expected },
      },
    );
  }
  return readHypothesisFile(path, `event pack ${event}`);
}

/**
 * The hypotheses a run scores: the user's file when given, else the event pack's own file when the pack
 * has one (checked against the pack manifest's SHA-256), else the general set.
 */
export function resolveHypotheses(
  userFile: { readonly path: string; readonly name: string } | undefined,
  packDir: string | null,
  event: string,
): HypothesisSet {
  if (userFile !== undefined) return readHypothesisFile(userFile.path, userFile.name, userFile.name);
  if (packDir !== null && existsSync(join(packDir, EVENT_HYPOTHESES_FILE)))
    return readPackHypotheses(packDir, event);
  return readHypothesisFile(generalHypothesesPath(), 'general set');
}
