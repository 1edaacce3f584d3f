import {
  Actual365Fixed,
  AnalyticBarrierEngine,
  AnalyticEuropeanEngine,
  Barrier,
  BarrierOption,
  BlackCalculator,
  BlackConstantVol,
  BlackScholesMertonProcess,
  blackFormulaImpliedStdDev1,
  Compounding,
  DateExt,
  EuropeanExercise,
  EuropeanOption,
  FlatForward,
  Frequency,
  Handle,
  NullCalendar,
  Option,
  PlainVanillaPayoff,
  Settings,
  SimpleQuote,
  type YieldTermStructure,
} from '@quantlib/ql';
import type { BarrierKind } from '../../src/pricing/types.js';
import type { BarrierGrid, VanillaGrid } from '../grid.js';

/*
 * Adapter for @quantlib/ql (quantlib.js, a pure-JS re-implementation of C++ QuantLib; README:
 * https://github.com/quantlibjs/ql), version 0.3.6, in two ways.
 *
 * Fast paths (what a performance-minded QuantLib user calls; the comparison the speed ratios are quoted
 * against):
 *  - BlackCalculator(optionType, strike, forward, stdDev, discount) with value(), delta(spot), gamma(spot)
 *    (ql/pricingengines/blackcalculator.hpp); forward, discount and stdDev are computed per row in the
 *    timed loop, as a user must;
 *  - blackFormulaImpliedStdDev(optionType, strike, forward, blackPrice, discount, displacement, guess,
 *    accuracy, maxIterations) (ql/pricingengines/blackformula.hpp), a Newton-safe solve from an
 *    approximation when no guess is given;
 *  - AnalyticBarrierEngine on one shared object graph (quotes -> curves -> process -> one engine); each row
 *    sets the quotes, fills the engine's arguments from the row's BarrierOption and runs the engine, which
 *    is what Instrument.performCalculations does (ql/instrument.hpp) without an engine per instrument.
 *
 * Object-graph path (the heavy one, kept as a second column): the objects
 * (quotes -> flat curves -> Black–Scholes–Merton process -> analytic engine -> instrument) are built once,
 * and before each valuation the SimpleQuotes are given the row's market data with setValue().
 *
 * Each row gets its own object graph. With one shared process, every setValue would notify every
 * instrument registered on it (QuantLib's observer pattern), which is O(rows) per update. Like C++
 * QuantLib, SimpleQuote.setValue does nothing when the value is unchanged and instruments cache their
 * results; `invalidate()` (run untimed between passes) sets the quotes to NaN so the next timed pass pays
 * for the full notify-and-recalculate cycle, as after a real market move.
 *
 * Time: evaluation date fixed, maturity = evaluation date + whole days, curves and vol with Actual365Fixed
 * and continuous compounding, so QuantLib's tau is exactly days/365 as in our rows.
 */

const EVAL_DATE = DateExt.UTC('7,March,2014');
const DAY_COUNTER = new Actual365Fixed();
const CALENDAR = new NullCalendar();

function setEvaluationDate(): void {
  if (Settings.evaluationDate.f().valueOf() !== EVAL_DATE.valueOf()) Settings.evaluationDate.set(EVAL_DATE);
}

function optionType(sign: number): Option.Type {
  return sign === 1 ? Option.Type.Call : Option.Type.Put;
}

function barrierType(kind: BarrierKind): Barrier.Type {
  switch (kind) {
    case 'down-in':
      return Barrier.Type.DownIn;
    case 'down-out':
      return Barrier.Type.DownOut;
    case 'up-in':
      return Barrier.Type.UpIn;
    default:
      return Barrier.Type.UpOut;
  }
}

interface Market {
  readonly spot: SimpleQuote;
  readonly rate: SimpleQuote;
  readonly div: SimpleQuote;
  readonly vol: SimpleQuote;
  readonly process: BlackScholesMertonProcess;
}

function market(g: VanillaGrid, i: number): Market {
  const spot = new SimpleQuote(g.spot[i]);
  const rate = new SimpleQuote(g.rate[i]);
  const div = new SimpleQuote(g.divYield[i]);
  const vol = new SimpleQuote(g.vol[i]);
  // ql.d.ts declares FlatForward.enableExtrapolation(b: boolean) but YieldTermStructure's with an optional
  // argument, so TypeScript rejects the (runtime-correct) upcast; this is the adapter's one cast.
  const flat = (q: SimpleQuote): YieldTermStructure =>
    new FlatForward().ffInit3(
      0,
      CALENDAR,
      new Handle(q),
      DAY_COUNTER,
      Compounding.Continuous,
      Frequency.Annual,
    ) as unknown as YieldTermStructure;
  const process = new BlackScholesMertonProcess(
    new Handle(spot),
    new Handle(flat(div)),
    new Handle(flat(rate)),
    new Handle(new BlackConstantVol().bcvInit4(0, CALENDAR, new Handle(vol), DAY_COUNTER)),
  );
  return { spot, rate, div, vol, process };
}

