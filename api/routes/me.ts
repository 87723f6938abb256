// GET /api/me: who the caller's token says it is, so that the map shows what the role may use without
// probing routes for 403s.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../context.js';
import { RoleSchema } from '../auth.js';
import { apiRouter, defineRoute } from '../openapi.js';

export const Me = z.object({
  name: z.string().describe('the token\'s name in the tokens file'),
  role: RoleSchema,
});
export type Me = z.infer<typeof Me>;

export function meRoutes(): OpenAPIHono<AppEnv> {
  const r = apiRouter();
  r.openapi(defineRoute({
    method: 'get', path: '/me', roles: ['planner', 'commercial', 'viewer'], response: Me,
    summary: 'The name and role of the caller\'s token',
  }), (c) => c.json({ name: c.get('tokenName'), role: c.get('role') } satisfies Me, 200));
  return r;
}
