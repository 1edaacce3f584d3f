import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CrashscopeError, InvalidInputError } from '../errors.js';
import type { ChartRef, ReportDoc } from './doc.js';
import { sampleDoc } from './testkit/sample.js';
import { writeReport } from './writeReport.js';

function lineChart(id: string, reconstructed = false): ChartRef {
  return {
    id,
    title: `Chart ${id}`,
    sourceNote: 'Source: test',
    reconstructed,
    spec: {
      width: 300,
      height: 150,
      data: {
        values: [
          { x: 1, y: 2 },
          { x: 2, y: 3 },
        ],
      },
      mark: 'line',
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    },
  };
}
const findings = { schema: 'crashscope.findings/1', z: 1, a: [1, 2], m: { b: 2, a: 1 } };

let work = '';
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'crashscope-write-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('writeReport', () => {
  it('writes html, md, findings and every chart as .vl.json and .svg', async () => {
    const doc = sampleDoc([lineChart('one'), lineChart('two', true)]);
    const dir = join(work, 'out', 'report');
    const { files } = await writeReport(dir, doc, findings);
    const rel = files.map((f) => f.slice(dir.length + 1));
    expect(rel).toEqual([
      'charts/one.svg',
      'charts/one.vl.json',
      'charts/two.svg',
      'charts/two.vl.json',
      'findings.json',
      'report.html',
      'report.md',
    ]);
    expect(await readdir(join(work, 'out'))).toEqual(['report']);
    // Key order as given, pretty-printed.
    expect(await readFile(join(dir, 'findings.json'), 'utf8')).toBe(
      '{\n  "schema": "crashscope.findings/1",\n  "z": 1,\n  "a": [\n    1,\n    2\n  ],\n  "m": {\n    "b": 2,\n    "a": 1\n  }\n}\n',
    );
    expect(JSON.parse(await readFile(join(dir, 'charts/two.vl.json'), 'utf8'))).toEqual(
      lineChart('two').spec,
    );
    const svg = await readFile(join(dir, 'charts/one.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg role="img"/g)).toHaveLength(2);
    const md = await readFile(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('![Chart one](charts/one.svg)');
  });

  it('replaces a previous report in place and leaves no temporary directories', async () => {
    const dir = join(work, 'report');
    await writeReport(dir, sampleDoc([lineChart('old')]), { v: 1 });
    await writeReport(dir, sampleDoc([lineChart('new')]), { v: 2 });
    expect(await readdir(work)).toEqual(['report']);
    expect((await readdir(join(dir, 'charts'))).sort()).toEqual(['new.svg', 'new.vl.json']);
    expect(JSON.parse(await readFile(join(dir, 'findings.json'), 'utf8'))).toEqual({ v: 2 });
  });

  it('leaves nothing behind when a chart fails to render', async () => {
    const bad: ChartRef = {
      ...lineChart('bad'),
      spec: { data: { url: 'https://example.invalid/x.csv' }, mark: 'point' },
    };
    const dir = join(work, 'report');
    await expect(writeReport(dir, sampleDoc([lineChart('ok'), bad]), {})).rejects.toBeInstanceOf(
      InvalidInputError,
    );
    expect(await readdir(work)).toEqual([]);
  });

  it('keeps the previous report intact when the new one fails', async () => {
    const dir = join(work, 'report');
    await writeReport(dir, sampleDoc([lineChart('old')]), { v: 1 });
    const bad = { ...lineChart('bad'), spec: { layer: 'nope' } };
    await expect(writeReport(dir, sampleDoc([bad]), { v: 2 })).rejects.toBeInstanceOf(InvalidInputError);
    expect(await readdir(work)).toEqual(['report']);
    expect(JSON.parse(await readFile(join(dir, 'findings.json'), 'utf8'))).toEqual({ v: 1 });
  });

  it('refuses a directory holding other files, and leaves it untouched', async () => {
    const dir = join(work, 'mine');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'keep me');
    const err = await writeReport(dir, sampleDoc([lineChart('a')]), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).code).toBe('report_dir_not_empty');
    expect(await readdir(dir)).toEqual(['notes.txt']);
    expect(await readdir(work)).toEqual(['mine']);
  });

  it('rejects duplicate or unsafe chart ids and unserializable findings before writing', async () => {
    const dir = join(work, 'report');
    const dup: ReportDoc = sampleDoc([lineChart('same'), lineChart('Same')]);
    await expect(writeReport(dir, dup, {})).rejects.toMatchObject({ code: 'duplicate_chart_id' });
    await expect(writeReport(dir, sampleDoc([{ ...lineChart('x'), id: '../x' }]), {})).rejects.toMatchObject({
      code: 'invalid_chart_id',
    });
    await expect(writeReport(dir, sampleDoc([]), { big: 1n })).rejects.toMatchObject({
      code: 'invalid_json',
    });
    await expect(writeReport(dir, sampleDoc([]), undefined)).rejects.toMatchObject({ code: 'invalid_json' });
    expect(await readdir(work)).toEqual([]);
  });

  it('reports I/O failures as report_write_failed and cleans up', async () => {
    await writeFile(join(work, 'file'), 'x');
    const err = await writeReport(join(work, 'file', 'report'), sampleDoc([]), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrashscopeError);
    expect((err as CrashscopeError).code).toBe('report_write_failed');
    expect(await readdir(work)).toEqual(['file']);
  });
});
