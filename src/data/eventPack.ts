/**
 * Loading an event pack (shared/DESIGN.md section 4): a directory of CSV files plus manifest.json that
 * names, for each file, its model, row count, SHA-256, columns with units, qualities and sources. The
 * whole pack is one transaction: every file is written, or none.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { z } from 'zod';
import { DataError } from '../errors.js';
import type { Db } from '../store/db.js';
import { type ImportOptions, type ImportResult, importFiles, resolveModel } from './import/importFile.js';
import { isIsoDate, QUALITIES } from './models/defineModel.js';

/** The manifest's schema; unknown extra fields are allowed (and ignored) so a newer generator can add some. */
export const packManifestSchema = z.object({
  schema: z.literal(1),
  event: z.string().refine(isIsoDate, { message: 'expected an ISO date YYYY-MM-DD' }),
  generator: z.string().min(1),
  seed: z.number().int(),
  files: z
    .array(
      z.object({
        path: z.string().min(1),
        model: z.string().min(1),
        rows: z.number().int().nonnegative(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
        columns: z.array(z.object({ name: z.string().min(1), unit: z.string().nullable().optional() })),
        quality: z.array(z.enum(QUALITIES)).min(1),
        sources: z.array(z.string()),
        method: z.string().optional(),
      }),
    )
    .min(1),
});

export type PackManifest = Readonly<z.infer<typeof packManifestSchema>>;

/** What `loadPack` did. */
export interface PackLoadResult {
  readonly dir: string;
  readonly event: string;
  readonly files: readonly ImportResult[];
  /**
   * Columns whose manifest unit is worded differently from the model's unit. Informational: a manifest may
   * describe one file more precisely ('USD per IBIT share' where the model says 'underlying price').
   */
  readonly unitNotes: readonly string[];
}

/**
 * SHA-256 of a file, lowercase hex, streamed.
 * @example await sha256File('empty.txt') // 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Reads and validates `<dir>/manifest.json`; DataError names the field that is wrong.
 * @example (await readPackManifest('data/events/2026-02-05')).event // '2026-02-05'
 */
export async function readPackManifest(dir: string): Promise<PackManifest> {
  const path = join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DataError('pack_manifest_missing', `${path}: cannot read the pack manifest`, {
      cause: error,
      details: { file: path },
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataError(
      'bad_json',
      `${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      {
        cause: error,
        details: { file: path },
      },
    );
  }
  const parsed = packManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '');
    throw new DataError('bad_manifest', `${path}, field '${field}': ${issue.message}`, {
      details: { file: path, column: field, expected: issue.message },
    });
  }
  return parsed.data;
}

/**
 * Loads the pack in `dir` into the store in one transaction: validates the manifest, checks each file's
 * SHA-256, then imports every file with its model, checking row counts and qualities against the manifest.
 * @example (await loadPack(db, 'data/events/2026-02-05', { ingestedAt: '2026-02-06T00:00:00Z' })).files.length // 14
 */
export async function loadPack(db: Db, dir: string, options: ImportOptions): Promise<PackLoadResult> {
  const manifest = await readPackManifest(dir);
  const unitNotes: string[] = [];
  const specs = [];
  for (const [i, f] of manifest.files.entries()) {
    const where = `${join(dir, 'manifest.json')}, files[${i}]`;
    const rel = normalize(f.path);
    if (isAbsolute(f.path) || rel === '..' || rel.startsWith(`..${sep}`)) {
      throw new DataError(
        'bad_manifest',
        `${where}.path: '${f.path}' must be a path inside the pack directory`,
        {
          details: { file: f.path },
        },
      );
    }
    let model: ReturnType<typeof resolveModel>;
    try {
      model = resolveModel(f.model);
    } catch (error) {
      throw new DataError(
        'bad_manifest',
        `${where}.model: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
          details: { file: f.path, value: f.model },
        },
      );
    }
    const units = new Map(model.columns.map((c) => [c.name, c.unit]));
    for (const c of f.columns) {
      if (!units.has(c.name)) {
        throw new DataError(
          'bad_manifest',
          `${where}.columns: '${c.name}' is not a column of ${model.name}`,
          {
            details: { file: f.path, column: c.name },
          },
        );
      }
      const unit = units.get(c.name) ?? null;
      if (c.unit != null && unit !== null && c.unit !== unit) {
        unitNotes.push(
          `${f.path}: column '${c.name}' has unit '${c.unit}' in the manifest, '${unit}' in model ${model.name}`,
        );
      }
    }
    const path = join(dir, rel);
    let digest: string;
    try {
      digest = await sha256File(path);
    } catch (error) {
      throw new DataError('pack_file_missing', `${path}: listed in the manifest but cannot be read`, {
        cause: error,
        details: { file: path },
      });
    }
    if (digest !== f.sha256) {
      throw new DataError(
        'checksum_mismatch',
        `${path}: SHA-256 is ${digest}, the manifest says ${f.sha256}`,
        {
          details: { file: path, value: digest, expected: f.sha256 },
        },
      );
    }
    specs.push({
      path,
      file: path,
      model: model.name,
      requireProvenance: true,
      expect: { rows: f.rows, qualities: f.quality, sha256: f.sha256 },
    });
  }
  const files = await importFiles(db, specs, options);
  return { dir, event: manifest.event, files, unitNotes };
}
