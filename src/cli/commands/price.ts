import type { Command } from 'commander';
import { InvalidInputError } from '../../errors.js';
import { barrierGreeks, validateBarrierInput } from '../../pricing/barrier.js';
import { bsGreeks } from '../../pricing/blackScholes.js';
import { dollarGamma1pct } from '../../pricing/exposures.js';
import { impliedVol } from '../../pricing/impliedVol.js';
import { inverseOption } from '../../pricing/inverse.js';
import type { BarrierInput, BarrierKind, BsInput, OptionType } from '../../pricing/types.js';
import { parseRateFlag, parseVolFlag } from '../decimalFlags.js';
import { parseNumberFlag } from '../flags.js';
import { type CliIo, printJson } from '../io.js';

interface MarketFlags {
  type: string;
  spot: string;
  strike: string;
  tau: string;
  rate: string;
  divYield: string;
  json?: boolean;
  perDay?: boolean;
  perVolPoint?: boolean;
}

function optionType(raw: string): OptionType {
  if (raw === 'call' || raw === 'put') return raw;
  throw new InvalidInputError('bad_flag', `--type: '${raw}' is not 'call' or 'put'`, {
    details: { flag: '--type', raw },
  });
}

function positive(flag: string, raw: string): number {
  const v = parseNumberFlag(flag, raw);
  if (!(v > 0))
    throw new InvalidInputError('bad_flag', `${flag}: ${raw} must be > 0`, { details: { flag, raw } });
  return v;
}

function nonNegative(flag: string, raw: string): number {
  const v = parseNumberFlag(flag, raw);
  if (!(v >= 0))
    throw new InvalidInputError('bad_flag', `${flag}: ${raw} must be >= 0`, { details: { flag, raw } });
  return v;
}

function market(f: MarketFlags): Omit<BsInput, 'vol'> {
  return {
    type: optionType(f.type),
    spot: positive('--spot', f.spot),
    strike: positive('--strike', f.strike),
    tau: nonNegative('--tau', f.tau),
    rate: parseRateFlag('--rate', f.rate),
    divYield: parseRateFlag('--div-yield', f.divYield),
  };
}

function withMarketOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--type <call|put>', 'option type')
    .requiredOption('--spot <number>', 'spot price (or forward with --div-yield equal to --rate)')
    .requiredOption('--strike <number>', 'strike price')
    .requiredOption('--tau <years>', 'time to expiry in years (ACT/365)')
    .option('--rate <decimal>', 'continuously compounded risk-free rate, decimal (0.04 = 4%)', '0')
    .option('--div-yield <decimal>', 'continuously compounded dividend/borrow yield, decimal', '0')
    .option('--json', 'print JSON');
}

/** The per-day / per-vol-point flags of the commands that print Greeks. */
function withScaleOptions(cmd: Command): Command {
  return cmd
    .option('--per-day', 'also print theta (and charm) per calendar day: the per-year value / 365')
    .option('--per-vol-point', 'also print vega (and vanna, volga) per vol point: the per-1.00 value / 100');
}

/**
 * The unit of every printed value (docs/METHODS.md): Greeks are derivatives per 1.00 of their variable,
 * theta and charm per year of calendar time (ACT/365).
 */
const UNITS: Readonly<Record<string, string>> = {
  price: 'premium per unit of underlying, in its currency',
  delta: 'd(price)/d(spot): per 1.00 of spot',
  gamma: 'd(delta)/d(spot): per 1.00 of spot',
  vega: 'd(price)/d(vol): per 1.00 of vol (100 vol points)',
  theta: 'd(price)/dt: per year of calendar time',
  rho: 'd(price)/d(rate): per 1.00 of rate',
  divRho: 'd(price)/d(div yield): per 1.00 of yield',
  vanna: 'd(delta)/d(vol): per 1.00 of vol',
  volga: 'd(vega)/d(vol): per 1.00 of vol, squared',
  charm: 'd(delta)/dt: per year',
  speed: 'd(gamma)/d(spot): per 1.00 of spot',
  dollarGamma1pct: 'change of the delta position, in currency, for a 1% spot move (gamma * S^2 / 100)',
  theta_per_day: 'theta / 365: per calendar day',
  charm_per_day: 'charm / 365: per calendar day',
  vega_per_vol_point: 'vega / 100: per vol point (0.01)',
  vanna_per_vol_point: 'vanna / 100: per vol point',
  volga_per_vol_point: 'volga / 100^2: per vol point, squared',
  priceBtc: 'premium in BTC per option on 1 BTC',
  priceUsd: 'premium in USD per option on 1 BTC',
  deltaPremiumAdjusted: 'delta - priceBtc: BTC exposure of a holder paying the premium in BTC',
  vol: 'annualized volatility, decimal',
  iterations: 'solver iterations',
};