function setMarket(m: Market, g: VanillaGrid, i: number): void {
  m.spot.setValue(g.spot[i]);
  m.rate.setValue(g.rate[i]);
  m.div.setValue(g.divYield[i]);
  m.vol.setValue(g.vol[i]);
}

function invalidateMarket(m: Market): void {
  m.spot.setValue(Number.NaN);
  m.rate.setValue(Number.NaN);
  m.div.setValue(Number.NaN);
  m.vol.setValue(Number.NaN);
}

function exercise(g: VanillaGrid, i: number): EuropeanExercise {
  return new EuropeanExercise(DateExt.add(EVAL_DATE, g.days[i]));
}

export interface QlGreeksBook {
  readonly rows: number;
  invalidate(): void;
  /** Price, delta and gamma of rows [0, rows) after setting each row's quotes. */
  run(price: Float64Array, delta: Float64Array, gamma: Float64Array): void;
}

/**
 * European options with AnalyticEuropeanEngine, one object graph per row for the first `rows` rows.
 * @example qlGreeksBook(vanillaGrid(10, 1), 10).run(p, d, g) // fills p, d, g
 */
export function qlGreeksBook(g: VanillaGrid, rows: number): QlGreeksBook {
  setEvaluationDate();
  const n = Math.min(rows, g.n);
  const markets: Market[] = [];
  const options: EuropeanOption[] = [];
  for (let i = 0; i < n; i++) {
    const m = market(g, i);
    const opt = new EuropeanOption(
      new PlainVanillaPayoff(optionType(g.sign[i]), g.strike[i]),
      exercise(g, i),
    );
    opt.setPricingEngine(new AnalyticEuropeanEngine().init1(m.process));
    markets.push(m);
    options.push(opt);
  }
  return {
    rows: n,
    invalidate: () => {
      for (const m of markets) invalidateMarket(m);
    },
    run: (price, delta, gamma) => {
      for (let i = 0; i < n; i++) {
        setMarket(markets[i], g, i);
        const opt = options[i];
        price[i] = opt.NPV();
        delta[i] = opt.delta();
        gamma[i] = opt.gamma();
      }
    },
  };
}

export interface QlFastGreeksBook {
  readonly rows: number;
  run(price: Float64Array, delta: Float64Array, gamma: Float64Array): void;
}

/**
 * BlackCalculator per row: `fresh` builds `new BlackCalculator().init2(...)` per row (the documented
 * construction); otherwise one instance is re-initialised with init2 per row (the leanest use of the class).
 * @example qlBlackCalculatorBook(vanillaGrid(10, 1), 10, true).run(p, d, g) // fills p, d, g
 */
export function qlBlackCalculatorBook(g: VanillaGrid, rows: number, fresh: boolean): QlFastGreeksBook {
  const n = Math.min(rows, g.n);
  const type = Array.from(g.sign.subarray(0, n), optionType);
  const one = new BlackCalculator();
  return {
    rows: n,
    run: (price, delta, gamma) => {
      for (let i = 0; i < n; i++) {
        const S = g.spot[i];
        const tau = g.tau[i];
        const discount = Math.exp(-g.rate[i] * tau);
        const forward = S * Math.exp((g.rate[i] - g.divYield[i]) * tau);
        const bc = (fresh ? new BlackCalculator() : one).init2(
          type[i],
          g.strike[i],
          forward,
          g.vol[i] * Math.sqrt(tau),
          discount,
        );
        price[i] = bc.value();
        delta[i] = bc.delta(S);
        gamma[i] = bc.gamma(S);
      }
    },
  };
}

export interface QlFastImpliedVolBook {
  readonly rows: number;
  /** Implied vols into `vol` (NaN where QuantLib threw); returns the number of throws. */
  run(price: Float64Array, vol: Float64Array): number;
}

/**
 * blackFormulaImpliedStdDev per row (no guess: QuantLib starts from its own approximation), divided by
 * √tau; `accuracy` is on the standard deviation, as in QuantLib.
 * @example qlBlackImpliedVolBook(vanillaGrid(10, 1), 10, 1e-12).run(prices, vols) // fills vols
 */
export function qlBlackImpliedVolBook(g: VanillaGrid, rows: number, accuracy: number): QlFastImpliedVolBook {
  const n = Math.min(rows, g.n);
  const type = Array.from(g.sign.subarray(0, n), optionType);
  return {
    rows: n,
    run: (price, vol) => {
      let failures = 0;
      for (let i = 0; i < n; i++) {
        const tau = g.tau[i];
        const discount = Math.exp(-g.rate[i] * tau);
        const forward = g.spot[i] * Math.exp((g.rate[i] - g.divYield[i]) * tau);
        try {
          const sd = blackFormulaImpliedStdDev1(
            type[i],
            g.strike[i],
            forward,
            price[i],
            discount,
            0,
            null as unknown as number,
            accuracy,
            QL_IV_MAX_EVALUATIONS,
          );
          vol[i] = sd / Math.sqrt(tau);
        } catch {
          vol[i] = Number.NaN;
          failures++;
        }
      }
      return failures;
    },
  };
}

