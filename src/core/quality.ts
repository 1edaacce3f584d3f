/*
 * Provenance quality of a value (DESIGN.md section 3, docs/DATA.md "Provenance"):
 *  - `observed`: read from a data source (an exchange, a fund's file, a quote vendor);
 *  - `published`: a figure taken from a cited page, exactly as published;
 *  - `reconstructed`: made by a documented, seeded model to fill what no public source gives.
 * A number's quality is that of its weakest input; the order below is from strongest to weakest.
 */

/** The three qualities, strongest first. */
export const QUALITIES = ['observed', 'published', 'reconstructed'] as const;

export type Quality = (typeof QUALITIES)[number];

const RANK: Readonly<Record<Quality, number>> = { observed: 0, published: 1, reconstructed: 2 };

/**
 * The weakest of some qualities; `observed` for none.
 * @example worstQuality(['observed', 'reconstructed', 'published']) // 'reconstructed'
 */
export function worstQuality(qualities: Iterable<Quality>): Quality {
  let worst: Quality = 'observed';
  for (const q of qualities) if (RANK[q] > RANK[worst]) worst = q;
  return worst;
}

/** True when a value of this quality may count as evidence (observed or published data). */
export function isEvidence(q: Quality): boolean {
  return q !== 'reconstructed';
}
