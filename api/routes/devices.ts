import { Hono } from 'hono';
import type { ApiContext, AppEnv } from '../context.js';

export function deviceRoutes(_ctx: ApiContext): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
