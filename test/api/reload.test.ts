// SIGHUP to a running API process (api/cli.ts): the tokens file and the cadastre are read again. A new token
// works and a removed one gets 401; the figures are rebuilt for the new cadastre (a segment's lit capacity
// changed: its sellable capacity follows) and a device added appears in /api/devices. A tokens file that does
// not load is refused, and the API goes on with the previous tokens.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../api/auth.js';
import { loadCadastre } from '../../config/load.js';
import type { InfluxStore } from '../../store/influx.js';
import { stopProcess } from '../../store/influxd.js';
import { BUCKET_MS, interfaceBucketLine, PRECISION } from '../../store/schema.js';
import { freshDatabase } from '../support/influx.js';

const OLD = 'old-token-7c1f2a9e';
const NEW = 'new-token-3b8d5e0f';
const tokensYaml = (entries: [string, string][]): string => entries.map(([name, t]) => `- { name: ${name}, role: operator, sha256: ${hashToken(t)} }`).join('\n') + '\n';

let dir: string;
let configDir: string;
let tokensFile: string;
let store: InfluxStore;
let child: ChildProcess;
let url: string;
let out = '';

async function until(what: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
const get = (path: string, token: string): Promise<Response> => fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
async function segment(token: string, id: string): Promise<{ litCapacityBps: number; sellableBps: number | null }> {
  const res = await get('/api/segments', token);
  expect(res.status).toBe(200);
  const items = ((await res.json()) as { items: { id: string; litCapacityBps: number; sellableBps: number | null }[] }).items;
  return items.find((s) => s.id === id) as { litCapacityBps: number; sellableBps: number | null };
}
async function hup(count: number): Promise<void> {
  child.kill('SIGHUP');
  await until(() => (out.match(/api: reload(ed|\b.*refused)/g) ?? []).length >= count, 30_000);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'api-reload-'));
  configDir = join(dir, 'cadastre');
  cpSync('test/fixtures/cadastre-small', configDir, { recursive: true });
  tokensFile = join(dir, 'tokens.yaml');
  writeFileSync(tokensFile, tokensYaml([['old', OLD]]));
  store = await freshDatabase('api_reload');
  // Two hours of 200 Mbit/s each way on S-1.
  const s1 = loadCadastre(configDir).segments.find((s) => s.id === 'S-1');
  const end = Math.floor(Date.now() / BUCKET_MS) * BUCKET_MS;
  const lines: string[] = [];
  for (let t = end - 2 * 3_600_000; t < end; t += BUCKET_MS) lines.push(interfaceBucketLine({ time: t, segment: 'S-1', device: s1!.measuredBy.device, ifName: s1!.measuredBy.ifName, outBps: 200e6, inBps: 200e6, samples: 5 }));
  await store.write(lines, PRECISION);
  child = spawn(process.execPath, ['--import', 'tsx', 'api/cli.ts', '--config', configDir, '--port', '0', '--data-dir', join(dir, 'data'), '--tokens', tokensFile], {
    env: { ...process.env, INFLUX_URL: store.config.url, INFLUX_DB: store.database }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { out += d; });
  await until(() => /api: listening on (http:\/\/\S+)/.test(out) || child.exitCode !== null, 60_000);
  url = (/api: listening on (http:\/\/\S+)/.exec(out) ?? [])[1] as string;
  if (!url) throw new Error(`api did not start:\n${out}`);
}, 90_000);

afterAll(async () => {
  if (child) await stopProcess(child);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('SIGHUP reloads the API\'s tokens and cadastre', () => {
  it('takes the new tokens, drops the removed one, and rebuilds the figures for the new cadastre', async () => {
    expect((await get('/api/devices', OLD)).status).toBe(200);
    expect((await get('/api/devices', NEW)).status).toBe(401);
    const before = await segment(OLD, 'S-1');
    expect(before.litCapacityBps).toBe(1e9);
    expect(before.sellableBps).not.toBeNull();

    writeFileSync(tokensFile, tokensYaml([['new', NEW]]));
    const segmentsFile = join(configDir, 'segments.yaml');
    writeFileSync(segmentsFile, readFileSync(segmentsFile, 'utf8').replace('litCapacityBps: 1000000000\n  measuredBy: { device: sw-bxl, ifName: Gi0/1 }', 'litCapacityBps: 10000000000\n  measuredBy: { device: sw-bxl, ifName: Gi0/1 }'));
    writeFileSync(join(configDir, 'devices.yaml'), `${readFileSync(join(configDir, 'devices.yaml'), 'utf8')}- { id: sw-new, site: stg-hall, role: switch, target: "127.0.0.1:161", profile: if-mib, snmp: { version: v2c, community: { env: IRIS_SNMP_COMMUNITY } } }\n`);
    await hup(1);
    expect(out).toMatch(/api: reloaded: cadastre changed, figures rebuilt, 1 tokens/);

    const gone = await get('/api/devices', OLD);
    expect(gone.status).toBe(401);
    const devices = await get('/api/devices', NEW);
    expect(devices.status).toBe(200);
    expect(JSON.stringify(await devices.json())).toContain('"sw-new"');
    const after = await segment(NEW, 'S-1');
    expect(after.litCapacityBps).toBe(1e10);
    // Sellable capacity grows by maxLoad × the 9 Gbit/s added.
    const maxLoad = loadCadastre(configDir).policy.maxLoad;
    expect((after.sellableBps as number) - (before.sellableBps as number)).toBeCloseTo(maxLoad * 9e9, 0);
  });

  it('refuses a tokens file that does not load and keeps the previous tokens', async () => {
    writeFileSync(tokensFile, '- { name: "has space", role: viewer, sha256: nothex }\n');
    await hup(2);
    expect(out).toMatch(/api: reload refused, the previous configuration stays: .*tokens\.yaml/);
    expect((await get('/api/devices', NEW)).status).toBe(200);
    expect((await get('/api/devices', OLD)).status).toBe(401);
    expect(out).not.toContain(NEW);
    expect(out).not.toContain(OLD);
  });
});
