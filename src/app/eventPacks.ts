/*
 * The package's embedded event packs: `<package root>/data/events/<date>/`. Shared by the use cases of the
 * CLI and (later) the web server.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError } from '../errors.js';

/** The directory holding the embedded packs. */
export function embeddedEventsDir(): string {
  // This file is src/app/eventPacks.ts or dist/app/eventPacks.js: two levels below the package root.
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'events');
}

/** Dates of the embedded packs, ascending. */
export function embeddedEvents(): string[] {
  const dir = embeddedEventsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'manifest.json')))
    .map((e) => e.name)
    .sort();
}

/** The directory of the embedded pack of `event`; InvalidInputError naming the packs there are otherwise. */
export function eventPackDir(event: string): string {
  const dir = join(embeddedEventsDir(), event);
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new InvalidInputError(
      'unknown_event',
      `--event ${event}: no embedded pack (available: ${embeddedEvents().join(', ') || 'none'}); use --date with --db for your own data`,
      { details: { event } },
    );
  }
  return dir;
}
