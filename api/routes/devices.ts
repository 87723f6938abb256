// GET /api/devices: how each device's polls went, from the `poll` measurement. Addresses and SNMP
// details only for operators: the commercial role sees what it needs (is the network measured?), no more.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext, AppEnv } from '../context.js';
import { resolveWindow, sendList, WindowQuery } from '../format.js';
import { windowJson } from '../../analytics/model.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { DeviceItem } from '../schemas.js';
import { M, type PollStatus } from '../../store/schema.js';
import { z } from 'zod';

/** The collector's polling interval when the cadastre sets none for a device. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 60;
/** A device is stale when its last successful poll is older than this many intervals. */
export const STALE_INTERVALS = 3;
/** How far back before the window's end to look for the last poll. */
const LAST_POLL_LOOKBACK_MS = 400 * 86_400_000;

const STATUSES: readonly PollStatus[] = ['ok', 'empty', 'timeout', 'auth_error', 'error'];
const isStatus = (s: string | undefined): s is PollStatus => s !== undefined && (STATUSES as readonly string[]).includes(s);

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
    const [counts, lasts] = await ctx.store.queryAll([
      // Failed polls only: the tag filter skips the (large) series of successful polls altogether.
      `SELECT count("duration_ms") FROM "${M.poll}" WHERE "status" != 'ok' AND time >= ${w.from}ms AND time < ${w.to}ms GROUP BY "device", "status"`,
      `SELECT last("duration_ms") FROM "${M.poll}" WHERE time >= ${w.to - LAST_POLL_LOOKBACK_MS}ms AND time < ${w.to}ms GROUP BY "device", "status"`,
    ].join('; '));
    const count = new Map<string, Record<PollStatus, number>>();
    for (const s of counts ?? []) {
      const device = s.tags.device;
      const status = s.tags.status;
      if (device === undefined || !isStatus(status)) continue;
      const rec = count.get(device) ?? { ok: 0, empty: 0, timeout: 0, auth_error: 0, error: 0 };
      rec[status] += Number(s.values[0]?.[1] ?? 0);
      count.set(device, rec);
    }
    const last = new Map<string, { status: PollStatus; time: number; ok?: number }>();
    for (const s of lasts ?? []) {
      const device = s.tags.device;
      const status = s.tags.status;
      const time = s.values[0]?.[0];
      if (device === undefined || !isStatus(status) || typeof time !== 'number') continue;
      const rec = last.get(device);
      if (!rec || time > rec.time) last.set(device, { status, time, ok: rec?.ok });
      // An empty poll is an answer too: the device is seen, its table is what is missing.
      if (status === 'ok' || status === 'empty') last.get(device)!.ok = Math.max(time, last.get(device)!.ok ?? time);
    }
    const sites = new Map(ctx.cadastre.sites.map((s) => [s.id, s]));
    const items = ctx.cadastre.devices.map((d): DeviceItem => {
      const n = count.get(d.id) ?? { ok: 0, empty: 0, timeout: 0, auth_error: 0, error: 0 };
      const l = last.get(d.id);
      const interval = d.intervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS;
      const lastSeen = l?.ok;
      return {
        id: d.id,
        site: d.site,
        role: d.role,
        profile: d.profile ?? null,
        ...(full ? { target: d.target, snmpVersion: d.snmp.version, ...(d.snmp.version === 'v3' ? { snmpUser: d.snmp.user } : {}) } : {}),
        intervalSeconds: interval,
        lastStatus: l?.status ?? null,
        lastPoll: l ? new Date(l.time).toISOString() : null,
        lastSeen: lastSeen !== undefined ? new Date(lastSeen).toISOString() : null,
        stale: lastSeen === undefined || now - lastSeen > STALE_INTERVALS * interval * 1_000,
        timeouts: n.timeout,
        errors: n.auth_error + n.error,
        emptyPolls: n.empty,
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