/** Adds the per-day and per-vol-point versions of the Greeks present, when asked. */
function scaled(g: Readonly<Record<string, number>>, f: { perDay?: boolean; perVolPoint?: boolean }) {
  const out: Record<string, number> = {};
  if (f.perDay) {
    if (g.theta !== undefined) out.theta_per_day = g.theta / 365;
    if (g.charm !== undefined) out.charm_per_day = g.charm / 365;
  }
  if (f.perVolPoint) {
    if (g.vega !== undefined) out.vega_per_vol_point = g.vega / 100;
    if (g.vanna !== undefined) out.vanna_per_vol_point = g.vanna / 100;
    if (g.volga !== undefined) out.volga_per_vol_point = g.volga / 10_000;
  }
  return out;
}

/** `scaled` in the JSON output only when something was asked. */
function scaledJson(extra: Readonly<Record<string, number>>): { scaled?: Readonly<Record<string, number>> } {
  return Object.keys(extra).length === 0 ? {} : { scaled: extra };
}

/** The units of the keys of `values`, for --json. */
function unitsOf(values: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(Object.keys(values).map((k) => [k, UNITS[k] ?? '']));
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e9)) return v.toExponential(6);
  return v.toFixed(6);
}

/** name, value and unit, one line each. */
function printTable(
  io: CliIo,
  rows: Readonly<Record<string, number>>,
  units: Readonly<Record<string, string>> = UNITS,
): void {
  const width = Math.max(...Object.keys(rows).map((k) => k.length));
  for (const [k, v] of Object.entries(rows)) {
    io.stdout(`${`${k.padEnd(width)}  ${fmt(v).padStart(16)}  ${units[k] ?? ''}`.trimEnd()}\n`);
  }
}

const KINDS: readonly BarrierKind[] = ['down-in', 'down-out', 'up-in', 'up-out'];

