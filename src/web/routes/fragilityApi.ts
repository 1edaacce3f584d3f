/**
 * The Fragility page's JSON API: the map for an instant, channels and assumptions (/api/fragility, the
 * page's URL parameters), with the charts of `crashscope fragility` (fragility/charts.ts), and each
 * channel's assumptions as JSON Schema generated from its zod schema (/api/fragility/assumptions), from
 * which the page builds its form.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { CHANNELS } from '../../channels/registry.js';
import { flowChart, intensityChart } from '../../fragility/charts.js';
import type { FragilityMap } from '../../fragility/map.js';
import type { FragilityMaps } from '../fragilityMaps.js';
import { withKappaZones } from '../kappaZones.js';
import { parseFragilityQuery } from '../requests.js';

export function fragilityApi(app: Hono, maps: FragilityMaps): void {
  app.get('/api/fragility/assumptions', async (c) =>
    c.json({
      defaultAsOf: await maps.defaultAsOf(),
      channels: CHANNELS.map((ch) => ({
        id: ch.id,
        title: ch.title,
        schema: z.toJSONSchema(ch.assumptions, { io: 'input', unrepresentable: 'any' }),
      })),
    }),
  );

  // A kept map is sent as the text it was serialized to the first time (charts included).
  const bodies = new WeakMap<FragilityMap, string>();
  app.get('/api/fragility', async (c) => {
    const query = parseFragilityQuery(c.req.query());
    const { map, computeMs, cached } = await maps.map(query);
    let body = bodies.get(map);
    if (body === undefined) {
      const charts = { flow: flowChart(map), intensity: withKappaZones(intensityChart(map), map) };
      body = JSON.stringify({ computeMs, map, charts });
      bodies.set(map, body);
    }
    // `cached` differs between the first answer and later ones: spliced in, not re-serialized.
    return c.body(`{"cached":${cached},${body.slice(1)}`, 200, { 'Content-Type': 'application/json' });
  });
}
