import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describeRejected, importWorksites, WorksImportError } from '../../works/import.js';
import { toWorksites } from '../../analytics/roadworks.js';
import { readWorksiteFile, WORKSITES_FILE } from '../../config/worksites.js';

// Features in the Osiris WORKSITES format (OGC API Features, CRS84), as the service publishes them.
const square = (lon: number, lat: number, d = 0.001): number[][][] => [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]];
function feature(id: number | string | undefined, geometry: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'Feature', id: `WORKSITES.${String(id)}`, geometry,
    properties: {
      ...(id === undefined ? {} : { id_ws: id }),
      label_fr: `Chantier ${String(id)}`, label_nl: `Werf ${String(id)}`, status_fr: 'Programmé', status_nl: 'Gepland',
      road_impl_fr: 'Chaussée de Wavre', road_impl_nl: 'Waversesteenweg',
      pgm_start_date: '2027-03-01', pgm_end_date: '2027-04-30', ...extra,
    },
  };
}

const page1 = [
  feature(2291, { type: 'Polygon', coordinates: square(4.37, 50.83) }),
  feature(2292, { type: 'MultiPolygon', coordinates: [square(4.38, 50.84), square(4.385, 50.84)] }, { pgm_start_date: '2027-01-15T00:00:00Z' }),
  feature(2293, { type: 'Polygon', coordinates: square(4.36, 50.85) }, { pgm_start_date: null, pgm_end_date: null }),
  // Malformed: the ring is not closed.
  feature(2294, { type: 'Polygon', coordinates: [[[4.35, 50.85], [4.351, 50.85], [4.351, 50.851], [4.35, 50.851]]] }),
  // No id_ws at all.
  feature(undefined, { type: 'Polygon', coordinates: square(4.34, 50.85) }),
];
const page2 = [
  // The same worksite again on the next page, with a newer label: the later one is kept.
  feature(2292, { type: 'MultiPolygon', coordinates: [square(4.38, 50.84)] }, { label_fr: 'Chantier 2292 (révisé)' }),
  feature('W-2295', { type: 'Polygon', coordinates: square(4.39, 50.82) }),
  // Projected coordinates (Lambert 72) are not WGS84.
  feature(2296, { type: 'Polygon', coordinates: [[[150000, 170000], [150100, 170000], [150100, 170100], [150000, 170000]]] }),
];

