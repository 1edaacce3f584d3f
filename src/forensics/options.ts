import { InvalidInputError } from '../errors.js';

/**
 * What a forensics run looks at. Every default is a convention documented in docs/DATA.md (symbols and
 * venues as the store names them), never a property of one event: the event date is always an argument.
 */
export interface ForensicsOptions {
  /** ISO date of the day to explain. */
  readonly eventDate: string;
  /** The ETF whose volume, flows and options are analysed. */
  readonly etfTicker: string;
  /** Peer ETFs for aggregate flows; empty = every other ticker in etf_daily. */
  readonly peerTickers: readonly string[];
  /** options_daily underlying. */
  readonly optionsUnderlying: string;
  /** The BTC reference price series in `bars` (16:00 ET closes). */
  readonly btcReference: { readonly venue: string; readonly symbol: string };
  /** Cross-asset symbols compared with the ETF (daily bars). */
  readonly crossAssets: readonly string[];
  /** stress_series name of the fund-stress z-score. */
  readonly stressSeries: string;
  /** Start of the history used for ranks and models (the spot ETFs' launch by default). */
  readonly since: string;
  /** Dealer sign model for option chains. */
  readonly signModel: 'naive' | 'positions';
  /** Flat vol for the structured-note book; null = DVOL at the previous close (else the chain's ATM IV). */
  readonly noteVol: number | null;
  /** Venues compared for open interest. */
  readonly oiVenues: readonly string[];
  /** The run's BTC price grid for the channel books (forensics/books.ts), as fractions of spot, and its number of points. */
  readonly gridLo: number;
  readonly gridHi: number;
  readonly gridPoints: number;
  /** Days before/after the event shown around it. */
  readonly window: number;
}

export const DEFAULT_OPTIONS: Omit<ForensicsOptions, 'eventDate'> = {
  etfTicker: 'IBIT',
  peerTickers: [],
  optionsUnderlying: 'IBIT',
  btcReference: { venue: 'reference', symbol: 'BTC-USD' },
  crossAssets: ['IGV', 'GLD', 'QQQ'],
  stressSeries: 'pb_multistrat_perf_z',
  since: '2024-01-11',
  signModel: 'positions',
  noteVol: null,
  oiVenues: ['cme', 'binance'],
  // The fragility command's default grid (channels/grid.ts): ±40 % of spot on 401 points.
  gridLo: 0.6,
  gridHi: 1.4,
  gridPoints: 401,
  window: 3,
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Fills defaults and validates, naming the bad option. */
export function resolveOptions(partial: Partial<ForensicsOptions> & { eventDate: string }): ForensicsOptions {
  const o: ForensicsOptions = { ...DEFAULT_OPTIONS, ...partial };
  for (const [name, v] of [
    ['date', o.eventDate],
    ['since', o.since],
  ] as const) {
    if (!ISO_DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
      throw new InvalidInputError('bad_option', `--${name}: '${v}' is not an ISO date (YYYY-MM-DD)`, {
        details: { option: name, value: v },
      });
    }
  }
  if (o.signModel !== 'naive' && o.signModel !== 'positions') {
    throw new InvalidInputError('bad_flag', `--sign-model: '${o.signModel}' is not 'naive' or 'positions'`, {
      details: { flag: '--sign-model', raw: o.signModel },
    });
  }
  if (o.since >= o.eventDate) {
    throw new InvalidInputError(
      'bad_option',
      `--since ${o.since} must be before the event date ${o.eventDate}`,
      {
        details: { since: o.since, eventDate: o.eventDate },
      },
    );
  }
  if (!(o.gridLo > 0 && o.gridLo < 1 && o.gridHi > 1 && o.gridPoints >= 11)) {
    throw new InvalidInputError('bad_option', 'grid: need 0 < gridLo < 1 < gridHi and at least 11 points', {
      details: { gridLo: o.gridLo, gridHi: o.gridHi, gridPoints: o.gridPoints },
    });
  }
  if (o.noteVol !== null && !(o.noteVol > 0 && o.noteVol < 10)) {
    throw new InvalidInputError('bad_option', `--note-vol ${o.noteVol} must be a decimal vol in (0, 10)`, {
      details: { noteVol: o.noteVol },
    });
  }
  return o;
}
