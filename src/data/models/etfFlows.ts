import type { z } from 'zod';
import { date, defineModel, num, oneOf, provenanceColumns, text } from './defineModel.js';

/** Net ETF flows per source, kept side by side when sources disagree (never averaged). */
export const etfFlows = defineModel({
  name: 'etf_flows',
  description: 'Daily net ETF flow per ticker and per source; conflicting flows are kept side by side.',
  columns: [
    date('date', 'trading day'),
    text('ticker', 'ETF ticker'),
    num('flow_usd', 'USD', 'net flow, + = creations / inflow'),
    oneOf(
      'method',
      ['shares_outstanding_t', 'shares_outstanding_t1', 'reported'],
      'how the flow was obtained: change in shares outstanding (T or T+1 reporting) times NAV, or as reported',
    ),
    text('flow_source', 'the tracker or method that produced the number'),
    ...provenanceColumns,
  ],
  key: ['date', 'ticker', 'flow_source'],
  timeColumn: 'date',
});

export const etfFlowsSchema = etfFlows.schema;
export type EtfFlows = Readonly<z.infer<typeof etfFlowsSchema>>;
