/*
 * Flag parsing shared by the commands (kept apart from run.ts so that commands never import the command
 * tree that imports them).
 */
import { InvalidInputError } from '../errors.js';

/** Parses a finite number flag, naming the flag and the value when it is not one. */
export function parseNumberFlag(flag: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw new InvalidInputError('bad_flag', `${flag}: '${raw}' is not a finite number`, {
      details: { flag, raw },
    });
  }
  return value;
}
