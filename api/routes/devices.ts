// GET /api/devices: how each device's polls went, from the `poll` measurement. Addresses and SNMP
// details only for operators: the commercial role sees what it needs (is the network measured?), no more.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { ApiContext, AppEnv } from '../context.js';
import { resolveWindow, sendList, WindowQuery } from '../format.js';
import { windowJson } from '../../analytics/model.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { DeviceItem } from '../schemas.js';
import { readLastPolls, readPollCounts } from '../../store/polls.js';
import { deviceStatus, lastPolls } from '../../analytics/device-status.js';
import { pollIntervalMs } from '../../config/poll-interval.js';

export function deviceRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  r.openapi(defineRoute({
    method: 'get', path: '/devices', roles: ['commercial'], query: WindowQuery, listFormats: true,
    summary: 'Per device: last poll status, last seen, timeouts and errors in the window; stale flag',
    description: 'The commercial role gets no addresses (target) and no SNMP details. GeoJSON features are the device sites.',
    response: z.object({ window: z.object({ from: z.string(), to: z.string() }), items: z.array(DeviceItem) }),
    errors: [503],
  }), async (c) => {
    const w = resolveWindow(c.req.valid('query'), ctx.now());
    const now = ctx.now();
    const full = c.get('role') === 'operator';
    // The status is of now, whatever the window (which only bounds the counts): the window of the map ends on
    // the last 5-minute boundary, and judging the last polls at its end would mark healthy devices stale.
    const [count, lasts] = await Promise.all([readPollCounts(ctx.store, w.from, w.to), readLastPolls(ctx.store, now)]);
    const last = lastPolls(lasts);
    const sites = new Map(ctx.cadastre.sites.map((s) => [s.id, s]));
    const items = ctx.cadastre.devices.map((d): DeviceItem => {
      const n = count.get(d.id);
      const l = last.get(d.id) ?? { last: null, lastOk: null };
      const intervalMs = pollIntervalMs(ctx.cadastre.policy, d);
      const status = deviceStatus({ ...l, intervalMs, now, watchingSince: ctx.startedAt ?? Number.NEGATIVE_INFINITY });
      return {
        id: d.id,
        site: d.site,
        role: d.role,
        profile: d.profile ?? null,
        ...(full ? { target: d.target, snmpVersion: d.snmp.version, ...(d.snmp.version === 'v3' ? { snmpUser: d.snmp.user } : {}) } : {}),
        intervalSeconds: intervalMs / 1000,
        lastStatus: l.last?.status ?? null,
        lastPoll: l.last ? new Date(l.last.time).toISOString() : null,
        lastSeen: l.lastOk !== null ? new Date(l.lastOk).toISOString() : null,
        stale: status.state === 'down',
        timeouts: n?.timeout ?? 0,
        errors: (n?.auth_error ?? 0) + (n?.error ?? 0),
        emptyPolls: n?.empty ?? 0,
      };
    });
    return sendList(c, items, {
      meta: { window: windowJson(w) },
      geometry: (d) => {
        const site = sites.get(d.site);
        return site ? { type: 'Point', coordinates: site.coordinates } : null;
      },
      filename: 'devices',
    });
  });
  return r;
}
