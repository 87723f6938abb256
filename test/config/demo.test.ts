import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCadastre } from '../../config/load.js';
import { summarize } from '../../config/check.js';
import { generateDemo, writeCadastre } from '../../config/demo-generator.js';
import { CadastreFiles } from '../../config/schema.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const demoDir = join(root, 'config/demo');
const c = loadCadastre(demoDir);
const s = summarize(c);
const km = (owner: string): number => s.byOwner.find((o) => o.owner === owner)!.metres / 1000;

describe('the demo cadastre (config/demo)', () => {
  it('has the scale of the pooled Brussels network', () => {
    expect(s.sites).toBeGreaterThanOrEqual(150);
    expect(s.sites).toBeLessThanOrEqual(200);
    expect(s.segments).toBeGreaterThanOrEqual(250);
    expect(s.segments).toBeLessThanOrEqual(350);
    expect(s.totalMetres / 1000).toBeGreaterThanOrEqual(930);
    expect(s.totalMetres / 1000).toBeLessThanOrEqual(1000);
    expect(km('irisnet')).toBeGreaterThanOrEqual(380);
    expect(km('irisnet')).toBeLessThanOrEqual(420);
    expect(s.byOwner.map((o) => o.owner)).toEqual(['irisnet', 'sibelga', 'bruxelles-mobilite', 'vivaqua', 'stib', 'port-de-bruxelles']);
    for (const o of s.byOwner) expect(o.metres, o.owner).toBeGreaterThan(10_000);
  });

  it('has the real places: 19 commune halls (one per commune), 60 metro stations, PoPs labelled synthetic as core', () => {
    const halls = c.sites.filter((x) => x.kind === 'commune-hall');
    expect(halls).toHaveLength(19);
    expect(new Set(halls.map((h) => h.commune)).size).toBe(19);
    expect(c.sites.filter((x) => x.kind === 'metro-station')).toHaveLength(60);
    const pops = c.sites.filter((x) => x.kind === 'pop');
    expect(pops.length).toBeGreaterThanOrEqual(3);
    for (const p of pops) expect(p.name).toMatch(/\(synthetic\)/);
    expect(c.policy.coreSites).toEqual(pops.map((p) => p.id));
  });

  it('has a switch per site, v3 routers at the PoPs, simulator-assigned ports and only the documented variables', () => {
    for (const site of c.sites) expect(c.devices.filter((d) => d.site === site.id && (d.role === 'switch' || d.role === 'router')), site.id).toHaveLength(1);
    expect(c.devices.filter((d) => d.snmp.version === 'v3').map((d) => d.site)).toEqual(c.policy.coreSites);
    expect(c.devices.every((d) => d.target === '127.0.0.1:0')).toBe(true);
    const vars = new Set(c.devices.flatMap((d) => (d.snmp.version === 'v2c' ? [d.snmp.community.env] : [d.snmp.authKey.env, d.snmp.privKey?.env ?? ''])));
    expect([...vars].sort()).toEqual(['IRIS_SNMP_COMMUNITY', 'IRIS_SNMP_V3_AUTH_KEY', 'IRIS_SNMP_V3_PRIV_KEY', 'WIFI_SNMP_COMMUNITY']);
  });

  it('has diverse and single-homed sites, lit capacities of 1, 10 and 100 Gbit/s and 12-144 pairs', () => {
    const degree = new Map<string, number>();
    for (const seg of c.segments) for (const x of [seg.a, seg.b]) degree.set(x, (degree.get(x) ?? 0) + 1);
    const single = c.sites.filter((x) => degree.get(x.id) === 1).length;
    expect(single).toBeGreaterThanOrEqual(3);
    expect(c.sites.filter((x) => (degree.get(x.id) ?? 0) >= 2).length).toBeGreaterThan(0.9 * c.sites.length);
    expect(c.sites.every((x) => (degree.get(x.id) ?? 0) >= 1)).toBe(true);
    expect(new Set(c.segments.map((x) => x.litCapacityBps))).toEqual(new Set([1e9, 1e10, 1e11]));
    for (const seg of c.segments) {
      expect(seg.pairs.total).toBeGreaterThanOrEqual(12);
      expect(seg.pairs.total).toBeLessThanOrEqual(144);
      expect(seg.pairs.lit).toBeGreaterThanOrEqual(1);
    }
  });

  it('has ≈860 wifi.brussels hotspots on ≈220 places through 2 cisco-airespace and 2 aruba-wlsx controllers polled every 300 s', () => {
    expect(s.hotspots).toBeGreaterThanOrEqual(820);
    expect(s.hotspots).toBeLessThanOrEqual(900);
    const places = new Set(c.hotspots.map((h) => h.id.replace(/-\d\d$/, '')));
    expect(places.size).toBeGreaterThanOrEqual(200);
    expect(places.size).toBeLessThanOrEqual(240);
    expect(new Set(c.hotspots.filter((h) => h.site?.startsWith('metro-')).map((h) => h.site)).size).toBe(60);
    const controllers = c.devices.filter((d) => d.role === 'wifi-controller');
    expect(controllers.map((d) => d.profile).sort()).toEqual(['aruba-wlsx', 'aruba-wlsx', 'cisco-airespace', 'cisco-airespace']);
    expect(controllers.every((d) => d.intervalSeconds === 300)).toBe(true);
    for (const d of controllers) expect(c.hotspots.filter((h) => h.controller === d.id).length, d.id).toBeGreaterThan(50);
  });

  it('has weighted targets from the OSM layers only', () => {
    expect(s.targets).toBeGreaterThanOrEqual(300);
    expect(new Set(c.targets.map((t) => t.kind))).toEqual(new Set(['maison-de-quartier', 'community-centre', 'library', 'cpas']));
    expect(c.targets.every((t) => t.source === 'OpenStreetMap' && t.weight > 0)).toBe(true);
    // The social index moves weights: the same kind weighs differently across communes.
    expect(new Set(c.targets.filter((t) => t.kind === 'library').map((t) => t.weight)).size).toBeGreaterThan(5);
  });

  it('has connected administrations for every site but the PoPs: communes (hall and libraries), CPAS, schools, STIB-MIVB', () => {
    for (const site of c.sites) expect(site.administration === undefined, site.id).toBe(site.kind === 'pop');
    const byKind = (k: string): number => c.administrations.filter((a) => a.kind === k).length;
    expect([byKind('commune'), byKind('cpas'), byKind('school'), byKind('transport')]).toEqual([19, 4, 30, 1]);
    const evere = c.sites.filter((x) => x.administration === 'commune-evere');
    expect(evere.map((x) => x.kind)).toContain('commune-hall');
    // A commune with libraries is an administration with several sites.
    expect(c.administrations.filter((a) => c.sites.filter((x) => x.administration === a.id).length > 1).length).toBeGreaterThanOrEqual(10);
    expect(c.administrations.find((a) => a.id === 'commune-anderlecht')!.name).toBe("Commune d'Anderlecht - Gemeente Anderlecht");
    expect(c.policy.availability.targetPctByKind['commune-hall']).toBe(99.9);
    expect(c.maintenance).toEqual([]);
  });

  it('is what the generator writes, byte for byte (deterministic, committed up to date)', () => {
    const out = mkdtempSync(join(tmpdir(), 'demo-cadastre-'));
    try {
      writeCadastre(generateDemo({ dataDir: join(root, 'data/brussels') }), out);
      expect(readdirSync(out).sort()).toEqual(Object.values(CadastreFiles).sort());
      for (const f of Object.values(CadastreFiles)) expect(readFileSync(join(out, f), 'utf8'), f).toBe(readFileSync(join(demoDir, f), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('reads only the repository copy of the geodata and uses no unseeded randomness', () => {
    for (const f of readdirSync(join(root, 'config')).filter((x) => /^demo-.*\.ts$/.test(x))) {
      const src = readFileSync(join(root, 'config', f), 'utf8');
      expect(src, f).not.toMatch(/Math\.random|shared\/data/);
    }
  });
});
