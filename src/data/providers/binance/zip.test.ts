import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crc32, readZip } from './zip.js';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

/** The CSV the three archives were built from (fixtures/README.md: Python zipfile and Info-ZIP zip). */
const csv = fixture('BTCUSDT-metrics-2026-01-02.csv');
const NAME = 'BTCUSDT-metrics-2026-01-02.csv';

describe('crc32', () => {
  it('gives the published check values', () => {
    // Check value of CRC-32/ISO-HDLC for "123456789" (RFC 1952's CRC, Greg Cook's CRC catalogue).
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    // "The quick brown fox jumps over the lazy dog": 0x414fa339, the usual zlib test string.
    expect(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });
});

describe('readZip', () => {
  it('reads a deflated entry (Python zipfile), a stored one (zip -0) and one with a data descriptor', () => {
    for (const file of ['BTCUSDT-metrics-2026-01-02.zip', 'stored.zip', 'streamed.zip']) {
      const out = readZip(fixture(file));
      expect(out.ok, file).toBe(true);
      if (!out.ok) continue;
      expect(
        out.entries.map((e) => e.name),
        file,
      ).toEqual([NAME]);
      expect(Buffer.from(out.entries[0]!.content).equals(Buffer.from(csv)), file).toBe(true);
    }
  });

  it('says why it cannot read damaged archives', () => {
    const good = fixture('BTCUSDT-metrics-2026-01-02.zip');
    const flip = (at: number): Uint8Array => {
      const b = Uint8Array.from(good);
      b[at] = b[at]! ^ 0xff;
      return b;
    };
    const stored = fixture('stored.zip');
    const storedFlip = Uint8Array.from(stored);
    // A byte inside the stored CSV: the CRC no longer matches (local header 30 + name 30 bytes, then data).
    storedFlip[30 + NAME.length + 100] = storedFlip[30 + NAME.length + 100]! ^ 0x01;
    const cases: [Uint8Array, string][] = [
      [
        new TextEncoder().encode('<Error><Code>NoSuchKey</Code></Error>'),
        'no end of central directory record',
      ],
      [good.subarray(0, good.length - 10), 'no end of central directory record'],
      [new Uint8Array(5), 'too short'],
      [flip(0), 'the local header of BTCUSDT-metrics-2026-01-02.csv is missing or damaged'],
      [storedFlip, 'BTCUSDT-metrics-2026-01-02.csv fails its CRC-32 check'],
    ];
    for (const [bytes, reason] of cases) {
      const out = readZip(bytes);
      expect(out.ok, reason).toBe(false);
      if (!out.ok) expect(out.reason, reason).toContain(reason);
    }
  });
});
