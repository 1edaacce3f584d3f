import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { eventPackDir } from './eventPacks.js';
import { generalHypothesesPath, readHypothesisFile, resolveHypotheses } from './hypothesisFiles.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crashscope-hyp-'));
});
afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('resolveHypotheses: which file a run scores', () => {
  it('the general set for a day without a pack; the pack’s own file for an embedded event', () => {
    const general = resolveHypotheses(undefined, null, '2026-01-07');
    expect(general.source).toBe('general set');
    expect(general.name).toBe(readHypothesisFile(generalHypothesesPath(), 'x').name);
    const event = resolveHypotheses(undefined, eventPackDir('2026-02-05'), '2026-02-05');
    expect(event.source).toBe('event pack 2026-02-05');
    expect(event.hypotheses.map((h) => h.id)).toEqual(['H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7']);
    // A pack directory without a hypothesis file falls back to the general set.
    expect(resolveHypotheses(undefined, dir, '2026-01-07').source).toBe('general set');
  });

  it('a user file wins, named as typed; a missing one is bad input naming it', async () => {
    const path = join(dir, 'mine.json');
    await writeFile(
      path,
      JSON.stringify({
        schema: 'crashscope.hypotheses/1',
        name: 'mine',
        hypotheses: [
          {
            id: 'x',
            title: 'X',
            claim: 'c',
            channel: 'exogenous',
            rules: [
              { id: 'x.r', description: 'd', metric: 'stress.z', comparison: '>=', threshold: 1, weight: 1 },
            ],
          },
        ],
      }),
    );
    const set = resolveHypotheses({ path, name: 'mine.json' }, eventPackDir('2026-02-05'), '2026-02-05');
    expect([set.name, set.source]).toEqual(['mine', 'mine.json']);
    const absent = () =>
      resolveHypotheses({ path: join(dir, 'absent.json'), name: 'absent.json' }, null, 'x');
    expect(absent).toThrow(InvalidInputError);
    expect(absent).toThrow(/^absent\.json: no such file$/);
  });

  it('an event pack’s file is read only when its SHA-256 is the manifest’s; an edited copy is refused', async () => {
    const pack = join(dir, 'pack');
    await cp(eventPackDir('2026-02-05'), pack, { recursive: true });
    expect(resolveHypotheses(undefined, pack, '2026-02-05').hypotheses).toHaveLength(7);
    const file = join(pack, 'hypotheses.json');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"threshold": 3', '"threshold": 2'));
    expect(await readFile(file, 'utf8')).not.toBe(text);
    const edited = () => resolveHypotheses(undefined, pack, '2026-02-05');
    expect(edited).toThrow(InvalidInputError);
    expect(edited).toThrow(/hypotheses\.json: SHA-256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64}$/);
    // A manifest that does not list the file: nothing to check it against, so it is refused too.
    await writeFile(file, text);
    const manifest = JSON.parse(await readFile(join(pack, 'manifest.json'), 'utf8')) as { inputs: unknown[] };
    manifest.inputs = [];
    await writeFile(join(pack, 'manifest.json'), JSON.stringify(manifest));
    expect(edited).toThrow(/not listed with its SHA-256 in the pack manifest/);
  });
});
