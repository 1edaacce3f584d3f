import type { Quality } from './quality.js';

/*
 * Where an input of a computed value came from (DESIGN.md section 3, docs/DATA.md "Provenance"). It lives in
 * core/ so that both the market snapshot (src/market/) and the channel books (src/channels/) can name it with
 * imports that point down.
 */

/** Where an input of a book came from: a table of the store (or an assumption) and its quality. */
export interface InputProvenance {
  /** A store table (`option_chain`), or `assumption:<name>` for a value taken from the assumptions. */
  readonly input: string;
  readonly quality: Quality;
  /** Row sources (`deribit:public/get_book_summary_by_currency`, `event-pack:…`). */
  readonly sources: readonly string[];
  readonly rows: number;
  /** The instant of the data used, ISO-8601 UTC, when it has one. */
  readonly asOf: string | null;
}
