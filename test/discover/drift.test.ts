// config:check --probe and GET /api/drift: six kinds of disagreement planted in a copy of the demo cadastre,
// probed against the simulated network, are each named with what the probe saw (the port's speed in bit/s, the
// neighbour's site, …, checked against the simulator's own interfaces and ports), and the faithful copy shows none.
// A result file written before the facts still answers.
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadCadastre } from '../../config/load.js';
import { driftOf, probeCadastre, type DriftItem } from '../../config/drift.js';
import type { Cadastre } from '../../config/schema.js';
import { startSimNetwork, type SimNetworkHandle } from '../../sim/network.js';
import { createApp } from '../../api/app.js';
import { createFigures } from '../../analytics/figures.js';
import { InfluxStore } from '../../store/influx.js';
import { TOKEN_ENTRIES, auth } from '../api/support.js';
import { SqliteRecords } from '../../store/records-sqlite.js';

const env = { IRIS_SNMP_COMMUNITY: 'drift-c-8Hq', WIFI_SNMP_COMMUNITY: 'drift-w-2Lm', IRIS_SNMP_V3_AUTH_KEY: 'drift-auth-Pp9', IRIS_SNMP_V3_PRIV_KEY: 'drift-priv-Zx4' };
const demo = loadCadastre('config/demo');
let net: SimNetworkHandle;
let dir: string;
let planted: Cadastre;
const V = 'sw-hall-saint-josse-ten-noode'; // answers from another device's address
const MUTE = 'sw-metro-alma'; // its target is a socket that never answers
let hole: Socket;

function writeCadastre(to: string, c: Cadastre): void {
  const y = (v: unknown): string => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false });
  writeFileSync(join(to, 'owners.yaml'), y(c.owners));
  writeFileSync(join(to, 'sites.yaml'), y(c.sites));
  writeFileSync(join(to, 'devices.yaml'), y(c.devices));
  writeFileSync(join(to, 'segments.yaml'), y(c.segments));
  writeFileSync(join(to, 'hotspots.yaml'), y(c.hotspots));
  writeFileSync(join(to, 'targets.yaml'), y(c.targets));
  for (const f of ['pricebook.yaml', 'policy.yaml', 'administrations.yaml', 'maintenance.yaml']) copyFileSync(join('config/demo', f), join(to, f));
}

beforeAll(async () => {
  net = await startSimNetwork(demo, { env });
  hole = createSocket('udp4');
  await new Promise<void>((resolve) => hole.bind(0, '127.0.0.1', resolve));
  dir = mkdtempSync(join(tmpdir(), 'drift-'));
  const live = structuredClone(demo);
  for (const d of live.devices) d.target = `127.0.0.1:${net.ports[d.id]}`;
  planted = structuredClone(live);
  const seg = (id: string): Cadastre['segments'][number] => planted.segments.find((s) => s.id === id)!;
  const dev = (id: string): Cadastre['devices'][number] => planted.devices.find((d) => d.id === id)!;
  seg('IRIS-008').measuredBy = { device: 'sw-cpas-grand-hospice', ifName: 'Te9/9/9' }; // 1. a missing interface
  seg('IRIS-009').litCapacityBps = 1_000_000_000; // 2. a port speed other than litCapacityBps (10 Gbit/s live)
  const nord = planted.sites.find((s) => s.id === 'pop-nord')!;
  seg('IRIS-010').b = 'pop-nord'; // 3. the far end is elsewhere: LLDP/CDP see lib-luisterpuntbibliotheek's switch
  seg('IRIS-010').route.coordinates[seg('IRIS-010').route.coordinates.length - 1] = [...nord.coordinates];
  dev('sw-lib-bibliotheek-sans-souci').profile = 'cisco-airespace'; // 4. a profile that reads nothing
  dev(V).target = `127.0.0.1:${net.ports['sw-lib-luisterpuntbibliotheek']}`; // 5. another device answers
  dev(MUTE).target = `127.0.0.1:${hole.address().port}`; // 6. no answer
  writeCadastre(dir, planted);
  // The faithful copy: no drift at all.
  const faithful = driftOf(live, await probeCadastre(live, { env }));
  expect(faithful).toEqual([]);
}, 180_000);

