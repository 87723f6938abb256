// GET /api/devices: how each device's polls went, from the `poll` measurement. Addresses and SNMP
// details only for operators: the commercial role sees what it needs (is the network measured?), no more.
import { Hono } from 'hono';
import type { ApiContext, AppEnv } from '../context.js';
import { requireRole } from '../auth.js';
import { parseWindow, sendList, WindowQuery } from '../format.js';
import { windowJson } from '../../analytics/model.js';
import { describeRoute } from '../openapi.js';
import { DeviceItem } from '../schemas.js';
import { M, type PollStatus } from '../../store/schema.js';
import { isPollStatus, readLastPolls } from '../../store/polls.js';
import { deviceStatus, lastPolls } from '../../analytics/device-status.js';
import { pollIntervalMs } from '../../config/poll-interval.js';
import { z } from 'zod';

export function deviceRoutes(ctx: ApiContext): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  describeRoute({
    method: 'get', path: '/api/devices', roles: ['commercial'], query: WindowQuery, listFormats: true,
    summary: 'Per device: last poll status, last seen, timeouts and errors in the window; stale flag',
    description: 'The commercial role gets no addresses (target) and no SNMP details. GeoJSON features are the device sites.',
    response: z.object({ window: z.object({ from: z.string(), to: z.string() }), items: z.array(DeviceItem) }),
  });
  r.get('/devices', requireRole('commercial'), async (c) => {
    const w = parseWindow(c, ctx.now());
    const now = ctx.now();
    const full = c.get('role') === 'operator';
    // The status is of now, whatever the window (which only bounds the counts): the window of the map ends on
    // the last 5-minute boundary, and judging the last polls at its end would mark healthy devices stale.
    const [[counts], lasts] = await Promise.all([
      // Failed polls only: the tag filter skips the (large) series of successful polls altogether.
      ctx.store.queryAll(`SELECT count("duration_ms") FROM "${M.poll}" WHERE "status" != 'ok' AND time >= ${w.from}ms AND time < ${w.to}ms GROUP BY "device", "status"`),
      readLastPolls(ctx.store, now),
    ]);
    const count = new Map<string, Record<PollStatus, number>>();
    for (const s of counts ?? []) {
      const device = s.tags.device;
      const status = s.tags.status;
      if (device === undefined || !isPollStatus(status)) continue;
      const rec = count.get(device) ?? { ok: 0, timeout: 0, auth_error: 0, error: 0 };
      rec[status] += Number(s.values[0]?.[1] ?? 0);
      count.set(device, rec);
    }
    const last = lastPolls(lasts);
    const sites = new Map(ctx.cadastre.sites.map((s) => [s.id, s]));
    const items = ctx.cadastre.devices.map((d): DeviceItem => {
      const n = count.get(d.id) ?? { ok: 0, timeout: 0, auth_error: 0, error: 0 };
      const l = last.get(d.id) ?? { last: null, lastOk: null };
      const intervalMs = pollIntervalMs(ctx.cadastre.policy, d);
      const status = deviceStatus({ ...l, intervalMs, now, watchingSince: ctx.startedAt ?? Number.NEGATIVE_INFINITY });
      return {
        id: d.id,
        site: d.site,
        role: d.role,
        profile: d.profile,
        ...(full ? { target: d.target, snmpVersion: d.snmp.version, ...(d.snmp.version === 'v3' ? { snmpUser: d.snmp.user } : {}) } : {}),
        intervalSeconds: intervalMs / 1000,
        lastStatus: l.last?.status ?? null,
        lastPoll: l.last ? new Date(l.last.time).toISOString() : null,
        lastSeen: l.lastOk !== null ? new Date(l.lastOk).toISOString() : null,
        stale: status.state === 'down',
        timeouts: n.timeout,
        errors: n.auth_error + n.error,
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
