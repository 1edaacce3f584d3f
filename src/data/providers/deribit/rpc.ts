/**
 * Deribit's JSON-RPC 2.0 envelope over HTTP GET (https://docs.deribit.com/, "JSON-RPC"): a success is
 * `{ "jsonrpc": "2.0", "result": ..., "usIn", "usOut", "usDiff", "testnet" }`, an error
 * `{ "jsonrpc": "2.0", "error": { "code", "message", "data"? }, ... }` (the provider's vendor table maps the
 * codes; the HTTP client turns them into typed errors before a transform sees the body).
 */
import { type PayloadWhere, payloadError } from '../payload.js';

/** True for a plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The `result` of a JSON-RPC success body; a PayloadError naming `<prefix>jsonrpc` or `<prefix>result`
 * when the envelope is not Deribit's.
 * @example rpcResult({ provider: 'deribit', dataset: 'bars' }, { jsonrpc: '2.0', result: [] }) // []
 */
export function rpcResult(where: PayloadWhere, body: unknown, prefix = ''): unknown {
  if (!isRecord(body)) {
    throw payloadError(
      where,
      prefix === '' ? '(body)' : prefix.replace(/\.$/, ''),
      body,
      'a JSON-RPC object',
    );
  }
  if (body.jsonrpc !== '2.0') throw payloadError(where, `${prefix}jsonrpc`, body.jsonrpc, "'2.0'");
  if (body.result === undefined) {
    throw payloadError(where, `${prefix}result`, body.result, 'the JSON-RPC result (the body has none)');
  }
  return body.result;
}

/**
 * A number field that the documentation allows to be null or absent: the number, or null; a PayloadError
 * naming `field` for anything else (a numeric string included).
 * @example nullableNumber({ provider: 'deribit', dataset: 'option_chain' }, 'result[0].volume', null) // null
 */
export function nullableNumber(where: PayloadWhere, field: string, v: unknown): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw payloadError(where, field, v, 'a number or null');
}
