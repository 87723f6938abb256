// GET /api/sites and GET /api/targets: where things are, for the map (sites to pick quote ends on and to
// mark devices that stopped answering; target places by kind). Names, kinds, communes and coordinates of
// public buildings only: no device addresses, no SNMP details.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext, AppEnv } from '../context.js';
import { sendList } from '../format.js';
import { apiRouter, defineRoute } from '../openapi.js';

export function placeRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  const sites = ctx.cadastre.sites.map((s) => ({ id: s.id, name: s.name, kind: s.kind, commune: s.commune, coordinates: s.coordinates }));
  const targets = ctx.cadastre.targets.map((t) => ({
    id: t.id, name: t.name, kind: t.kind, weight: t.weight, coordinates: t.coordinates,
    ...(t.commune !== undefined ? { commune: t.commune } : {}), ...(t.source !== undefined ? { source: t.source } : {}),
  }));
  const point = (p: { coordinates: [number, number] }) => ({ type: 'Point' as const, coordinates: p.coordinates });

  r.openapi(defineRoute({ method: 'get', path: '/sites', roles: ['planner', 'commercial', 'viewer'], listFormats: true, summary: 'The sites of the network: id, name, kind, commune, coordinates' }),
    (c) => sendList(c, sites, { geometry: point, filename: 'sites' }));

  r.openapi(defineRoute({ method: 'get', path: '/targets', roles: ['planner', 'viewer'], listFormats: true, summary: 'Target places for hotspots: id, name, kind, weight, commune, coordinates' }),
    (c) => sendList(c, targets, { geometry: point, filename: 'targets' }));
  return r;
}
