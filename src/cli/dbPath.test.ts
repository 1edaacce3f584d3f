import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDbPath } from './dbPath.js';

describe('resolveDbPath', () => {
  const io = (env: Record<string, string>) => ({ env, cwd: '/work' });
  it.each([
    [
      'flag wins',
      'data/x.duckdb',
      { CRASHSCOPE_DB: '/env.duckdb', XDG_DATA_HOME: '/xdg' },
      '/work/data/x.duckdb',
    ],
    ['then CRASHSCOPE_DB', undefined, { CRASHSCOPE_DB: '/env.duckdb', XDG_DATA_HOME: '/xdg' }, '/env.duckdb'],
    [
      'then XDG_DATA_HOME',
      undefined,
      { XDG_DATA_HOME: '/xdg', HOME: '/home/u' },
      '/xdg/crashscope/crashscope.duckdb',
    ],
    [
      'a relative XDG_DATA_HOME is ignored',
      undefined,
      { XDG_DATA_HOME: 'rel', HOME: '/home/u' },
      '/home/u/.local/share/crashscope/crashscope.duckdb',
    ],
    [
      'then ~/.local/share',
      undefined,
      { HOME: '/home/u' },
      join('/home/u', '.local', 'share', 'crashscope', 'crashscope.duckdb'),
    ],
    ['an in-memory store stays in memory', ':memory:', {}, ':memory:'],
  ])('%s', (_name, flag, env, expected) => expect(resolveDbPath(flag, io(env))).toBe(expected));
});
