// The real stack the map runs against in tests and the benchmark: the API (startApi) serving the demo
// cadastre and the built page, on an InfluxDB store the caller provides (with history backfilled or not).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApi, type ApiHandle } from '../../api/cli.js';
import { hashToken, type TokenEntry } from '../../api/auth.js';
import type { Role } from '../../api/context.js';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import type { InfluxStore } from '../../store/influx.js';
import { ensureWebBuilt, WEB_DIST } from '../../web/src/build/ensure-built.js';

export const DEMO_DIR = resolve('config/demo');

/** One token per role; the token text is the role name with a suffix (tests only). */
export const TOKENS: Record<Role, string> = {
  operator: 'test-operator-token', planner: 'test-planner-token', commercial: 'test-commercial-token', viewer: 'test-viewer-token',
};

export interface MapStack {
  api: ApiHandle;
  url: string;
  cadastre: Cadastre;
  close(): Promise<void>;
}

/** `configDir`: the directory the API reads beside the cadastre (drift.json, worksites); the demo's by default. */
export async function startMapStack(store: InfluxStore, opts: { now?: () => number; cadastre?: Cadastre; configDir?: string; log?: (l: string) => void; startedAt?: number } = {}): Promise<MapStack> {
  ensureWebBuilt(opts.log);
  const configDir = opts.configDir ?? DEMO_DIR;
  const cadastre = opts.cadastre ?? loadCadastre(configDir);
  const dataDir = mkdtempSync(join(tmpdir(), 'irisnet-map-api-'));
  const tokens: TokenEntry[] = (Object.keys(TOKENS) as Role[]).map((role) => ({ name: role, role, sha256: hashToken(TOKENS[role]) }));
  const api = await startApi({
    configDir, cadastre, port: 0, host: '127.0.0.1', tokens, webDir: WEB_DIST, dataDir,
    influx: store.config, warm: true, now: opts.now, startedAt: opts.startedAt, log: opts.log ?? (() => {}),
    rateLimit: { requests: 100_000, windowMs: 60_000 },
  });
  await api.warmed;
  let closed: Promise<void> | undefined;
  return {
    api, url: api.url, cadastre,
    // Idempotent: a test may stop the API early to see the page's "unreachable" state.
    close: () => (closed ??= (async () => { await api.close(); rmSync(dataDir, { recursive: true, force: true }); })()),
  };
}
