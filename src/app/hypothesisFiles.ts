/*
 * Reading hypothesis files (the I/O edge of forensics/hypothesisFile.ts): the general channel set shipped
 * in `<package root>/data/hypotheses/general.json`, an event pack's own `hypotheses.json`, or a user's file
 * (`analyze --hypotheses FILE`). Every failure is one InvalidInputError naming the file.
 */
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
 * The hypotheses a run scores: the user's file when given, else the event pack's own file when the pack
 * has one, else the general set.
 */
export function resolveHypotheses(
  userFile: { readonly path: string; readonly name: string } | undefined,
  packDir: string | null,
  event: string,
): HypothesisSet {
  if (userFile !== undefined) return readHypothesisFile(userFile.path, userFile.name, userFile.name);
  if (packDir !== null && existsSync(join(packDir, EVENT_HYPOTHESES_FILE))) {
    return readHypothesisFile(join(packDir, EVENT_HYPOTHESES_FILE), `event pack ${event}`);
  }
  return readHypothesisFile(generalHypothesesPath(), 'general set');
}
