// InfluxDB with authentication (auth-enabled = true), the users of deploy/influxdb/create-users.sh: the collector's
// user (ALL) writes points and rolls them up (a WRITE-only user cannot: the rollup SELECTs), the reader (READ)
// serves the API and cannot write, and a wrong password is an error that names the user and the database, never
// the password, while the collector keeps the points in its spool. Then an https store with a private CA.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector } from '../../collector/index.js';
import { JsonLogger } from '../../common/log.js';
import { loadCadastre } from '../../config/load.js';
import { startApi } from '../../api/cli.js';
import { hashToken } from '../../api/auth.js';
import { InfluxStore } from '../../store/influx.js';
import { startInfluxd, type InfluxdHandle } from '../../store/influxd.js';
import { rollupRange } from '../../store/rollup.js';
import { BUCKET_MS } from '../../store/schema.js';
import { cadastreWith, sleep, startSimProcess, type SimProcess } from '../collector/helpers.js';
import { ENV as SNMP_ENV } from '../sim/helpers.js';

const ADMIN = { username: 'admin', password: 'adm1n-Qx7"p\'w' };
// Quotes and a backslash: the script must escape them for InfluxQL and for curl's config.
const COLLECTOR_PW = 'c0ll-\'9"z\\k';
const READER_PW = 'r3ad-W2p';
const WRONG_PW = 'wr0ng-Pz81';
const TOKEN = 'prod-auth-token-a41';
const SMALL = 'test/fixtures/cadastre-small';

let influxd: InfluxdHandle;
let sim: SimProcess;
const work = mkdtempSync(join(tmpdir(), 'prod-auth-'));
const store = (username: string, password: string, database = 'irisnet'): InfluxStore => new InfluxStore({ url: influxd.url, database, username, password, timeoutMs: 5_000 });

function createUsers(extra: Record<string, string> = {}): string {
  return execFileSync('sh', ['deploy/influxdb/create-users.sh'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, INFLUX_URL: influxd.url, INFLUX_ADMIN_USER: ADMIN.username, INFLUX_ADMIN_PASSWORD: ADMIN.password, COLLECTOR_PASSWORD: COLLECTOR_PW, READER_PASSWORD: READER_PW, ...extra },
  });
}

