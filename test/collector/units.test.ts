// Profiles, spool and schedule: the parts that need no server.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProfiles, parseProfile, ProfileError } from '../../config/profile.js';
import snmp from 'net-snmp';
import { nextTick, spreadPhases } from '../../collector/scheduler.js';
import { classify } from '../../common/snmp.js';
import { Spool, type SpoolRecord } from '../../collector/spool.js';

const tmp = mkdtempSync(join(tmpdir(), 'collector-units-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('profiles', () => {
  it('ships if-mib and the wifi controller vendors, all valid', () => {
    const p = loadProfiles();
    expect([...p.keys()].sort()).toEqual([
      'aruba-wlsx', 'cisco-airespace', 'cisco-lwapp', 'fortinet-wtp', 'if-mib', 'meraki-cloud', 'ruckus-smartzone',
      'ruckus-zonedirector', 'unifi-ap',
    ]);
    expect(p.get('if-mib')?.measurement).toBe('interface');
    expect(p.get('cisco-airespace')?.tables.bsnAPIfTable.join).toEqual({ prefix: 6 });
  });

  it('reports bad profiles naming the file and the field', () => {
    const bad = `name: x\nmeasurement: hotspot\nrows: t\ntables:\n  t: { entry: 1.3.6.1, columns: { a: 1 } }\n  c: { entry: 1.3.6.2, join: { prefix: 6 }, columns: { n: 1 } }\nvalues:\n  apName: { from: [a] }\n  up: { from: [zzz], equals: 1 }\n  clients: { from: [n] }\n`;
    try { parseProfile(bad, 'x.yaml'); expect.unreachable(); } catch (e) {
      expect(e).toBeInstanceOf(ProfileError);
      const problems = (e as ProfileError).problems;
      expect(problems).toContain('x.yaml: values.up.from[0]: unknown column zzz');
      expect(problems).toContain('x.yaml: values.clients.from[0]: column n is in child table c: set sum: true (or first: true)');
    }
  });

  it('requires the name to match the file', () => {
    const dir = join(tmp, 'profiles');
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(join(tmp, 'dummy'), '');
    mkdirSync(dir);
    writeFileSync(join(dir, 'other.yaml'), readFileSync('config/profiles/aruba-wlsx.yaml'));
    expect(() => loadProfiles(dir)).toThrow(/other.yaml: name: "aruba-wlsx" must equal the file name "other"/);
  });
});

describe('SNMP errors', () => {
  it('maps net-snmp failures to poll statuses in its own words', () => {
    const usm = (text: string) => new snmp.ResponseInvalidError(text, 5);
    expect(classify(new snmp.RequestTimedOutError('Request timed out'), 'sw-1', false)).toMatchObject({ status: 'timeout', message: 'device sw-1: no answer (timeout)' });
    expect(classify(new snmp.RequestTimedOutError('Request timed out'), 'sw-1', true)).toMatchObject({ status: 'error' });
    const wrong = classify(usm('Wrong Digest (incorrect password, community or key)'), 'sw-1', false);
    expect(wrong).toMatchObject({ status: 'auth_error', message: 'device sw-1: SNMPv3 authentication failed: Wrong Digest' });
    expect(wrong.resync).toBeUndefined();
    // A stale notion of the agent's engine (it restarted): re-discover rather than report.
    expect(classify(usm('Not In Time Window'), 'sw-1', false).resync).toBe(true);
    expect(classify(usm('Unknown Engine ID'), 'sw-1', false).resync).toBe(true);
    expect(classify(new snmp.ResponseInvalidError('Authentication digest abc received in message does not match digest def calculated for message', 5), 'sw-1', false).message)
      .toBe('device sw-1: SNMPv3 authentication failed: authentication digest mismatch (wrong key?)');
  });
});

describe('schedule', () => {
  it('ticks on the interval grid, whatever the time now', () => {
    expect(nextTick(0, 60_000, 5_000)).toBe(5_000);
    expect(nextTick(5_000, 60_000, 5_000)).toBe(65_000);
    expect(nextTick(64_999, 60_000, 5_000)).toBe(65_000);
    expect(nextTick(1_700_000_000_123, 60_000, 0) % 60_000).toBe(0);
  });
  it('spreads start times evenly over the interval', () => {
    const p = spreadPhases(['c', 'a', 'b', 'd'], 60_000);
    expect([...p.entries()]).toEqual([['a', 0], ['b', 15_000], ['c', 30_000], ['d', 45_000]]);
  });
});

const rec = (i: number, size = 10): SpoolRecord => ({ precision: 'ms', points: 1, minTime: i, maxTime: i, body: `m v=${i} ${i}${'x'.repeat(size)}` });

describe('spool', () => {
  it('replays in order, across segments and reopenings', () => {
    const dir = join(tmp, 'spool1');
    const s = new Spool({ dir, maxBytes: 1e6, segmentBytes: 200 });
    for (let i = 0; i < 20; i++) expect(s.append(rec(i))).toBe(true);
    expect(s.batches).toBe(20);
    expect(readdirSync(dir).filter((f) => f.endsWith('.spool')).length).toBeGreaterThan(3);
    for (let i = 0; i < 7; i++) { expect(s.peek()?.minTime).toBe(i); s.shift(); }
    // A restart resumes at the head.
    const s2 = new Spool({ dir, maxBytes: 1e6, segmentBytes: 200 });
    expect(s2.batches).toBe(13);
    expect(s2.bytes).toBe(s.bytes);
    s2.append(rec(20));
    const seen: number[] = [];
    for (let r = s2.peek(); r; r = s2.peek()) { seen.push(r.minTime); s2.shift(); }
    expect(seen).toEqual(Array.from({ length: 14 }, (_, i) => i + 7));
    expect(s2.empty).toBe(true);
    expect(s2.bytes).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.spool'))).toEqual([]);
    expect(new Spool({ dir, maxBytes: 1e6 }).batches).toBe(0);
  });

  it('cuts a torn last record after a crash', () => {
    const dir = join(tmp, 'spool2');
    const s = new Spool({ dir, maxBytes: 1e6 });
    s.append(rec(1)); s.append(rec(2));
    const seg = readdirSync(dir).find((f) => f.endsWith('.spool')) as string;
    appendFileSync(join(dir, seg), '{"precision":"ms","poi');
    const s2 = new Spool({ dir, maxBytes: 1e6 });
    expect(s2.batches).toBe(2);
    s2.append(rec(3));
    const seen: number[] = [];
    for (let r = s2.peek(); r; r = s2.peek()) { seen.push(r.minTime); s2.shift(); }
    expect(seen).toEqual([1, 2, 3]);
  });

  it('is bounded: an append past maxBytes is refused', () => {
    const size = Buffer.byteLength(JSON.stringify(rec(0, 50))) + 1;
    const s = new Spool({ dir: join(tmp, 'spool3'), maxBytes: 3 * size + size - 1 });
    let ok = 0;
    for (let i = 0; i < 10; i++) if (s.append(rec(i, 50))) ok++;
    expect(ok).toBe(3);
    expect(s.bytes).toBe(3 * size);
  });
});
