// GET /api/drift (operator): where the live network disagrees with the cadastre, as the last
// `config:check --probe` found it (its result file, config/drift.ts): the API itself speaks no SNMP.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext, AppEnv } from '../context.js';
import { ApiError, apiErrorSaying } from '../format.js';
import { sentence } from '../../common/i18n.js';
import { apiRouter, defineRoute } from '../openapi.js';
import { DriftReport, readDriftReport } from '../../config/drift.js';

/** The answer's shape, for the map (web/ reads types from api/ only). */
export type { DriftItem } from '../../config/drift.js';
export type DriftAnswer = DriftReport;

export function driftRoutes(ctx: ApiContext): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  r.openapi(defineRoute({
    method: 'get', path: '/drift', roles: ['operator'], response: DriftReport, errors: [404, 503],
    summary: 'Drift: the last probe\'s disagreements between the live devices and the cadastre',
    description: 'Each item names its kind (unreachable, profile-reads-nothing, interface-missing, interface-ambiguous, '
      + 'neighbour-elsewhere, speed-mismatch, sysname-mismatch), the device, the segment when one is concerned, an English sentence, '
      + 'and what the probe saw as data (`seen`: the speed in bit/s and litCapacityBps, the LLDP/CDP neighbour and its site, the sysName, '
      + 'the profile and sysObjectID, the interface candidates, why the device did not answer), for clients to word in their language; '
      + '`seen` is absent from a result written before it. Written by `npm run config:check -- <dir> --probe`; 404 until a probe ran.',
  }), (c) => {
    let report: DriftReport | undefined;
    try { report = readDriftReport(ctx.configDir); } catch (e) {
      throw new ApiError(503, 'unavailable', e instanceof Error ? e.message : String(e));
    }
    if (!report) throw apiErrorSaying(404, 'not_found', sentence('error.noProbe', { configDir: ctx.configDir }));
    return c.json(report);
  });
  return r;
}