let server: Server;
let base = '';
let failPage2 = false;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    hits.push(url.pathname + url.search);
    if (url.pathname.endsWith('/collections/WORKSITES')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: 'WORKSITES', title: 'Worksites', links: [
        { rel: 'items', type: 'text/html', href: 'WORKSITES/items?f=html' },
        { rel: 'items', type: 'application/geo+json', href: 'WORKSITES/items?f=json&limit=5' },
      ] }));
      return;
    }
    const offset = Number(url.searchParams.get('offset') ?? '0');
    if (offset === 5 && failPage2) { res.writeHead(503, { 'Content-Type': 'text/plain' }); res.end('maintenance'); return; }
    const features = offset === 0 ? page1 : page2;
    const links = [{ rel: 'self', type: 'application/geo+json', href: url.href }];
    // A relative next link, as some servers write them.
    if (offset === 0) links.push({ rel: 'next', type: 'application/geo+json', href: 'items?f=json&limit=5&offset=5' });
    res.writeHead(200, { 'Content-Type': 'application/geo+json' });
    res.end(JSON.stringify({ type: 'FeatureCollection', numberMatched: 8, numberReturned: features.length, features, links }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/collections/WORKSITES/`;
});
afterAll(async () => { await new Promise<void>((resolve) => server.close(() => resolve())); });

describe('works:import', () => {
  it('follows next links, keeps exactly the valid worksites and names the bad ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'works-'));
    try {
      const progress: number[] = [];
      const report = await importWorksites(`${base}items?f=json&limit=5`, { configDir: dir, onProgress: (p) => progress.push(p.features), now: () => Date.parse('2026-11-23T10:00:00Z') });
      expect(report.pages).toBe(2);
      expect(progress).toEqual([5, 8]);
      expect(report.read).toBe(8);
      expect(report.kept).toBe(4);
      expect(report.duplicates).toEqual(['2292']);
      expect(report.rejected.map(describeRejected)).toEqual([
        'worksite 2294 (page 1, feature 4): geometry.coordinates.0: a linear ring must be closed (its last position equals its first)',
        'worksite (no id_ws) (page 1, feature 5): properties.id_ws: id_ws is required (text or integer)',
        'worksite 2296 (page 2, feature 3): geometry.coordinates.0.0: expected WGS84 [lon, lat] in degrees (CRS84); projected coordinates such as Lambert 72 are not read',
      ]);
      const stored = readWorksiteFile(join(dir, WORKSITES_FILE));
      expect(stored.features.map((f) => f.properties.id_ws)).toEqual(['2291', '2292', '2293', 'W-2295']);
      expect(stored.features[1].properties.label_fr).toBe('Chantier 2292 (révisé)');
      expect(stored.features[1].geometry.type).toBe('MultiPolygon');
      expect(stored.sources).toEqual([{ source: `${base}items?f=json&limit=5`, importedAt: '2026-11-23T10:00:00.000Z', features: 4 }]);
      const ws = toWorksites(readWorksiteFile(join(dir, WORKSITES_FILE)));
      const noDates = ws.find((w) => w.id === '2293')!;
      expect(noDates).toMatchObject({ start: null, end: null, road: 'Chaussée de Wavre' });
      expect(ws.find((w) => w.id === '2291')!.end).toBe(Date.parse('2027-05-01T00:00:00Z'));
      expect(hits).toContain('/collections/WORKSITES/items?f=json&limit=5&offset=5');
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('given the collection URL, follows its GeoJSON items link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'works-'));
    try {
      const report = await importWorksites(base.replace(/\/$/, ''), { configDir: dir });
      expect(report).toMatchObject({ pages: 2, read: 8, kept: 4, total: 4 });
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('re-importing updates by id_ws without duplicating; a failed import leaves the previous set intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'works-'));
    try {
      await importWorksites(`${base}items?f=json&limit=5`, { configDir: dir });
      const file = join(dir, 'update.geojson');
      writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [
        feature(2291, { type: 'Polygon', coordinates: square(4.37, 50.83) }, { status_fr: 'En cours' }),
        feature(3001, { type: 'Polygon', coordinates: square(4.33, 50.86) }),
      ] }));
      const report = await importWorksites(file, { configDir: dir });
      expect(report).toMatchObject({ read: 2, kept: 2, added: 1, updated: 1, total: 5 });
      const stored = readWorksiteFile(join(dir, WORKSITES_FILE));
      expect(stored.features.map((f) => f.properties.id_ws)).toEqual(['2291', '2292', '2293', '3001', 'W-2295']);
      expect(stored.features[0].properties.status_fr).toBe('En cours');

      const before = readFileSync(join(dir, WORKSITES_FILE), 'utf8');
      failPage2 = true;
      await expect(importWorksites(`${base}items?f=json&limit=5`, { configDir: dir })).rejects.toThrow(/page 2 .*HTTP 503/);
      failPage2 = false;
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ type: 'Feature', geometry: null, properties: {} }));
      await expect(importWorksites(join(dir, 'bad.json'), { configDir: dir })).rejects.toThrow(WorksImportError);
      await expect(importWorksites(join(dir, 'missing.json'), { configDir: dir })).rejects.toThrow(/cannot read/);
      expect(readFileSync(join(dir, WORKSITES_FILE), 'utf8')).toBe(before);
      // No temporary file left behind.
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('the command line reports skipped features and exits 1 on failure without touching the set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'works-'));
    try {
      const file = join(dir, 'sample.geojson');
      writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: page1 }));
      const ok = spawnSync(process.execPath, ['--import', 'tsx', 'works/cli.ts', file, '--config', dir], { encoding: 'utf8' });
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain('5 features read from 1 page(s), 3 kept, 2 skipped; 3 added, 0 updated; 3 worksites');
      expect(ok.stderr).toContain('skipped worksite 2294 (page 1, feature 4): geometry.coordinates.0');
      expect(ok.stderr).toContain('page 1: 5 features read');
      const before = readFileSync(join(dir, WORKSITES_FILE), 'utf8');
      writeFileSync(file, '{"type": "FeatureCollection", "features": [');
      const bad = spawnSync(process.execPath, ['--import', 'tsx', 'works/cli.ts', file, '--config', dir], { encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('the previous worksites are unchanged');
      expect(bad.stderr).toContain('not valid JSON');
      expect(readFileSync(join(dir, WORKSITES_FILE), 'utf8')).toBe(before);
      expect(existsSync(join(dir, WORKSITES_FILE))).toBe(true);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
