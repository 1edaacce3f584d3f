import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PayloadError } from '../../../errors.js';
import { SkipCounter } from '../payload.js';
import { type MetricsDay, metricsPath, parseMetricsCsv, readMetricsDay } from './metricsArchive.js';

const WHERE = { provider: 'binance', dataset: 'open_interest' } as const;
const FILE = 'BTCUSDT-metrics-2026-01-02.zip';
const bytes = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const checksum = bytes(`${FILE}.CHECKSUM`).toString('utf8');

/** A published day as extract hands it over: the .CHECKSUM text and the zip's bytes in base64. */
function day(zip: Buffer = bytes(FILE), sum: string = checksum): MetricsDay & { published: true } {
  return {
    date: '2026-01-02',
    file: FILE,
    url: `https://data.binance.vision${metricsPath('BTCUSDT', '2026-01-02')}`,
    published: true,
    checksum: sum,
    zipBase64: zip.toString('base64'),
  };
}

describe('binance metrics archive', () => {
  it('names the daily file as data.binance.vision does', () => {
    expect(metricsPath('BTCUSDT', '2026-01-02')).toBe(
      '/data/futures/um/daily/metrics/BTCUSDT/BTCUSDT-metrics-2026-01-02.zip',
    );
  });

  it('verifies the checksum, unzips and reads the 5-minute snapshots (values hand-read from the CSV)', () => {
    const skipped = new SkipCounter();
    const records = readMetricsDay(WHERE, day(), 'BTCUSDT', skipped);
    // 14 data lines: 00:00 to 01:00 every 5 minutes, 00:40 twice, 00:35 without a value.
    expect(records).toHaveLength(13);
    expect(records[0]).toEqual({
      ms: Date.UTC(2026, 0, 2, 0, 0, 0),
      oi: 96512.403,
      value: 8482513421.0452,
      where: 'BTCUSDT-metrics-2026-01-02.csv line 2',
    });
    expect(records.filter((r) => r.ms === Date.UTC(2026, 0, 2, 0, 40)).map((r) => r.oi)).toEqual([
      96580.015, 96581.5,
    ]);
    expect(records[12]).toMatchObject({
      ms: Date.UTC(2026, 0, 2, 1, 0),
      oi: 96640.307,
      value: 8497718834.9055,
    });
    expect(skipped.list()).toEqual([{ reason: 'null_values', count: 1 }]);
  });

  it('refuses a file whose SHA-256 is not the one its .CHECKSUM states', () => {
    const zip = bytes(FILE);
    const tampered = Buffer.from(zip);
    tampered[tampered.length - 30] = tampered[tampered.length - 30]! ^ 0x01;
    const call = (): unknown => readMetricsDay(WHERE, day(tampered), 'BTCUSDT', new SkipCounter());
    expect(call).toThrow(PayloadError);
    expect(call).toThrow(
      /^binance open_interest: payload field BTCUSDT-metrics-2026-01-02\.zip: "sha256 [0-9a-f]{64}": expected the SHA-256 its \.CHECKSUM states \(d139907032c252847bbe2f6a30fb0f61059a0984bb12c2f3399263ec18f4047b\); the file is refused$/,
    );
  });

  it('refuses a checksum file for another file or without a digest', () => {
    for (const sum of [
      'd139907032c252847bbe2f6a30fb0f61059a0984bb12c2f3399263ec18f4047b  ETHUSDT-metrics-2026-01-02.zip',
      '<Error>NoSuchKey</Error>',
      '',
    ]) {
      const call = (): unknown => readMetricsDay(WHERE, day(bytes(FILE), sum), 'BTCUSDT', new SkipCounter());
      expect(call, sum).toThrow(`binance open_interest: payload field ${FILE}.CHECKSUM`);
    }
  });

  it('refuses an archive that is not a zip, even when its checksum matches', () => {
    const notZip = Buffer.from('<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>');
    const sum = `${createHash('sha256').update(notZip).digest('hex')}  ${FILE}\n`;
    expect(() => readMetricsDay(WHERE, day(notZip, sum), 'BTCUSDT', new SkipCounter())).toThrow(
      'expected a readable zip archive (no end of central directory record',
    );
  });

  it('parses CSV lines by header name, CRLF or LF, and names the file, line and column of a bad value', () => {
    const header = 'create_time,symbol,sum_open_interest,sum_open_interest_value';
    const ok = parseMetricsCsv(
      WHERE,
      'f.csv',
      `${header}\r\n2026-01-02 00:05:00,BTCUSDT,1.5,2.25\r\n2026-01-02 00:10:00,ETHUSDT,3,4\r\n`,
      'BTCUSDT',
      new SkipCounter(),
    );
    expect(ok).toEqual([{ ms: Date.UTC(2026, 0, 2, 0, 5), oi: 1.5, value: 2.25, where: 'f.csv line 2' }]);
    const bad = [
      ['create_time,symbol,sum_open_interest\n', 'payload field f.csv line 1 (header)'],
      [
        `${header}\n2026-01-02T00:05:00Z,BTCUSDT,1,2\n`,
        'payload field f.csv line 2 create_time: "2026-01-02T00:05:00Z"',
      ],
      [
        `${header}\n2026-02-30 00:05:00,BTCUSDT,1,2\n`,
        'payload field f.csv line 2 create_time: "2026-02-30 00:05:00"',
      ],
      [
        `${header}\n2026-01-02 00:05:00,BTCUSDT,1\n`,
        'payload field f.csv line 2: "2026-01-02 00:05:00,BTCUSDT,1": expected 4 comma-separated values',
      ],
      [
        `${header}\n2026-01-02 00:05:00,BTCUSDT,1.2.3,2\n`,
        'payload field f.csv line 2 sum_open_interest: "1.2.3": expected a decimal number (BTC)',
      ],
      [
        `${header}\n2026-01-02 00:05:00,BTCUSDT,1,n/a\n`,
        'payload field f.csv line 2 sum_open_interest_value: "n/a"',
      ],
    ] as const;
    for (const [text, message] of bad) {
      const call = (): unknown => parseMetricsCsv(WHERE, 'f.csv', text, 'BTCUSDT', new SkipCounter());
      expect(call, message).toThrow(PayloadError);
      expect(call, message).toThrow(`binance open_interest: ${message}`);
    }
  });
});
