import { Hono } from 'hono';
import type { ApiContext, AppEnv } from '../context.js';

export function networkRoutes(_ctx: ApiContext): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