afterAll(async () => {
  await net?.close();
  hole?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const PLANTED: Array<Pick<DriftItem, 'kind' | 'device' | 'segment'>> = [
  { kind: 'interface-missing', device: 'sw-cpas-grand-hospice', segment: 'IRIS-008' },
  { kind: 'speed-mismatch', device: 'sw-hall-bruxelles', segment: 'IRIS-009' },
  { kind: 'neighbour-elsewhere', device: 'sw-lib-bdtheque-brand-whitlock', segment: 'IRIS-010' },
  { kind: 'profile-reads-nothing', device: 'sw-lib-bibliotheek-sans-souci' },
  { kind: 'sysname-mismatch', device: V },
  { kind: 'unreachable', device: MUTE },
];
const key = (i: Pick<DriftItem, 'kind' | 'device' | 'segment'>): string => `${i.kind} ${i.device} ${i.segment ?? ''}`;

describe('config:check --probe and GET /api/drift', () => {
  it('config:check --probe names each planted disagreement, writes the result file and exits 1', async () => {
    // Asynchronously: the simulated agents answer from this process's event loop.
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'config/check-cli.ts', dir, '--probe'], { env: { ...process.env, ...env } });
      let stdout = '', stderr = '';
      child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
      child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
      child.on('exit', (status) => resolve({ status, stdout, stderr }));
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('drift: interface-missing: segment IRIS-008: device "sw-cpas-grand-hospice" has no interface with ifName "Te9/9/9"');
    expect(r.stdout).toContain('drift: speed-mismatch: segment IRIS-009: ifName "Te1/0/1" on sw-hall-bruxelles runs at 10000000000 bit/s, litCapacityBps is 1000000000');
    expect(r.stdout).toMatch(/drift: neighbour-elsewhere: segment IRIS-010: the (LLDP|CDP) neighbour of ifName "Te1\/0\/1" on sw-lib-bdtheque-brand-whitlock is sw-lib-luisterpuntbibliotheek Te2\/0\/\d+ at site lib-luisterpuntbibliotheek, not at the far end pop-nord/);
    expect(r.stdout).toContain('drift: profile-reads-nothing: device sw-lib-bibliotheek-sans-souci: profile cisco-airespace reads nothing (sysObjectID 1.3.6.1.4.1.2636.1.1.1.4.82.5)');
    expect(r.stdout).toContain(`drift: sysname-mismatch: device ${V} answers with sysName "sw-lib-luisterpuntbibliotheek"`);
    expect(r.stdout).toContain(`drift: unreachable: device ${MUTE}: timeout: `);
  }, 120_000);

  it('GET /api/drift (operator) gives the same items; exactly the planted ones apart from the misaddressed device', async () => {
    const store = new InfluxStore({ url: 'http://127.0.0.1:9', database: 'unused' });
    const c = loadCadastre(dir);
    const app = createApp({ cadastre: c, configDir: dir, store, dataDir: dir, records: new SqliteRecords(':memory:'), now: () => Date.now(), figures: createFigures(c, store, { refreshMs: 0, reloadMs: 0 }) },
      { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 } });
    expect((await app.request('/api/drift', { headers: auth('viewer') })).status).toBe(403);
    const res = await app.request('/api/drift', { headers: auth('operator') });
    expect(res.status).toBe(200);
    const body = await res.json() as { devices: number; items: DriftItem[] };
    expect(body.devices).toBe(167);
    for (const p of PLANTED) expect(body.items.map(key)).toContain(key(p));
    // The device answering from another's address also disagrees on its segments (that other device's ports).
    expect(body.items.filter((i) => i.device !== V).map(key).sort()).toEqual(PLANTED.filter((p) => p.device !== V).map(key).sort());
    // What the probe saw, as data: the figures the map words in each language, against the simulator's truth.
    const seen = (kind: DriftItem['kind'], device: string): DriftItem['seen'] => body.items.find((i) => i.kind === kind && i.device === device)?.seen;
    const missing = net.interfaces('sw-cpas-grand-hospice');
    expect(missing.length).toBeGreaterThan(0);
    expect(seen('interface-missing', 'sw-cpas-grand-hospice')).toEqual({ measuredBy: { key: 'ifName', value: 'Te9/9/9' }, interfaceCount: missing.length });
    expect(seen('speed-mismatch', 'sw-hall-bruxelles')).toEqual({ measuredBy: { key: 'ifName', value: 'Te1/0/1' }, speedBps: 10_000_000_000, litCapacityBps: 1_000_000_000 });
    const far = net.interfaces('sw-lib-bdtheque-brand-whitlock').find((i) => i.segment === 'IRIS-010')!.neighbour!;
    expect(far.device).toBe('sw-lib-luisterpuntbibliotheek');
    expect(seen('neighbour-elsewhere', 'sw-lib-bdtheque-brand-whitlock')).toEqual({
      measuredBy: { key: 'ifName', value: 'Te1/0/1' },
      neighbour: { protocol: 'lldp', sysName: 'sw-lib-luisterpuntbibliotheek', port: far.port, site: 'lib-luisterpuntbibliotheek' },
      farEnd: 'pop-nord',
    });
    expect(seen('profile-reads-nothing', 'sw-lib-bibliotheek-sans-souci')).toEqual({ profile: 'cisco-airespace', sysObjectID: '1.3.6.1.4.1.2636.1.1.1.4.82.5' });
    expect(seen('sysname-mismatch', V)).toEqual({ target: `127.0.0.1:${net.ports['sw-lib-luisterpuntbibliotheek']}`, sysName: 'sw-lib-luisterpuntbibliotheek' });
    // config:check's default wait, and readAgent's one retry.
    expect(seen('unreachable', MUTE)).toEqual({ target: `127.0.0.1:${hole.address().port}`, reason: 'timeout', timeoutMs: 2000, attempts: 2 });
    // Every item the probe wrote carries its facts.
    expect(body.items.filter((i) => !i.seen).map(key)).toEqual([]);
  });

  it('serves a result file written before the facts (items with their message only)', async () => {
    const old = mkdtempSync(join(tmpdir(), 'drift-old-'));
    try {
      const items = [{ kind: 'speed-mismatch', device: 'sw-hall-bruxelles', segment: 'IRIS-009', message: 'segment IRIS-009: ifName "Te1/0/1" on sw-hall-bruxelles runs at 10000000000 bit/s, litCapacityBps is 1000000000' }];
      writeFileSync(join(old, 'drift.json'), JSON.stringify({ probedAt: '2026-11-20T12:00:00.000Z', devices: 167, items }));
      const store = new InfluxStore({ url: 'http://127.0.0.1:9', database: 'unused' });
      const app = createApp({ cadastre: demo, configDir: old, store, dataDir: old, records: new SqliteRecords(':memory:'), now: () => Date.now(), figures: createFigures(demo, store, { refreshMs: 0, reloadMs: 0 }) },
        { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 } });
      const res = await app.request('/api/drift', { headers: auth('operator') });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: unknown[] }).items).toEqual(items);
    } finally { rmSync(old, { recursive: true, force: true }); }
  });

  it('answers 404 before any probe', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'drift-none-'));
    try {
      const store = new InfluxStore({ url: 'http://127.0.0.1:9', database: 'unused' });
      const app = createApp({ cadastre: demo, configDir: empty, store, dataDir: empty, records: new SqliteRecords(':memory:'), now: () => Date.now(), figures: createFigures(demo, store, { refreshMs: 0, reloadMs: 0 }) },
        { tokens: TOKEN_ENTRIES, rateLimit: { requests: 10_000, windowMs: 60_000 } });
      const res = await app.request('/api/drift', { headers: auth('operator') });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('--probe');
    } finally { rmSync(empty, { recursive: true, force: true }); }
  });
});
