// Liveness and readiness: the API's /api/health/live answers while InfluxDB is away (no restart of a healthy
// process), /api/health/ready says 503 until the store answers and the figures are loaded, then 200; /api/health
// keeps its old answer; the access log names the route pattern and the token's name, never the token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startApi } from '../../api/cli.js';
import { hashToken } from '../../api/auth.js';
import { freePort } from '../../store/influxd.js';
import { freshDatabase } from '../support/influx.js';

const FIXTURE = 'test/fixtures/cadastre-small';
const TOKEN = 'prod-health-token-6f1c';
const dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'prod-health-')); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('API liveness, readiness and access log', () => {
  it('is live but not ready while the store is away', async () => {
    const deadPort = await freePort();
    const lines: string[] = [];
    const api = await startApi({
      configDir: FIXTURE, port: 0, tokens: [{ name: 'noc', role: 'viewer', sha256: hashToken(TOKEN) }], dataDir: tmp(),
      influx: { url: `http://127.0.0.1:${deadPort}`, database: 'irisnet', timeoutMs: 1_000 }, warmRetryMs: 200,
      log: () => {}, accessLog: (l) => lines.push(l),
    });
    try {
      const live = await fetch(`${api.url}/api/health/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toMatchObject({ status: 'ok' });
      const ready = await fetch(`${api.url}/api/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not_ready', store: 'down', figures: 'loading' });
      // The compatibility endpoint answers as before.
      expect((await fetch(`${api.url}/api/health`)).status).toBe(503);
    } finally {
      await api.close();
    }
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'info', msg: 'access', method: 'GET', route: '/api/health/live', status: 200 }),
      expect.objectContaining({ msg: 'access', route: '/api/health/ready', status: 503 }),
      expect.objectContaining({ msg: 'access', route: '/api/health', status: 503 }),
    ]);
  });

  it('becomes ready with a reachable store, and logs each request with its route pattern and token name', async () => {
    const store = await freshDatabase('prod_health');
    const lines: string[] = [];
    const api = await startApi({
      configDir: FIXTURE, port: 0, tokens: [{ name: 'noc', role: 'viewer', sha256: hashToken(TOKEN) }], dataDir: tmp(),
      influx: { url: inject('influxUrl'), database: store.database }, log: () => {}, accessLog: (l) => lines.push(l),
    });
    try {
      await api.warmed;
      const ready = await fetch(`${api.url}/api/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', store: 'up', figures: 'loaded' });
      const seg = await fetch(`${api.url}/api/segments/seg-nope/series`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(seg.status).toBe(404);
      expect((await fetch(`${api.url}/api/segments`)).status).toBe(401);
    } finally {
      await api.close();
    }
    const access = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(access.slice(1)).toEqual([
      expect.objectContaining({ msg: 'access', method: 'GET', route: '/api/segments/:id/series', status: 404, token: 'noc' }),
      expect.objectContaining({ msg: 'access', method: 'GET', route: '/api/*', status: 401 }),
    ]);
    expect(access[2].token).toBeUndefined();
    for (const a of access) expect(typeof a.duration_ms).toBe('number');
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain('seg-nope');
  });
});
