import { describe, expect, it } from 'vitest';
import { type AnyColumn, isIsoDate, isIsoInstant } from './defineModel.js';
import { type ModelName, modelByName, modelNames, type models } from './index.js';
import { sampleRows } from './testkit/sampleRows.js';

/** Column lists copied by hand from .helpers/DATA_CONTRACT.md (order matters: it is the CSV header). */
const CONTRACT: Readonly<Record<ModelName, { columns: string; key: string }>> = {
  etf_daily: {
    columns:
      'date ticker close volume_shares volume_usd shares_outstanding nav btc_per_share aum_usd flow_usd flow_source',
    key: 'date ticker',
  },
  etf_flows: { columns: 'date ticker flow_usd method flow_source', key: 'date ticker flow_source' },
  options_daily: { columns: 'date underlying call_volume put_volume call_oi put_oi', key: 'date underlying' },
  option_chain: {
    columns:
      'as_of venue underlying expiry strike option_type open_interest volume iv mark underlying_price dealer_position multiplier',
    key: 'as_of venue underlying expiry strike option_type',
  },
  futures_settlements: {
    columns: 'date venue contract expiry settle volume open_interest multiplier',
    key: 'date venue contract',
  },
  bars: {
    columns: 'ts venue symbol interval open high low close volume quote_volume',
    key: 'ts venue symbol interval',
  },
  open_interest: {
    columns: 'ts venue symbol oi_contracts oi_btc oi_usd price btc_per_contract derived',
    key: 'ts venue symbol',
  },
  funding: { columns: 'ts venue symbol rate', key: 'ts venue symbol' },
  liquidations: { columns: 'ts venue symbol side notional_usd bucket_minutes', key: 'ts venue symbol side' },
  stress_series: { columns: 'date series value unit', key: 'date series' },
  structured_notes: {
    columns:
      'note_id issuer underlying pricing_date initial_level barrier_pct barrier_level barrier_monitoring autocall_pct coupon_pct maturity notional_usd source_url',
    key: 'note_id',
  },
  perp_cohorts: {
    columns: 'as_of venue symbol side entry_price leverage notional_usd',
    key: 'as_of venue symbol side entry_price leverage',
  },
  cftc_positions: {
    columns: 'report_date contract lev_long lev_short am_long am_short published_at',
    key: 'report_date contract',
  },
  depth: {
    columns: 'as_of venue symbol mid_price bid_1pct_usd ask_1pct_usd bid_2pct_usd ask_2pct_usd',
    key: 'as_of venue symbol',
  },
  option_trades: {
    columns: 'ts venue trade_id underlying expiry strike option_type taker_side contracts price',
    key: 'venue trade_id',
  },
  // facts carries its own `source` (the URL) in the middle, so only `quality` is appended.
  facts: { columns: 'date metric value unit source confidence note', key: 'date metric source' },
  value_provenance: { columns: 'date dataset row_key field', key: 'dataset row_key field' },
};

/** Contract's nullable columns ("nullable" in the contract text; facts.value is nullable by design, see facts.ts). */
const NULLABLE: Readonly<Partial<Record<ModelName, string>>> = {
  etf_daily: 'flow_usd flow_source',
  options_daily: 'call_oi put_oi',
  option_chain: 'volume iv mark dealer_position',
  bars: 'volume quote_volume',
  liquidations: 'bucket_minutes',
  open_interest: 'oi_contracts oi_btc oi_usd price btc_per_contract derived',
  structured_notes: 'autocall_pct coupon_pct source_url',
  facts: 'value note',
  depth: 'mid_price bid_2pct_usd ask_2pct_usd',
  option_trades: 'price',
};

function parse(model: ModelName, row: Readonly<Record<string, unknown>>) {
  return modelByName(model).schema.safeParse(row);
}

function withField(model: ModelName, field: string, value: unknown): Record<string, unknown> {
  return { ...(sampleRows[model] as Readonly<Record<string, unknown>>), [field]: value };
}

