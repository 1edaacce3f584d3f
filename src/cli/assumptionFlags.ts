/*
 * One CLI flag per channel assumption, generated from the channels' zod schemas (the single source for
 * flags, JSON input and forms): `--<channel>-<assumption>` in kebab case, e.g. --dealer-options-spot-vol-beta.
 * Numbers, enums, booleans, nullable numbers ('none' for null), string lists (comma-separated) and records
 * (JSON) are supported. Values are parsed here and validated by the schema in the fragility map.
 */
import type { Command } from 'commander';
import type { ChannelId } from '../channels/channel.js';
import { CHANNELS } from '../channels/registry.js';
import { InvalidInputError } from '../errors.js';
import { refusePercentVol } from './decimalFlags.js';
import { parseNumberFlag } from './flags.js';

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (s: string) => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

interface ZodLike {
  readonly def: { readonly type: string; readonly innerType?: ZodLike; readonly defaultValue?: unknown };
  readonly description?: string;
  readonly options?: readonly string[];
}

export interface AssumptionFlag {
  readonly flag: string;
  readonly channel: ChannelId;
  readonly key: string;
  /** 'number' | 'enum' | 'boolean' | 'nullable-number' | 'list' | 'record' */
  readonly kind: string;
  readonly help: string;
}

function describe(z: ZodLike): { kind: string; options?: readonly string[] } {
  let t: ZodLike | undefined = z;
  let nullable = false;
  while (
    t !== undefined &&
    (t.def.type === 'default' || t.def.type === 'nullable' || t.def.type === 'optional')
  ) {
    if (t.def.type === 'nullable') nullable = true;
    t = t.def.innerType;
  }
  const type = t?.def.type ?? 'unknown';
  if (type === 'number') return { kind: nullable ? 'nullable-number' : 'number' };
  if (type === 'enum') return { kind: 'enum', options: t?.options ?? [] };
  if (type === 'boolean') return { kind: 'boolean' };
  if (type === 'array') return { kind: 'list' };
  if (type === 'record') return { kind: 'record' };
  return { kind: 'string' };
}

/** Every generated flag, in channel order. */
export function assumptionFlags(): AssumptionFlag[] {
  const out: AssumptionFlag[] = [];
  for (const c of CHANNELS) {
    const shape = (c.assumptions as unknown as { shape: Record<string, ZodLike> }).shape;
    for (const [key, z] of Object.entries(shape)) {
      const d = describe(z);
      const def = JSON.stringify(z.def.defaultValue);
      const opts = d.options ? ` (${d.options.join('|')})` : '';
      out.push({
        flag: `--${kebab(c.id)}-${kebab(key)}`,
        channel: c.id,
        key,
        kind: d.kind,
        help: `${z.description ?? key}${opts}; default ${def}`,
      });
    }
  }
  return out;
}

/** Registers the flags on a command. */
export function registerAssumptionFlags(cmd: Command): void {
  for (const f of assumptionFlags()) {
    const arg =
      f.kind === 'boolean'
        ? '<true|false>'
        : f.kind === 'list'
          ? '<a,b>'
          : f.kind === 'record'
            ? '<json>'
            : '<value>';
    cmd.option(`${f.flag} ${arg}`, f.help);
  }
}

/** A decimal vol assumption (`vol`, `...Vol`) typed as a percent is refused with the decimal to pass. */
function volGuard(f: AssumptionFlag, raw: string, v: number): number {
  return f.key === 'vol' || f.key.endsWith('Vol') ? refusePercentVol(f.flag, raw, v) : v;
}

function parseValue(f: AssumptionFlag, raw: string): unknown {
  switch (f.kind) {
    case 'number':
      return volGuard(f, raw, parseNumberFlag(f.flag, raw));
    case 'nullable-number':
      return raw === 'none' ? null : volGuard(f, raw, parseNumberFlag(f.flag, raw));
    case 'boolean':
      if (raw !== 'true' && raw !== 'false')
        throw new InvalidInputError('bad_flag', `${f.flag}: '${raw}' is not true or false`, {
          details: { flag: f.flag, raw },
        });
      return raw === 'true';
    case 'list':
      return raw
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');
    case 'record':
      try {
        return JSON.parse(raw);
      } catch {
        throw new InvalidInputError('bad_flag', `${f.flag}: '${raw}' is not JSON, e.g. '{"BITX":2}'`, {
          details: { flag: f.flag, raw },
        });
      }
    default:
      return raw;
  }
}

/** The assumptions given on the command line, by channel (validation happens in the fragility map). */
export function assumptionsFromOpts(
  opts: Readonly<Record<string, unknown>>,
): Partial<Record<ChannelId, Record<string, unknown>>> {
  const out: Partial<Record<ChannelId, Record<string, unknown>>> = {};
  for (const f of assumptionFlags()) {
    const raw = opts[camel(f.flag.slice(2))];
    if (typeof raw !== 'string') continue;
    out[f.channel] = { ...(out[f.channel] ?? {}), [f.key]: parseValue(f, raw) };
  }
  return out;
}
