import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelByName, modelNames } from './index.js';
import { modelDocs } from './modelDocs.js';

/** Markdown with table cells trimmed and separator rows reduced, so the formatter's alignment does not matter. */
function normalize(md: string): string {
  return md
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split(/(?<!\\)\|/)
            .map((cell) => cell.trim().replace(/^:?-+:?$/, '---'))
            .join('|')
        : line,
    )
    .join('\n');
}

const doc = normalize(readFileSync(resolve(import.meta.dirname, '../../../docs/DATA.md'), 'utf8'));

describe('docs/DATA.md', () => {
  it.each(modelNames)('documents %s exactly as the registry declares it', (name) => {
    // To update after a model change: regenerate the section with modelDocs() and paste it.
    expect(doc).toContain(normalize(modelDocs(modelByName(name))));
  });

  it('keeps the event-pack section heading', () => {
    expect(doc).toContain('\n## The 2026-02-05 event pack\n');
  });
});
