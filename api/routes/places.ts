// GET /api/sites and GET /api/targets: where things are, for the map (sites to pick quote ends on and to
// mark devices that stopped answering; target places by kind). Names, kinds, communes and coordinates of
// public buildings only: no device addresses, no SNMP details.
import { Hono } from 'hono';
import type { ApiContext, AppEnv } from '../context.js';
import { requireRole } from '../auth.js';
import { sendList } from '../format.js';
import { describeRoute } from '../openapi.js';

export function placeRoutes(ctx: ApiContext): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const sites = ctx.cadastre.sites.map((s) => ({ id: s.id, name: s.name, kind: s.kind, commune: s.commune, coordinates: s.coordinates }));
  const targets = ctx.cadastre.targets.map((t) => ({
    id: t.id, name: t.name, kind: t.kind, weight: t.weight, coordinates: t.coordinates,
    ...(t.commune !== undefined ? { commune: t.commune } : {}), ...(t.source !== undefined ? { source: t.source } : {}),
  }));
  const point = (p: { coordinates: [number, number] }) => ({ type: 'Point' as const, coordinates: p.coordinates });

  describeRoute({ method: 'get', path: '/api/sites', roles: ['planner', 'commercial', 'viewer'], listFormats: true, summary: 'The sites of the network: id, name, kind, commune, coordinates' });
  r.get('/sites', requireRole('planner', 'commercial', 'viewer'), (c) => sendList(c, sites, { geometry: point, filename: 'sites' }));

  describeRoute({ method: 'get', path: '/api/targets', roles: ['planner', 'viewer'], listFormats: true, summary: 'Target places for hotspots: id, name, kind, weight, commune, coordinates' });
  r.get('/targets', requireRole('planner', 'viewer'), (c) => sendList(c, targets, { geometry: point, filename: 'targets' }));
  return r;
}
