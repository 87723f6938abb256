// The API's own metrics (prom-client, one Registry per API): requests by route pattern and status, request
// latency, and the figures read model's load times. Served at GET /metrics without a token, like /api/health
// (counts and timings only: no data, no names).
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { Histogram, Registry } from 'prom-client';
import { SyncCounter } from '../common/metrics.js';
import type { FiguresLoad } from '../analytics/figures.js';

export class ApiMetrics {
  readonly registry = new Registry();
  readonly requests = new SyncCounter(this.registry, {
    name: 'api_requests_total', help: 'HTTP requests answered, by method, route pattern (e.g. /api/segments/:id; "unmatched" for no route) and status code.',
    labelNames: ['method', 'route', 'status'],
  });
  readonly latency = new Histogram({
    name: 'api_request_duration_seconds', help: 'Time from receiving a request to its answer, by method and route pattern.',
    labelNames: ['method', 'route'], buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry],
  });
  readonly figuresLoad = new Histogram({
    name: 'api_figures_load_duration_seconds', help: 'Time to load rollups into the figures read model, by measurement and kind (initial, extend, refresh, reload).',
    labelNames: ['measurement', 'kind'], buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300], registers: [this.registry],
  });

  /** For createFigures' onLoad. */
  readonly onFiguresLoad = (e: FiguresLoad): void => { this.figuresLoad.observe({ measurement: e.measurement, kind: e.kind }, e.seconds); };

  /** Counts and times every request; the route is the matched pattern, so ids do not multiply the series. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      const started = performance.now();
      try {
        await next();
      } finally {
        // The last handler registered for a method (app.use middleware, the static map's included, is 'ALL');
        // without one, the map's files are '/*' and anything else no route answered.
        const routes = matchedRoutes(c);
        const handler = routes.filter((r) => r.method !== 'ALL').pop();
        const route = handler?.path ?? (c.res.status === 404 ? 'unmatched' : routes[routes.length - 1]?.path ?? 'unmatched');
        const labels = { method: c.req.method, route };
        this.requests.inc({ ...labels, status: String(c.res.status) });
        this.latency.observe(labels, (performance.now() - started) / 1000);
      }
    };
  }
}