export interface QlImpliedVolBook {
  readonly rows: number;
  /** Rebuilds the row objects (run untimed between passes, see below). */
  rebuild(): void;
  /** Implied vols of rows [0, rows) into `vol` (NaN where QuantLib threw); returns the number of throws. */
  run(price: Float64Array, vol: Float64Array): number;
}

/** Settings of VanillaOption.impliedVolatility used in the comparison (accuracy, max evaluations, vol bracket). */
export const QL_IV_ACCURACY = 1e-12;
export const QL_IV_MAX_EVALUATIONS = 100;
export const QL_IV_MIN_VOL = 1e-7;
export const QL_IV_MAX_VOL = 10;

/**
 * VanillaOption.impliedVolatility (Brent on a cloned process with an analytic engine, as in C++ QuantLib)
 * for the first `rows` rows; each row keeps its own process whose quotes hold the row's spot, rate and yield.
 *
 * Each call's cloned process registers as an observer of the row's quote and curve handles and is never
 * unregistered (C++ does that in destructors; JavaScript has none), so the heap grows by a few KB per call
 * and notifications get slower. `rebuild()` drops those objects so that the figure does not depend on how
 * long the benchmark runs; the suite calls it untimed before every pass.
 */
export function qlImpliedVolBook(g: VanillaGrid, rows: number): QlImpliedVolBook {
  setEvaluationDate();
  const n = Math.min(rows, g.n);
  let markets: Market[] = [];
  let options: EuropeanOption[] = [];
  const rebuild = () => {
    markets = [];
    options = [];
    for (let i = 0; i < n; i++) {
      const m = market(g, i);
      // The solver clones the process with its own vol quote; a neutral value here keeps the true vol out of reach.
      m.vol.setValue(0.2);
      markets.push(m);
      options.push(
        new EuropeanOption(new PlainVanillaPayoff(optionType(g.sign[i]), g.strike[i]), exercise(g, i)),
      );
    }
  };
  rebuild();
  return {
    rows: n,
    rebuild,
    run: (price, vol) => {
      let failures = 0;
      for (let i = 0; i < n; i++) {
        try {
          vol[i] = options[i].impliedVolatility(
            price[i],
            markets[i].process,
            QL_IV_ACCURACY,
            QL_IV_MAX_EVALUATIONS,
            QL_IV_MIN_VOL,
            QL_IV_MAX_VOL,
          );
        } catch {
          // QuantLib reports "root not bracketed" / "maximum number of function evaluations" by throwing.
          vol[i] = Number.NaN;
          failures++;
        }
      }
      return failures;
    },
  };
}

/**
 * Single-barrier options on one shared object graph: one process and one AnalyticBarrierEngine for all
 * rows; per row the quotes are set, the row's BarrierOption (built once, untimed) fills the engine's
 * arguments and the engine runs. Continuous monitoring.
 * @example qlSharedBarrierBook(barrierGrid(10, 1), 10).run(p) // fills p
 */
export function qlSharedBarrierBook(g: BarrierGrid, rows: number): QlBarrierBook {
  setEvaluationDate();
  const n = Math.min(rows, g.n);
  const m = market(g, 0);
  const engine = new AnalyticBarrierEngine().init1(m.process);
  const options: BarrierOption[] = [];
  for (let i = 0; i < n; i++) {
    options.push(
      new BarrierOption(
        barrierType(g.kind[i]),
        g.barrier[i],
        g.rebate[i],
        new PlainVanillaPayoff(optionType(g.sign[i]), g.strike[i]),
        exercise(g, i),
      ),
    );
  }
  const args = engine.getArguments();
  const results = engine.getResults() as unknown as { value: number };
  return {
    rows: n,
    invalidate: () => invalidateMarket(m),
    run: (price) => {
      for (let i = 0; i < n; i++) {
        setMarket(m, g, i);
        engine.reset();
        options[i].setupArguments(args);
        args.validate();
        engine.calculate();
        price[i] = results.value;
      }
    },
  };
}

export interface QlBarrierBook {
  readonly rows: number;
  invalidate(): void;
  run(price: Float64Array): void;
}

/** Single-barrier options with AnalyticBarrierEngine (continuous monitoring), one object graph per row. */
export function qlBarrierBook(g: BarrierGrid, rows: number): QlBarrierBook {
  setEvaluationDate();
  const n = Math.min(rows, g.n);
  const markets: Market[] = [];
  const options: BarrierOption[] = [];
  for (let i = 0; i < n; i++) {
    const m = market(g, i);
    const opt = new BarrierOption(
      barrierType(g.kind[i]),
      g.barrier[i],
      g.rebate[i],
      new PlainVanillaPayoff(optionType(g.sign[i]), g.strike[i]),
      exercise(g, i),
    );
    opt.setPricingEngine(new AnalyticBarrierEngine().init1(m.process));
    markets.push(m);
    options.push(opt);
  }
  return {
    rows: n,
    invalidate: () => {
      for (const m of markets) invalidateMarket(m);
    },
    run: (price) => {
      for (let i = 0; i < n; i++) {
        setMarket(markets[i], g, i);
        price[i] = options[i].NPV();
      }
    },
  };
}
