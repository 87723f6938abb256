// The route modules mounted under /api by api/app.ts. Each exports `(ctx: ApiContext) => OpenAPIHono<AppEnv>`
// (api/openapi.ts's apiRouter) whose routes are defined with defineRoute, paths relative to /api.
// Add your module with one import and one array entry; keep the list in this order.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiContext, AppEnv } from '../context.js';
import { segmentRoutes } from './segments.js';
import { networkRoutes } from './network.js';
import { deviceRoutes } from './devices.js';
import { resilienceRoutes } from './resilience.js';
import { opportunityRoutes } from './opportunities.js';
import { hotspotRoutes } from './hotspots.js';
import { relocationRoutes } from './relocation.js';
import { quoteRoutes } from './quotes.js';
import { placeRoutes } from './places.js';
import { alertRoutes } from './alerts.js';
import { meRoutes } from './me.js';
import { circuitRoutes } from './circuits.js';
import { availabilityRoutes } from './availability.js';
import { driftRoutes } from './drift.js';

export type RouteModule = (ctx: ApiContext) => OpenAPIHono<AppEnv>;

export const routeModules: RouteModule[] = [
  segmentRoutes,
  networkRoutes,
  deviceRoutes,
  resilienceRoutes,
  opportunityRoutes,
  hotspotRoutes,
  relocationRoutes,
  quoteRoutes,
  placeRoutes,
  alertRoutes,
  meRoutes,
  circuitRoutes,
  availabilityRoutes,
  driftRoutes,
];
