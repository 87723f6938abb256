// README "Your own network in 15 minutes", step by step, against two Debian snmpd on loopback (no LLDP there:
// the segment is added by hand, as the README says): discover → config:check → collector (creating its
// database) → API figures. The wall time to the first figure is printed (the README's promise: < 10 minutes).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import { InfluxStore } from '../../store/influx.js';
import { rollupRange } from '../../store/rollup.js';
import { createApp } from '../../api/app.js';
import { createFigures } from '../../analytics/figures.js';
import { pushThroughLoopback, sleep, startSnmpd, type Snmpd } from '../collector/helpers.js';
import { TOKEN_ENTRIES, auth } from '../api/support.js';
import { SqliteRecords } from '../../store/records-sqlite.js';

const COMMUNITY = `own-${randomBytes(4).toString('hex')}`;
const agents: Snmpd[] = [];
let dir: string;

afterAll(async () => {
  for (const a of agents) await a.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const tsx = (args: string[], env: Record<string, string> = {}): { status: number | null; out: string } => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
};

describe('your own network in 15 minutes (README)', () => {
  it('goes from two snmpd agents to a segment figure through the API', async () => {
    const t0 = Date.now();
    dir = mkdtempSync(join(tmpdir(), 'own-network-'));
    agents.push(await startSnmpd({ community: COMMUNITY, extra: ['sysName sw-liege', 'sysLocation Hotel de ville, Liege; 50.6451, 5.5734'] }));
    agents.push(await startSnmpd({ community: COMMUNITY, extra: ['sysName sw-namur', 'sysLocation Gare, Namur; 50.4687, 4.8623'] }));
    const env = { MY_COMMUNITY: COMMUNITY };
    // 2. credentials
    writeFileSync(join(dir, 'creds.yaml'), '- {name: ro, snmp: {version: v2c, community: {env: MY_COMMUNITY}}}\n');
    // 3. discover
    const out = join(dir, 'mine');
    const d = tsx(['discover/cli.ts', '--credentials', join(dir, 'creds.yaml'), '--out', out, ...agents.map((a) => `127.0.0.1:${a.port}`)], env);
    expect(d.out).toContain('discover: 2 agents answered, 0 unreachable');
    expect(d.status).toBe(0);
    const drafted = loadCadastre(out);
    expect(drafted.devices.map((x) => `${x.id} ${x.site} ${x.role} ${x.profile}`).sort()).toEqual(['sw-liege Hotel-de-ville switch if-mib', 'sw-namur Gare switch if-mib']);
    expect(drafted.sites.find((s) => s.id === 'Hotel-de-ville')?.coordinates).toEqual([5.5734, 50.6451]);
    expect(drafted.segments).toEqual([]);
    // ... no LLDP on snmpd: the segment by hand, measured by the loopback interface.
    appendFileSync(join(out, 'segments.yaml'), '- {id: L-1, a: Hotel-de-ville, b: Gare, owner: unknown, route: {type: LineString, coordinates: [[5.5734, 50.6451], [4.8623, 50.4687]]}, pairs: {total: 1, lit: 1, reserved: 0}, litCapacityBps: 1000000000, measuredBy: {device: sw-liege, ifName: lo}}\n');
    // 4. check
    const check = tsx(['config/check-cli.ts', out]);
    expect(check.out).toContain('valid');
    expect(check.status).toBe(0);
    // 4b. probe: the live network against the draft; the loopback runs slower than the 1 Gbit/s written by hand.
    const probe = tsx(['config/check-cli.ts', out, '--probe'], env);
    const speed = /drift: speed-mismatch: segment L-1: ifName "lo" on sw-liege runs at (\d+) bit\/s, litCapacityBps is 1000000000/.exec(probe.out);
    expect(probe.out).toContain('probe: 2 devices polled, 1 disagreement with the cadastre');
    expect(probe.status).toBe(1);
    const segments = join(out, 'segments.yaml');
    writeFileSync(segments, readFileSync(segments, 'utf8').replace('litCapacityBps: 1000000000', `litCapacityBps: ${speed?.[1]}`));
    const again = tsx(['config/check-cli.ts', out, '--probe'], env);
    expect(again.out).toContain('probe: 2 devices polled, 0 disagreements with the cadastre');
    expect(again.status).toBe(0);
    // 5. collect, into a database nobody created
    const database = `t_own_${randomBytes(4).toString('hex')}`;
    const url = inject('influxUrl');
    const collector = spawn(process.execPath, ['--import', 'tsx', 'collector/cli.ts', '--config', out, '--interval', 'switch=5', '--metrics-port', '0', '--spool-dir', join(dir, 'spool')], {
      env: { ...process.env, ...env, INFLUX_URL: url, INFLUX_DB: database }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    collector.stdout?.on('data', (b: Buffer) => { log += b.toString(); });
    collector.stderr?.on('data', (b: Buffer) => { log += b.toString(); });
    const from = Date.now();
    for (let k = 0; k < 6; k++) { await pushThroughLoopback(1_000_000); await sleep(2_500); }
    await new Promise<void>((resolve) => { collector.once('exit', () => resolve()); collector.kill('SIGTERM'); });
    expect(log).toContain('database created');
    const to = Date.now();
    // 6. serve
    const store = new InfluxStore({ url, database });
    await rollupRange(store, from - 300_000, to + 300_000);
    const cadastre = loadCadastre(out);
    const app = createApp({ cadastre, configDir: out, store, dataDir: dir, records: new SqliteRecords(':memory:'), now: () => Date.now(), figures: createFigures(cadastre, store, { refreshMs: 0, reloadMs: 0 }) },
      { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 } });
    const res = await app.request(`/api/segments?from=${new Date(from - 300_000).toISOString()}&to=${new Date(to + 300_000).toISOString()}`, { headers: auth('viewer') });
    expect(res.status).toBe(200);
    const seg = ((await res.json()) as { items: Array<{ id: string; ab: { samples: number; meanBps: number | null } }> }).items.find((s) => s.id === 'L-1')!;
    expect(seg.ab.samples).toBeGreaterThan(0);
    expect(seg.ab.meanBps).toBeGreaterThan(0);
    console.log(`own network: first figure through the API ${((Date.now() - t0) / 1000).toFixed(1)} s after starting (README: under 10 minutes)`);
    expect(readFileSync(join(out, 'policy.yaml'), 'utf8')).toContain('region: sites');
  }, 600_000);
});
