// Discovery of the simulated demo network from its agents' addresses and the credentials alone (no cadastre):
// the draft passes config:check, its devices are the demo's, its segments the demo's with the same measuring
// interface, and the collector and the API run on it unchanged (a figure read through the API).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCadastre, readCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import { discover, readCredentials, writeDraft, type DiscoverResult } from '../../discover/index.js';
import { readSitesCsv } from '../../discover/files.js';
import { startCollector } from '../../collector/index.js';
import { JsonLogger } from '../../common/log.js';
import { rollupRange } from '../../store/rollup.js';
import { createApp } from '../../api/app.js';
import { createFigures } from '../../analytics/figures.js';
import { freshDatabase } from '../support/influx.js';
import { sleep, startSimProcess, type SimProcess } from '../collector/helpers.js';
import { TOKEN_ENTRIES, auth } from '../api/support.js';
import { SqliteRecords } from '../../store/records-sqlite.js';

const env = {
  IRIS_SNMP_COMMUNITY: 'disc-iris-4Rt', WIFI_SNMP_COMMUNITY: 'disc-wifi-9Kd',
  IRIS_SNMP_V3_AUTH_KEY: 'disc-v3-auth-Q2', IRIS_SNMP_V3_PRIV_KEY: 'disc-v3-priv-W7',
};
const demo = loadCadastre('config/demo');
let sim: SimProcess;
let dir: string;
let draftDir: string;
let result: DiscoverResult;
let draft: Cadastre;
const progress: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'discover-demo-'));
  draftDir = join(dir, 'draft');
  sim = await startSimProcess('config/demo', dir, env, [], ['--far-end-ports']);
  writeFileSync(join(dir, 'credentials.yaml'), [
    '- {name: iris-v2c, snmp: {version: v2c, community: {env: IRIS_SNMP_COMMUNITY}}}',
    '- {name: iris-v3, snmp: {version: v3, user: irisnet-ro, level: authPriv, authProtocol: sha, authKey: {env: IRIS_SNMP_V3_AUTH_KEY}, privProtocol: aes, privKey: {env: IRIS_SNMP_V3_PRIV_KEY}}}',
    '- {name: wifi, snmp: {version: v2c, community: {env: WIFI_SNMP_COMMUNITY}}}',
  ].join('\n'));
  // The owners' list of sites (what a sites CSV from an inventory holds): id, name, kind, coordinates, commune.
  writeFileSync(join(dir, 'sites.csv'), ['id,name,kind,lon,lat,commune',
    ...demo.sites.map((s) => [s.id, `"${s.name.replace(/"/g, '""')}"`, s.kind, s.coordinates[0], s.coordinates[1], s.commune].join(','))].join('\n'));
  result = await discover({
    seeds: Object.values(sim.ports).map((port) => ({ host: '127.0.0.1', port })),
    credentials: readCredentials(join(dir, 'credentials.yaml'), env), sites: readSitesCsv(join(dir, 'sites.csv')),
    concurrency: 16, timeoutMs: 1500, retries: 1, maxRepetitions: 25,
    onAgent: (done, total) => progress.push(`${done}/${total}`),
  });
  writeDraft(draftDir, result, false);
  const r = readCadastre(draftDir);
  if (!r.cadastre) throw new Error(`the draft fails config:check:\n${r.problems.join('\n')}`);
  draft = r.cadastre;
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('discover on the simulated demo network', () => {
  it('reads every agent, with progress', () => {
    expect(result.unreachable).toEqual([]);
    expect(result.readings).toHaveLength(167);
    expect(progress.at(-1)).toBe('167/167');
  });

  it('drafts the demo devices: ids, sites, roles, profiles and credentials', () => {
    const view = (c: Cadastre): string[] => c.devices.map((d) => `${d.id} ${d.site} ${d.role} ${d.profile} ${JSON.stringify(d.snmp)}`).sort();
    expect(view(draft)).toEqual(view(demo));
    for (const d of draft.devices) expect(d.target).toBe(`127.0.0.1:${sim.ports[d.id]}`);
  });

  it('drafts at least 95 % of the demo segments with the right ends, measuring interface and capacity (all 331 here)', () => {
    const key = (s: Cadastre['segments'][number]): string => `${s.id} ${s.a}→${s.b} ${JSON.stringify(s.measuredBy)} ${s.litCapacityBps}`;
    const drafted = new Set(draft.segments.map(key));
    const matched = demo.segments.filter((s) => drafted.has(key(s)));
    expect(matched.length / demo.segments.length).toBeGreaterThanOrEqual(0.95);
    expect(matched).toHaveLength(331);
    expect(draft.segments).toHaveLength(331);
    expect(result.draft.notDrafted).toEqual([]);
  });

  it('marks each guess with its evidence in the files', () => {
    const segments = readFileSync(join(draftDir, 'segments.yaml'), 'utf8');
    expect(segments).toContain('# measured at sw-cpas-grand-hospice Te1/0/1: its port description "IRIS-008" is a circuit id');
    expect(segments).toMatch(/# LLDP at sw-hall-bruxelles Te2\/0\/\d+ sees sw-cpas-grand-hospice Te1\/0\/1\n/);
    const devices = readFileSync(join(draftDir, 'devices.yaml'), 'utf8');
    expect(devices).toContain('# sysObjectID 1.3.6.1.4.1.9.1.2170 → profile cisco-airespace (longest sysObjectIds prefix)');
    expect(devices).not.toContain(env.IRIS_SNMP_COMMUNITY);
  });

  it('never overwrites a reviewed file without --force, and gives the diff', () => {
    const file = join(draftDir, 'owners.yaml');
    const reviewed = readFileSync(file, 'utf8').replace('Unknown owner (to review)', 'IRISnet');
    writeFileSync(file, reviewed);
    const kept = writeDraft(draftDir, result, false).find((o) => o.file === 'owners.yaml')!;
    expect(kept.action).toBe('kept');
    expect(kept.diff).toContain('-- { id: unknown, name: IRISnet }');
    expect(readFileSync(file, 'utf8')).toBe(reviewed);
    const forced = writeDraft(draftDir, result, true).find((o) => o.file === 'owners.yaml')!;
    expect(forced.action).toBe('overwritten');
    expect(readFileSync(file, 'utf8')).not.toBe(reviewed);
    // An untouched draft is replaced silently.
    expect(writeDraft(draftDir, result, false).find((o) => o.file === 'segments.yaml')!.action).toBe('unchanged');
  });

  it('runs the collector and the API on the draft: a segment figure through the API', async () => {
    const store = await freshDatabase('discover_demo');
    // Only the poll cadence is changed (5 s instead of 60 s), to keep the test short.
    const fast: Cadastre = { ...draft, devices: draft.devices.filter((d) => d.role !== 'wifi-controller').map((d) => ({ ...d, intervalSeconds: 5 })) };
    const logs: string[] = [];
    const collector = await startCollector({
      cadastre: fast, store, env, spoolDir: join(dir, 'spool'), metricsPort: null, rollup: false, flushMs: 200,
      logger: new JsonLogger((l) => logs.push(l), 'warn'),
    });
    const from = Date.now();
    // Until every segment has a rate (two polls of its device), at most 90 s: a loaded machine polls late.
    const ctx = { cadastre: draft, configDir: draftDir, store, dataDir: dir, records: new SqliteRecords(':memory:'), now: () => Date.now(), figures: createFigures(draft, store, { refreshMs: 0, reloadMs: 0 }) };
    const app = createApp(ctx, { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 } });
    let body: { items: Array<{ id: string; ab: { samples: number; meanBps: number | null } }> } = { items: [] };
    for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
      await sleep(10_000);
      const to = Date.now();
      await rollupRange(store, from - 300_000, to + 300_000);
      const res = await app.request(`/api/segments?from=${new Date(from - 300_000).toISOString()}&to=${new Date(to + 300_000).toISOString()}`, { headers: auth('viewer') });
      expect(res.status).toBe(200);
      body = await res.json() as typeof body;
      if (body.items.filter((x) => x.ab.samples > 0).length === 331) break;
    }
    await collector.stop();
    const seg = body.items.find((s) => s.id === 'IRIS-008')!;
    expect(seg.ab.samples).toBeGreaterThan(0);
    expect(seg.ab.meanBps).toBeGreaterThan(0);
    expect(body.items.filter((s) => s.ab.samples > 0).length).toBe(331);
    // No price book in a discovered draft: quotes are off and say so.
    const quote = await app.request('/api/quotes', { method: 'POST', headers: { ...auth('commercial'), 'Content-Type': 'application/json' }, body: JSON.stringify({ from: 'pop-centre', to: 'pop-nord', service: { kind: 'lit', bandwidthBps: 1e8 }, termMonths: 12 }) });
    expect(quote.status).toBe(409);
    expect(((await quote.json()) as { error: { message: string } }).error.message).toContain('no price book configured');
  }, 150_000);
});
