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

  app.get('/api/fragility', async (c) => {
    const query = parseFragilityQuery(c.req.query());
    const { map, computeMs } = await maps.map(query);
    return c.json({
      computeMs,
      map,
      charts: { flow: flowChart(map), intensity: withKappaZones(intensityChart(map), map) },
    });
  });
}
