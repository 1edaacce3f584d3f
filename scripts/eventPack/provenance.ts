/*
 * Provenance of the pack's values (data contract, docs/DATA.md "Provenance per value").
 * - Each row's `quality` is the WEAKEST quality of the values on it (observed > published >
 *   reconstructed) and its `source` names where that weakest value came from, so a reader that looks
 *   only at rows never takes a reconstructed number for evidence.
 * - provenance.csv lists the exceptions: every cell whose quality is stronger than its row's, keyed by
 *   table, row key (the natural key's values joined by one space, e.g. '2026-02-05 IBIT') and column,
 *   with its own quality and source. A cell's quality is its entry there, else its row's.
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

/** A cell whose quality is stronger than its row's (one row of provenance.csv). */
export interface CellQuality {
  readonly table: string;
  readonly key: string;
  readonly column: string;
  readonly quality: Quality;
  readonly source: string;
}

/** Quality + source of one value. */
export interface ValueQuality {
  readonly quality: Quality;
  readonly source: string;
}