/** Values a column must refuse, derived from its kind only (bounds are tested by hand below). */
function badValuesFor(c: AnyColumn): unknown[] {
  const bad: unknown[] = [undefined];
  if (!c.nullable) bad.push(null);
  switch (c.rule.kind) {
    case 'date':
      return [...bad, '2026-02-30', '2026/02/05', '05-02-2026', '2026-2-5', 20260205, ''];
    case 'instant':
      return [
        ...bad,
        '2026-02-05T21:00:00',
        '2026-02-05',
        '2026-02-30T21:00:00Z',
        '2026-02-05T24:00:00Z',
        1770325200000,
      ];
    case 'number':
      return [...bad, Number.NaN, Number.POSITIVE_INFINITY, '1', '1,5'];
    case 'text':
      return [
        ...bad,
        '',
        ' x',
        'x ',
        5,
        ...(c.rule.lowercase ? ['CME'] : []),
        ...(c.rule.singleLine ? ['a\nb', 'a\tb', 'a\u0000b', 'a\u007fb'] : []),
      ];
    case 'enum':
      return [...bad, 'other', c.rule.values[0]!.toUpperCase()];
  }
}

describe('model registry', () => {
  it('has exactly the contract tables, columns in contract order, keys and provenance', () => {
    expect(modelNames).toEqual(Object.keys(CONTRACT));
    for (const name of modelNames) {
      const m = modelByName(name);
      const names = m.columns.map((c) => c.name);
      const expected = CONTRACT[name].columns.split(' ');
      const tail = name === 'facts' ? ['quality'] : ['source', 'quality'];
      expect({ name, columns: names }).toEqual({ name, columns: [...expected, ...tail] });
      expect({ name, key: m.key }).toEqual({ name, key: CONTRACT[name].key.split(' ') });
      expect(names).toContain(m.timeColumn);
      const nullable = m.columns.filter((c) => c.nullable).map((c) => c.name);
      expect({ name, nullable }).toEqual({
        name,
        nullable: (NULLABLE[name] ?? '').split(' ').filter(Boolean),
      });
      for (const k of m.key) expect(m.columns.find((c) => c.name === k)?.nullable).toBe(false);
    }
  });

  it('gives every number column a unit', () => {
    for (const name of modelNames) {
      for (const c of modelByName(name).columns) {
        if (c.sqlType === 'DOUBLE')
          expect({ model: name, column: c.name, unit: c.unit }).toMatchObject({ unit: expect.any(String) });
      }
    }
  });
});