/** `crashscope price bs|iv|barrier|inverse|demo`. */
export function registerPrice(program: Command, io: CliIo): void {
  const price = program.command('price').description('price options and solve implied volatility');

  withScaleOptions(
    withMarketOptions(price.command('bs').description('Black–Scholes–Merton price and Greeks')),
  )
    .requiredOption('--vol <decimal>', 'annualized volatility, decimal: 0.55 = 55%')
    .action((f: MarketFlags & { vol: string }) => {
      const input = { ...market(f), vol: parseVolFlag('--vol', f.vol) };
      const g = bsGreeks(input);
      const out = { ...g, dollarGamma1pct: dollarGamma1pct(g.gamma, input.spot) };
      const extra = scaled(out, f);
      if (f.json)
        printJson(io, { input, greeks: out, ...scaledJson(extra), units: unitsOf({ ...out, ...extra }) });
      else printTable(io, { ...out, ...extra });
    });

  withMarketOptions(price.command('iv').description('implied volatility (Jäckel, "Let\'s Be Rational")'))
    .requiredOption('--price <number>', 'discounted option premium')
    .action((f: MarketFlags & { price: string }) => {
      const m = market(f);
      const premium = nonNegative('--price', f.price);
      const r = impliedVol({ ...m, price: premium });
      if (!r.ok) {
        throw new InvalidInputError(
          'no_implied_vol',
          `no implied volatility for price ${premium}: ${r.code}`,
          {
            details: { code: r.code, ...m, price: premium },
          },
        );
      }
      if (f.json) printJson(io, { input: { ...m, price: premium }, vol: r.vol, iterations: r.iterations });
      else printTable(io, { vol: r.vol, iterations: r.iterations });
    });

  withScaleOptions(
    withMarketOptions(
      price.command('barrier').description('single-barrier option price and Greeks (Reiner–Rubinstein)'),
    ),
  )
    .requiredOption('--vol <decimal>', 'annualized volatility, decimal: 0.90 = 90%')
    .requiredOption('--kind <kind>', `barrier kind: ${KINDS.join(', ')}`)
    .requiredOption('--barrier <number>', 'barrier level')
    .option('--rebate <number>', 'cash rebate (knock-out: paid at hit; knock-in: at expiry)', '0')
    .option('--monitoring <continuous|daily|years>', 'barrier monitoring', 'continuous')
    .option(
      '--touched',
      'accept a barrier already at or beyond spot (knock-in = vanilla, knock-out = rebate)',
    )
    .action(
      (
        f: MarketFlags & {
          vol: string;
          kind: string;
          barrier: string;
          rebate: string;
          monitoring: string;
          touched?: boolean;
        },
      ) => {
        if (!KINDS.includes(f.kind as BarrierKind)) {
          throw new InvalidInputError('bad_flag', `--kind: '${f.kind}' is not one of ${KINDS.join(', ')}`, {
            details: { flag: '--kind', raw: f.kind },
          });
        }
        const monitoringInterval =
          f.monitoring === 'continuous'
            ? undefined
            : f.monitoring === 'daily'
              ? 1 / 365
              : positive('--monitoring', f.monitoring);
        const input: BarrierInput = {
          ...market(f),
          vol: parseVolFlag('--vol', f.vol),
          kind: f.kind as BarrierKind,
          barrier: positive('--barrier', f.barrier),
          rebate: nonNegative('--rebate', f.rebate),
          ...(monitoringInterval === undefined ? {} : { monitoringInterval }),
        };
        validateBarrierInput(input);
        const down = input.kind.startsWith('down');
        if (!f.touched && (down ? input.spot <= input.barrier : input.spot >= input.barrier)) {
          throw new InvalidInputError(
            'barrier_wrong_side',
            `--barrier ${input.barrier} is ${down ? 'at or above' : 'at or below'} spot ${input.spot} for a ${input.kind} option: ` +
              'it is already touched (a knock-in is then the vanilla, a knock-out its rebate); pass --touched to price it so',
            { details: { kind: input.kind, spot: input.spot, barrier: input.barrier } },
          );
        }
        const g = barrierGreeks(input);
        const extra = scaled({ ...g }, f);
        if (f.json)
          printJson(io, { input, greeks: g, ...scaledJson(extra), units: unitsOf({ ...g, ...extra }) });
        else printTable(io, { ...g, ...extra });
      },
    );

  price
    .command('inverse')
    .description('Deribit-style coin-settled option: premium in BTC and USD, USD and premium-adjusted deltas')
    .requiredOption('--type <call|put>', 'option type')
    .requiredOption('--forward <usd>', "Deribit's underlying price for the expiry, USD per BTC")
    .requiredOption('--strike <usd>', 'strike, USD per BTC')
    .requiredOption('--tau <years>', 'time to expiry in years')
    .requiredOption('--vol <decimal>', 'annualized volatility, decimal (mark IV / 100)')
    .option('--json', 'print JSON')
    .option('--per-day', 'also print theta per calendar day: the per-year value / 365')
    .option('--per-vol-point', 'also print vega per vol point: the per-1.00 value / 100')
    .action(
      (f: {
        type: string;
        forward: string;
        strike: string;
        tau: string;
        vol: string;
        json?: boolean;
        perDay?: boolean;
        perVolPoint?: boolean;
      }) => {
        const input = {
          type: optionType(f.type),
          forward: positive('--forward', f.forward),
          strike: positive('--strike', f.strike),
          tau: nonNegative('--tau', f.tau),
          vol: parseVolFlag('--vol', f.vol),
        };
        const v = inverseOption(input);
        const extra = scaled({ ...v }, f);
        const units = {
          ...unitsOf({ ...v, ...extra }),
          delta: 'd(priceUsd)/d(forward): BTC per option',
          gamma: 'd(delta)/d(forward): per USD',
          vega: 'USD per 1.00 of vol',
          theta: 'USD per year of calendar time',
          ...(extra.theta_per_day === undefined ? {} : { theta_per_day: 'USD per calendar day' }),
          ...(extra.vega_per_vol_point === undefined ? {} : { vega_per_vol_point: 'USD per vol point' }),
        };
        if (f.json) printJson(io, { input, value: v, ...scaledJson(extra), units });
        else printTable(io, { ...v, ...extra }, units);
      },
    );

  price
    .command('demo')
    .description('a worked example: the option maths behind the 2026-02-05 crash')
    .option('--json', 'print JSON')
    .action((f: { json?: boolean }) => demo(io, f.json === true));
}