beforeAll(async () => {
  influxd = await startInfluxd(join(work, 'influx'), 0, { admin: ADMIN });
  sim = await startSimProcess(SMALL, work, SNMP_ENV as Record<string, string>);
}, 120_000);
afterAll(async () => {
  await sim?.stop();
  await influxd?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('InfluxDB with auth-enabled = true', () => {
  it('refuses anonymous requests, and create-users.sh makes the database and the users (twice: idempotent)', async () => {
    await expect(new InfluxStore({ url: influxd.url, database: 'irisnet' }).query('SHOW DATABASES')).rejects.toThrow(/refused the query on database "irisnet" for no credentials .*\(HTTP 401\)/);
    expect(createUsers()).toMatch(/irisnet_collector has ALL .*irisnet_reader has READ/);
    expect(createUsers()).toMatch(/irisnet_collector has ALL/);
    const grants = await store(ADMIN.username, ADMIN.password).rows('SHOW GRANTS FOR "irisnet_reader"');
    expect(grants).toEqual([expect.objectContaining({ database: 'irisnet', privilege: 'READ' })]);
    expect(await store(ADMIN.username, ADMIN.password).rows('SHOW GRANTS FOR "irisnet_collector"')).toEqual([expect.objectContaining({ database: 'irisnet', privilege: 'ALL PRIVILEGES' })]);
  });

  it('the collector\'s user writes and rolls up; the reader serves the API and cannot write; a WRITE-only user cannot roll up', async () => {
    const fixture = loadCadastre(SMALL);
    const cadastre = cadastreWith(fixture.devices.map((d) => ({ ...d, intervalSeconds: 2, timeoutMs: 1000, retries: 0 })), { segments: fixture.segments, hotspots: fixture.hotspots });
    const collectorStore = store('irisnet_collector', COLLECTOR_PW);
    const collector = await startCollector({
      cadastre, store: collectorStore, env: SNMP_ENV, spoolDir: join(work, 'collector'), portsFile: sim.portsFile, metricsPort: null, rollup: false, flushMs: 200,
      logger: new JsonLogger(() => {}),
    });
    const started = Date.now();
    try {
      for (let i = 0; i < 60 && collector.status().pointsWritten === 0; i++) await sleep(250);
      await sleep(4_500);
      await collector.flush();
      expect(collector.status().pointsWritten).toBeGreaterThan(0);
    } finally {
      await collector.stop();
    }
    const rolled = await rollupRange(collectorStore, started - BUCKET_MS, Date.now() + 1);
    expect(rolled.interfaces.length).toBeGreaterThan(0);
    expect(rolled.hotspots.length).toBeGreaterThan(0);

    const reader = store('irisnet_reader', READER_PW);
    const back = await reader.rows('SELECT count("in_bps") AS n FROM "interface_5m"');
    expect(back[0].n).toBe(rolled.interfaces.length);
    await expect(reader.write('interface,device=x in_bps=1 1')).rejects.toThrow(/refused the write on database "irisnet" for user "irisnet_reader" \(INFLUX_USER\/INFLUX_PASSWORD\) \(HTTP 403\)/);

    // What the README used to suggest for the collector: WRITE only. Its writes pass, its rollup's SELECT does not.
    const admin = store(ADMIN.username, ADMIN.password);
    await admin.exec(`CREATE USER "writer_only" WITH PASSWORD 'w-only-5'; GRANT WRITE ON "irisnet" TO "writer_only"`);
    const writeOnly = store('writer_only', 'w-only-5');
    await writeOnly.write(`interface,device=sw-bxl,if_name=x,segment=S-1 in_bps=1,out_bps=1 ${started}`);
    await expect(rollupRange(writeOnly, started - BUCKET_MS, Date.now() + 1)).rejects.toThrow(/refused the query on database "irisnet" for user "writer_only"/);

    const api = await startApi({
      configDir: SMALL, port: 0, tokens: [{ name: 'noc', role: 'viewer', sha256: hashToken(TOKEN) }], dataDir: join(work, 'api'),
      influx: { url: influxd.url, database: 'irisnet', username: 'irisnet_reader', password: READER_PW }, log: () => {},
    });
    try {
      await api.warmed;
      expect((await fetch(`${api.url}/api/health/ready`)).status).toBe(200);
      const res = await fetch(`${api.url}/api/segments`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(fixture.segments.length);
    } finally {
      await api.close();
    }
  }, 90_000);

  it('a wrong password: a clear error naming the user, never the password; the collector spools instead of losing points', async () => {
    const bad = store('irisnet_reader', WRONG_PW);
    const err = await bad.query('SHOW MEASUREMENTS').then(() => new Error('no error'), (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/^InfluxDB at 127\.0\.0\.1:\d+ refused the query on database "irisnet" for user "irisnet_reader" \(INFLUX_USER\/INFLUX_PASSWORD\) \(HTTP 401\): authorization failed$/);
    expect(err.message).not.toContain(WRONG_PW);

    const fixture = loadCadastre(SMALL);
    const cadastre = cadastreWith(fixture.devices.map((d) => ({ ...d, intervalSeconds: 2, timeoutMs: 1000, retries: 0 })), { segments: fixture.segments, hotspots: fixture.hotspots });
    const logs: string[] = [];
    const collector = await startCollector({
      cadastre, store: store('irisnet_collector', WRONG_PW), env: SNMP_ENV, spoolDir: join(work, 'collector-bad'), portsFile: sim.portsFile,
      metricsPort: null, rollup: false, flushMs: 200, logger: new JsonLogger((l) => logs.push(l), 'debug'),
    });
    try {
      for (let i = 0; i < 60 && collector.status().spoolBatches === 0; i++) await sleep(250);
      expect(collector.status()).toMatchObject({ pointsWritten: 0, dropped: 0 });
      expect(collector.status().spoolBatches).toBeGreaterThan(0);
    } finally {
      await collector.stop();
    }
    expect(logs.join('\n')).toMatch(/refused the write on database \\"irisnet\\" for user \\"irisnet_collector\\"/);
    expect(logs.join('\n')).not.toContain(WRONG_PW);
    expect(logs.join('\n')).not.toMatch(/quarantin/);

    const api = await startApi({
      configDir: SMALL, port: 0, tokens: [], dataDir: join(work, 'api-bad'), warmRetryMs: 60_000,
      influx: { url: influxd.url, database: 'irisnet', username: 'irisnet_reader', password: WRONG_PW }, log: () => {},
    });
    try {
      const ready = await fetch(`${api.url}/api/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.text()).not.toContain(WRONG_PW);
    } finally {
      await api.close();
    }
  }, 60_000);
});

describe('https to the store', () => {
  it('trusts a private CA given as NODE_EXTRA_CA_CERTS, and says why without it', async () => {
    const has = spawnSync('openssl', ['version']).status === 0;
    if (!has) { console.warn('openssl missing: https test skipped'); return; }
    const d = join(work, 'tls');
    execFileSync('sh', ['-c', [
      `mkdir -p ${d} && cd ${d}`,
      'openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=irisnet test CA" 2>/dev/null',
      'openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null',
      'printf "subjectAltName=IP:127.0.0.1\\n" > san.ext',
      'openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile san.ext 2>/dev/null',
    ].join(' && ')]);
    // Node reads NODE_EXTRA_CA_CERTS at start: the https influxd and the client that trusts its CA run in a child.
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
      import { startInfluxd } from './store/influxd.ts';
      import { InfluxStore } from './store/influx.ts';
      const admin = ${JSON.stringify(ADMIN)};
      const h = await startInfluxd(${JSON.stringify(join(work, 'influx-tls'))}, 0, { admin, tls: { certificate: ${JSON.stringify(join(d, 'server.pem'))}, privateKey: ${JSON.stringify(join(d, 'server.key'))} } });
      const s = new InfluxStore({ url: h.url, database: 'irisnet', ...admin });
      await s.createDatabase();
      await s.write('probe v=42 1000');
      const rows = await s.rows('SELECT v FROM probe');
      process.stdout.write(JSON.stringify({ url: h.url, v: rows[0].v }) + '\\n');
      process.stdin.resume();
      process.stdin.on('end', () => { void h.stop().then(() => process.exit(0)); });
    `], { env: { ...process.env, NODE_EXTRA_CA_CERTS: join(d, 'ca.pem') }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
    const exited = new Promise<number | null>((res) => child.once('exit', (c) => res(c)));
    try {
      for (let i = 0; i < 200 && !out.includes('\n') && child.exitCode === null; i++) await sleep(100);
      const first = JSON.parse(out.split('\n')[0]) as { url: string; v: number };
      expect(first.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(first.v).toBe(42);
      // This process was not given the CA: the error says the store is unreachable and why, with no secret.
      const err = await new InfluxStore({ url: first.url, database: 'irisnet', ...ADMIN }).query('SHOW MEASUREMENTS').then(() => new Error('no error'), (e: unknown) => e as Error);
      expect(err.message).toMatch(/^InfluxDB at 127\.0\.0\.1:\d+ unreachable: .*(self.signed|unable to verify|certificate)/i);
      expect(err.message).not.toContain(ADMIN.password);
    } finally {
      child.stdin.end();
    }
    expect(await exited, out).toBe(0);
  }, 60_000);
});