describe('model schemas', () => {
  it.each(modelNames)('%s accepts its sample row', (name) => {
    const r = parse(name, sampleRows[name]);
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
  });

  it.each(modelNames)('%s refuses a bad value in any column, naming that column', (name) => {
    for (const c of modelByName(name).columns) {
      for (const bad of badValuesFor(c)) {
        const r = parse(name, withField(name, c.name, bad));
        const failure = { model: name, column: c.name, value: bad, accepted: r.success };
        expect(failure).toEqual({ ...failure, accepted: false });
        expect(r.error!.issues[0]!.path[0]).toBe(c.name);
      }
    }
  });

  it.each(modelNames)('%s refuses an unknown field and accepts null in nullable columns', (name) => {
    const r = parse(name, withField(name, 'ingested_at', '2026-02-06T00:00:00Z'));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.code).toBe('unrecognized_keys');
    for (const c of modelByName(name).columns.filter((col) => col.nullable)) {
      expect({ column: c.name, ok: parse(name, withField(name, c.name, null)).success }).toEqual({
        column: c.name,
        ok: true,
      });
    }
  });

  // Domain rules from the issue, with the boundary on each side.
  const cases: readonly [ModelName, string, unknown, boolean][] = [
    ['etf_daily', 'close', 0, false],
    ['etf_daily', 'close', -35.2, false],
    ['etf_daily', 'close', 1e-9, true],
    ['etf_daily', 'volume_shares', 0, true],
    ['etf_daily', 'volume_shares', -1, false],
    ['etf_daily', 'flow_usd', -175_000_000, true],
    ['etf_flows', 'method', 'shares_outstanding_t1', true],
    ['etf_flows', 'method', 'average', false],
    ['option_chain', 'option_type', 'call', true],
    ['option_chain', 'option_type', 'C', false],
    ['option_chain', 'iv', 55, false],
    ['option_chain', 'iv', 0, false],
    ['option_chain', 'iv', 10, true],
    ['option_chain', 'dealer_position', -1e6, true],
    ['option_chain', 'strike', 0, false],
    ['option_chain', 'expiry', '2026-02-05T21:00:00Z', false],
    ['option_chain', 'expiry', '2026-02-05T16:00:01-05:00', true],
    ['option_chain', 'venue', 'Deribit', false],
    ['structured_notes', 'barrier_pct', 0, false],
    ['structured_notes', 'barrier_pct', 1.5, false],
    ['structured_notes', 'coupon_pct', 14.25, false],
    ['structured_notes', 'barrier_level', 43_600, false],
    ['structured_notes', 'maturity', '2025-11-26', false],
    ['bars', 'high', 60_000, false],
    ['bars', 'low', 62_854, true],
    ['bars', 'low', 62_855, false],
    ['bars', 'interval', '5m', true],
    ['bars', 'interval', '4h', true],
    ['bars', 'interval', '1w', true],
    ['bars', 'interval', '10m', false],
    ['bars', 'interval', '1H', false],
    ['bars', 'quote_volume', -1, false],
    ['bars', 'quote_volume', null, true],
    ['liquidations', 'bucket_minutes', 0, false],
    ['liquidations', 'bucket_minutes', 240, true],
    ['funding', 'rate', 0.01, true],
    ['funding', 'rate', 1, false],
    ['futures_settlements', 'expiry', '2026-02-04', false],
    ['futures_settlements', 'expiry', '2026-02-05', true],
    ['cftc_positions', 'published_at', '2026-02-02T23:59:59Z', false],
    ['perp_cohorts', 'leverage', 0.5, false],
    ['facts', 'value', null, true],
    ['depth', 'bid_2pct_usd', 5_999_999, false],
    ['depth', 'bid_2pct_usd', 6_000_000, true],
    ['depth', 'ask_2pct_usd', 5_000_000, false],
    ['depth', 'ask_2pct_usd', null, true],
    ['depth', 'bid_1pct_usd', -1, false],
    ['depth', 'mid_price', null, true],
    ['option_trades', 'taker_side', 'long', false],
    ['option_trades', 'expiry', '2026-02-04T15:00:00Z', false],
    ['option_trades', 'contracts', 0, false],
    ['facts', 'confidence', 'tertiary', false],
  ];
  it.each(cases)('%s.%s = %j accepted: %s', (model, field, value, ok) => {
    expect(parse(model, withField(model, field, value)).success).toBe(ok);
  });

  it('keeps a barrier_pct of 1.5 legal when the level matches (upper bound inclusive)', () => {
    const row = { ...withField('structured_notes', 'barrier_pct', 1.5), barrier_level: 1.5 * 50.57 };
    expect(parse('structured_notes', row).success).toBe(true);
  });

  it('infers readonly row types from the columns', () => {
    const row: (typeof models.option_chain.schema)['_output'] = sampleRows.option_chain;
    expect(row.option_type).toBe('put');
  });
});

describe('date and instant text', () => {
  it.each([
    ['2026-02-05', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-13-01', false],
    ['2026-02-05T00:00:00Z', false],
  ])('isIsoDate(%j) = %s', (s, ok) => expect(isIsoDate(s)).toBe(ok));

  it.each([
    ['2026-02-05T21:00:00Z', true],
    ['2026-02-05 16:00:00-05:00', true],
    ['2026-02-05T16:00:00-0500', true],
    ['2026-02-05T16:00-05:00', false],
    ['2026-02-05 21:00:00+00', true],
    ['2026-02-05T21:00:00.123456Z', true],
    ['2026-02-05T21:00:00.1234567Z', false],
    ['2026-02-05T21:00:00', false],
    ['2026-02-05T21:00:60Z', false],
    ['2026-02-29T21:00:00Z', false],
  ])('isIsoInstant(%j) = %s', (s, ok) => expect(isIsoInstant(s)).toBe(ok));
});