/**
 * A small worked example on made-up but plausible inputs (labelled as such): a dealer long an IBIT
 * knock-in put from a barrier note near expiry, a Deribit put, and an implied-vol round trip.
 */
function demo(io: CliIo, json: boolean): void {
  const note: BarrierInput = {
    type: 'put',
    kind: 'down-in',
    spot: 40,
    strike: 62.3,
    barrier: 38.6,
    tau: 20 / 365,
    rate: 0.04,
    divYield: 0,
    vol: 0.9,
    monitoringInterval: 1 / 365,
  };
  const far = barrierGreeks({ ...note, spot: 45 });
  const near = barrierGreeks(note);
  const knocked = bsGreeks({ ...note, spot: 38.5 });
  const deribit = inverseOption({ type: 'put', forward: 63000, strike: 60000, tau: 1 / 365, vol: 0.9 });
  const atm = bsGreeks({
    type: 'put',
    spot: 70000,
    strike: 70000,
    tau: 30 / 365,
    rate: 0.04,
    divYield: 0,
    vol: 0.55,
  });
  const iv = impliedVol({
    type: 'put',
    price: atm.price,
    spot: 70000,
    strike: 70000,
    tau: 30 / 365,
    rate: 0.04,
    divYield: 0,
  });
  const result = {
    note: 'illustrative inputs, not market data',
    knockInPut: { terms: note, atSpot45: far, atSpot40: near, knockedInAt38_5: knocked },
    deribitPut: deribit,
    impliedVolRoundTrip: {
      price: atm.price,
      vol: iv.ok ? iv.vol : null,
      iterations: iv.ok ? iv.iterations : null,
    },
  };
  if (json) {
    printJson(io, result);
    return;
  }
  const lines = [
    'crashscope pricing demo (illustrative inputs, not market data)',
    '',
    'A barrier note on IBIT: investors are short a down-and-in put (strike 62.3, barrier 38.6, 20 days,',
    'IV 90%, daily monitoring). The dealer is long it. Per put on one IBIT share:',
    `  spot 45.0: price ${fmt(far.price)}  delta ${fmt(far.delta)}  gamma ${fmt(far.gamma)}  vanna ${fmt(far.vanna)}`,
    `  spot 40.0: price ${fmt(near.price)}  delta ${fmt(near.delta)}  gamma ${fmt(near.gamma)}  vanna ${fmt(near.vanna)}`,
    `  knocked in at 38.5 (a vanilla put): delta ${fmt(knocked.delta)}`,
    `  near the barrier |delta| = ${fmt(Math.abs(near.delta))}${Math.abs(near.delta) > 1 ? ' > 1: the hedge exceeds one share per put' : ''}.`,
    `  The dealer hedges by holding −delta shares, so it buys into the fall above the barrier; at knock-in`,
    `  its hedge drops from ${fmt(-near.delta)} to ${fmt(-knocked.delta)} shares: it sells ${fmt(knocked.delta - near.delta)} shares per put at once.`,
    '',
    `A Deribit BTC put, strike 60k, 1 day, forward 63k, IV 90%: ${fmt(deribit.priceBtc)} BTC = $${fmt(deribit.priceUsd)};`,
    `  delta ${fmt(deribit.delta)}, premium-adjusted ${fmt(deribit.deltaPremiumAdjusted)}`,
    '',
    `Implied vol round trip (ATM BTC put, 30 days, 55%): ${iv.ok ? `${fmt(iv.vol)} in ${iv.iterations} iteration(s)` : iv.code}`,
    '',
  ];
  io.stdout(lines.join('\n'));
}
