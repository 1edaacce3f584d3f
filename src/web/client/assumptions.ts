/**
 * The channel-assumptions form, generated from the JSON Schema of each channel's zod schema
 * (`/api/fragility/assumptions`): one field per property — a number input (with the schema's bounds), a
 * select for an enum, a checkbox for a boolean, JSON text otherwise. Shared by the Fragility page (values in
 * its URL) and the Simulate page (values in its URL and in the body of POST /api/simulate). A field's key is
 * `<channel>.<assumption>`, as in the URLs; an empty field (or the default) means "the channel's default".
 */
import { el } from './common.js';

export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: unknown;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
}

export interface ChannelSchema {
  readonly id: string;
  readonly title: string;
  readonly schema: JsonSchema;
}

export interface AssumptionsAnswer {
  readonly defaultAsOf: string;
  readonly channels: readonly ChannelSchema[];
}

export type FieldKind = 'number' | 'enum' | 'boolean' | 'json';

/** The kind of input a property gets: number, nullable number, enum, boolean, or JSON text. */
export function kindOf(s: JsonSchema): { kind: FieldKind; nullable: boolean; options?: readonly unknown[] } {
  const parts = s.anyOf ?? [s];
  const nullable = parts.some((p) => p.type === 'null' || (Array.isArray(p.type) && p.type.includes('null')));
  const main = parts.find((p) => p.type !== 'null') ?? s;
  if (main.enum !== undefined) return { kind: 'enum', nullable, options: main.enum };
  const t = Array.isArray(main.type) ? main.type.find((x) => x !== 'null') : main.type;
  if (t === 'number' || t === 'integer') return { kind: 'number', nullable };
  if (t === 'boolean') return { kind: 'boolean', nullable };
  return { kind: 'json', nullable };
}

/**
 * One field. `current` is the value as written in the URL (null = default); `onChange(key, value)` gets the new
 * text, or null when it is back to the default.
 */
export function assumptionField(
  channel: string,
  name: string,
  s: JsonSchema,
  current: string | null,
  onChange: (key: string, value: string | null) => void,
): HTMLElement {
  const key = `${channel}.${name}`;
  const k = kindOf(s);
  const id = `a-${channel}-${name}`;
  let input: HTMLInputElement | HTMLSelectElement;
  if (k.kind === 'enum') {
    const sel = el(
      'select',
      { id, 'data-key': key },
      ...(k.options ?? []).map((o) => el('option', { value: String(o) }, String(o))),
    ) as HTMLSelectElement;
    sel.value = current ?? String(s.default ?? k.options?.[0] ?? '');
    sel.addEventListener('change', () => onChange(key, sel.value === String(s.default) ? null : sel.value));
    input = sel;
  } else if (k.kind === 'boolean') {
    const box = el('input', { id, type: 'checkbox', 'data-key': key }) as HTMLInputElement;
    box.checked = current === null ? s.default === true : current === 'true';
    box.addEventListener('change', () =>
      onChange(key, box.checked === (s.default === true) ? null : String(box.checked)),
    );
    input = box;
  } else {
    const attrs: Record<string, string> = {
      id,
      'data-key': key,
      type: k.kind === 'number' ? 'number' : 'text',
      step: 'any',
    };
    const main = (s.anyOf ?? [s]).find((p) => p.type !== 'null') ?? s;
    if (main.minimum !== undefined) attrs.min = String(main.minimum);
    if (main.maximum !== undefined) attrs.max = String(main.maximum);
    const box = el('input', attrs) as HTMLInputElement;
    const def =
      s.default === undefined || s.default === null
        ? ''
        : k.kind === 'json'
          ? JSON.stringify(s.default)
          : String(s.default);
    box.placeholder = k.nullable ? `${def || 'none'} (empty = default)` : def;
    box.value = current ?? '';
    box.addEventListener('change', () => {
      const v = box.value.trim();
      onChange(key, v === '' ? null : v);
    });
    input = box;
  }
  return el(
    'div',
    { class: 'row' },
    el('label', { for: id, title: s.description ?? name }, name),
    input,
    el('span', { class: 'muted' }, s.description ?? ''),
  );
}

/** One fieldset per channel, with a field per property of its schema. */
export function assumptionFieldsets(
  channels: readonly ChannelSchema[],
  current: (key: string) => string | null,
  onChange: (key: string, value: string | null) => void,
): HTMLElement[] {
  return channels.map((c) =>
    el(
      'fieldset',
      { 'data-channel': c.id },
      el('legend', {}, c.title),
      ...Object.entries(c.schema.properties ?? {}).map(([name, s]) =>
        assumptionField(c.id, name, s, current(`${c.id}.${name}`), onChange),
      ),
    ),
  );
}

/**
 * The typed assumptions of the fields' texts (`<channel>.<assumption>` -> text), by each property's kind: a
 * number, a boolean, an enum's text, parsed JSON; 'null' for a nullable field. Text that does not parse is
 * sent as written, so the server's schema names it in its 400.
 */
export function typedAssumptions(
  channels: readonly ChannelSchema[],
  texts: ReadonlyMap<string, string>,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const c of channels) {
    for (const [name, s] of Object.entries(c.schema.properties ?? {})) {
      const raw = texts.get(`${c.id}.${name}`);
      if (raw === undefined) continue;
      const k = kindOf(s);
      let v: unknown = raw;
      if (k.nullable && raw === 'null') v = null;
      else if (k.kind === 'number' && raw !== '' && Number.isFinite(Number(raw))) v = Number(raw);
      else if (k.kind === 'boolean') v = raw === 'true';
      else if (k.kind === 'json') {
        try {
          v = JSON.parse(raw);
        } catch {
          v = raw;
        }
      }
      out[c.id] = { ...out[c.id], [name]: v };
    }
  }
  return out;
}
