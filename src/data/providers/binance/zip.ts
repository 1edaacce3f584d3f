/**
 * A minimal reader for the zip files of data.binance.vision (one CSV per archive), so that no dependency is
 * needed: the central directory gives each entry's name, method, CRC-32 and sizes (also when the local
 * header defers them to a data descriptor), the local header gives where the data starts, and node:zlib
 * inflates raw DEFLATE data. Stored (method 0) and deflated (method 8) entries are read; encryption, ZIP64
 * and multi-disk archives are refused with a reason.
 *
 * Layout from PKWARE's APPNOTE.TXT 6.3.10 (https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT):
 * local file header 4.3.7, data descriptor 4.3.9, central directory file header 4.3.12, end of central
 * directory record 4.3.16; all integers little-endian. CRC-32 is the ISO 3309 / ITU-T V.42 polynomial
 * (reflected 0xEDB88320, initial and final XOR 0xFFFFFFFF), as in RFC 1952 section 8.
 */
import { inflateRawSync } from 'node:zlib';

/** One file in an archive, decompressed and checked against its CRC-32 and size. */
export interface ZipEntry {
  readonly name: string;
  readonly content: Uint8Array;
}

export type ZipResult =
  | { readonly ok: true; readonly entries: readonly ZipEntry[] }
  | { readonly ok: false; readonly reason: string };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;

let crcTable: Uint32Array | undefined;

/**
 * CRC-32 of bytes (ISO 3309, as used by zip and gzip).
 * @example crc32(new TextEncoder().encode('123456789')) // 0xcbf43926 (the standard check value)
 */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The entries of a zip archive, or why it cannot be read.
 * @example readZip(bytesOfAZipWithOneCsv) // { ok: true, entries: [{ name: 'BTCUSDT-metrics-2026-01-02.csv', content: Uint8Array(...) }] }
 */
export function readZip(bytes: Uint8Array): ZipResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  if (bytes.length < EOCD_SIZE)
    return { ok: false, reason: `${bytes.length} bytes is too short for a zip archive` };

  // The end record sits at the very end unless a comment (up to 65535 bytes) follows it.
  let eocd = -1;
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at--) {
    if (u32(at) === EOCD_SIGNATURE && at + EOCD_SIZE + u16(at + 20) === bytes.length) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0)
    return { ok: false, reason: 'no end of central directory record (not a zip archive, or cut short)' };
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0)
    return { ok: false, reason: 'multi-disk archives are not supported' };
  const count = u16(eocd + 10);
  const dirSize = u32(eocd + 12);
  const dirOffset = u32(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff)
    return { ok: false, reason: 'ZIP64 archives are not supported' };
  if (dirOffset + dirSize > eocd)
    return { ok: false, reason: 'the central directory lies outside the archive' };

  const entries: ZipEntry[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_SIZE > eocd || u32(at) !== CENTRAL_SIGNATURE) {
      return { ok: false, reason: `central directory entry ${i} is missing or damaged` };
    }
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const crc = u32(at + 16);
    const compressedSize = u32(at + 20);
    const size = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const localOffset = u32(at + 42);
    const name = new TextDecoder().decode(bytes.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength));
    at += CENTRAL_SIZE + nameLength + extraLength + commentLength;

    if (flags & 1) return { ok: false, reason: `${name} is encrypted` };
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
      return { ok: false, reason: `${name} needs ZIP64, which is not supported` };
    }
    if (localOffset + LOCAL_SIZE > bytes.length || u32(localOffset) !== LOCAL_SIGNATURE) {
      return { ok: false, reason: `the local header of ${name} is missing or damaged` };
    }
    // The local header's own name and extra lengths, which may differ from the central directory's.
    const dataStart = localOffset + LOCAL_SIZE + u16(localOffset + 26) + u16(localOffset + 28);
    if (dataStart + compressedSize > bytes.length)
      return { ok: false, reason: `the data of ${name} is cut short` };
    const data = bytes.subarray(dataStart, dataStart + compressedSize);
    let content: Uint8Array;
    if (method === 0) {
      content = data;
    } else if (method === 8) {
      try {
        content = inflateRawSync(data);
      } catch (error) {
        return { ok: false, reason: `${name} does not inflate: ${(error as Error).message}` };
      }
    } else {
      return {
        ok: false,
        reason: `${name} uses compression method ${method}; only stored (0) and deflate (8) are read`,
      };
    }
    if (content.length !== size) {
      return {
        ok: false,
        reason: `${name} is ${content.length} bytes once read, the directory says ${size}`,
      };
    }
    if (crc32(content) !== crc) return { ok: false, reason: `${name} fails its CRC-32 check` };
    entries.push({ name, content });
  }
  return { ok: true, entries };
}
