/*
 * Provenance of the pack's rows (data contract): quality 'published' for a row that carries a figure of
 * published-facts.json exactly, 'reconstructed' for rows made by this generator.
 */

export type Quality = 'observed' | 'published' | 'reconstructed';

/** A published figure reproduced in a table cell: listed in manifest.json and checked by anchors.test.ts. */
export interface AnchorUse {
  readonly key: string;
  readonly column: string;
  readonly value: number;
  readonly source: string;
  readonly note?: string;
}
