// The file formats on their own: a GeoPackage we write opened by an independent reader (the sqlite3 CLI), our
// GeoPackage geometry/WKB decoder on blobs in both byte orders and with Z, and the strict KML reader.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { writeGpkg, readGpkg } from '../../plant/gpkg.js';
import { decodeGpkgGeometry, encodeGpkgGeometry } from '../../plant/wkb.js';
import { readKml, kmlText } from '../../plant/kml.js';
import { readGeojson } from '../../plant/geojson.js';
import type { OutputLayer } from '../../plant/feature.js';

const root = mkdtempSync(join(tmpdir(), 'plant-formats-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const LAYERS: OutputLayer[] = [
  { name: 'segments', features: [
    { geometry: { type: 'LineString', coordinates: [[4.351757, 50.846506], [4.3605, 50.8489], [4.369608, 50.850701]] }, properties: { id: 'S-1', pairs_total: 48, capacity_bps: 1e9, note: 'quai & "dock" <n°1>', surveyed_length_m: null } },
    { geometry: { type: 'LineString', coordinates: [[4.369608, 50.850701], [4.367537, 50.832485]] }, properties: { id: 'S-2', pairs_total: 24, capacity_bps: 1e9, note: null, surveyed_length_m: 2100.5 } },
  ] },
  { name: 'sites', features: [{ geometry: { type: 'Point', coordinates: [4.351757, 50.846506] }, properties: { id: 'bxl-hall', name: 'Hôtel de Ville' } }] },
];

const sqlite = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });

describe('GeoPackage', () => {
  const file = join(root, 'plant.gpkg');
  writeGpkg(file, LAYERS);

  it.skipIf(sqlite.status !== 0)('is read by the sqlite3 CLI: application id, gpkg_contents, geometry columns, blob header', () => {
    const q = (sql: string): string => {
      const r = spawnSync('sqlite3', ['-readonly', '-separator', '|', file, sql], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return r.stdout.trim();
    };
    expect(q('PRAGMA application_id')).toBe(String(0x47504b47));
    expect(q('PRAGMA user_version')).toBe('10300');
    expect(q('SELECT table_name, data_type, srs_id, min_x, min_y, max_x, max_y FROM gpkg_contents ORDER BY table_name')).toBe(
      'segments|features|4326|4.351757|50.832485|4.369608|50.850701\nsites|features|4326|4.351757|50.846506|4.351757|50.846506');
    expect(q('SELECT table_name, column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns ORDER BY table_name')).toBe(
      'segments|geom|LINESTRING|4326|0|0\nsites|geom|POINT|4326|0|0');
    expect(q("SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = 4326")).toBe('EPSG|4326');
    // "GP", version 0, flags 0x03 (xy envelope, little-endian), srs_id 4326 LE; then 32 bytes of envelope, then
    // WKB: 01 (LE), type 2 (LineString), 3 points.
    expect(q('SELECT hex(substr(geom, 1, 8)), hex(substr(geom, 41, 9)), length(geom) FROM segments WHERE id = \'S-1\'')).toBe(
      `47500003E6100000|010200000003000000|${8 + 32 + 9 + 3 * 16}`);
    // A point: no envelope (flags 0x01), WKB type 1.
    expect(q('SELECT hex(substr(geom, 1, 13)), length(geom) FROM sites')).toBe(`47500001E61000000101000000|${8 + 21}`);
    expect(q("SELECT id, pairs_total, capacity_bps, note, surveyed_length_m, typeof(pairs_total), typeof(surveyed_length_m) FROM segments ORDER BY fid")).toBe(
      'S-1|48|1000000000|quai & "dock" <n°1>||integer|null\nS-2|24|1000000000||2100.5|integer|real');
    expect(q('PRAGMA integrity_check')).toBe('ok');
  });

  it('reads back what it wrote; names the layer to choose; refuses another SRS', () => {
    const segs = readGpkg(file, 'segments');
    expect(segs.map((f) => [f.ref, f.properties, f.geometry])).toEqual(LAYERS[0].features.map((f, i) => [`plant.gpkg: segments fid ${i + 1}`, f.properties, f.geometry]));
    expect(() => readGpkg(file)).toThrow(`${file}: 2 feature layers (segments, sites): name one with --layer`);
    expect(() => readGpkg(file, 'roads')).toThrow(`${file}: no feature layer "roads" (have: segments, sites)`);
    const lambert = join(root, 'lambert.gpkg');
    writeGpkg(lambert, [LAYERS[1]]);
    const db = new Database(lambert);
    db.exec("INSERT INTO gpkg_spatial_ref_sys VALUES ('Belge 1972 / Belgian Lambert 72', 31370, 'EPSG', 31370, 'PROJCS[...]', NULL); UPDATE gpkg_geometry_columns SET srs_id = 31370");
    db.close();
    expect(() => readGpkg(lambert)).toThrow(`${lambert}: layer "sites" is in SRS 31370; only WGS84 (EPSG:4326) is read (reproject it, e.g. ogr2ogr -t_srs EPSG:4326)`);
  });

  it('keeps an undecodable blob as a geometry error of its feature', () => {
    const bad = join(root, 'bad.gpkg');
    writeGpkg(bad, [LAYERS[1]]);
    const db = new Database(bad);
    db.prepare('UPDATE sites SET geom = ?').run(Buffer.from('4750000100000000', 'hex'));
    db.close();
    expect(readGpkg(bad).map((f) => f.geometryError)).toEqual(['truncated WKB at byte 8']);
  });
});

describe('GeoPackage geometry and WKB', () => {
  const wkbLine = (le: boolean, type: number, points: number[][]): Buffer => {
    const dims = points[0].length;
    const b = Buffer.alloc(9 + 8 * dims * points.length);
    b[0] = le ? 1 : 0;
    if (le) { b.writeUInt32LE(type, 1); b.writeUInt32LE(points.length, 5); } else { b.writeUInt32BE(type, 1); b.writeUInt32BE(points.length, 5); }
    points.flat().forEach((v, i) => (le ? b.writeDoubleLE(v, 9 + 8 * i) : b.writeDoubleBE(v, 9 + 8 * i)));
    return b;
  };
  const header = (flags: number, srs: number, envelopeDoubles = 0): Buffer => {
    const h = Buffer.alloc(8 + 8 * envelopeDoubles);
    h.write('GP', 0, 'latin1'); h[2] = 0; h[3] = flags;
    if (flags & 1) h.writeInt32LE(srs, 4); else h.writeInt32BE(srs, 4);
    return h;
  };

  it('decodes big-endian headers and WKB, Z coordinates (ISO 1002), MultiLineStrings, empty geometries', () => {
    expect(decodeGpkgGeometry(Buffer.concat([header(0x00, 4326), wkbLine(false, 2, [[4.35, 50.84], [4.36, 50.85]])]))).toEqual(
      { srsId: 4326, empty: false, geometry: { type: 'LineString', coordinates: [[4.35, 50.84], [4.36, 50.85]] } });
    // xyz envelope (6 doubles), a 3D line: the heights are dropped.
    expect(decodeGpkgGeometry(Buffer.concat([header(0x05, 4326, 6), wkbLine(true, 1002, [[4.35, 50.84, 31], [4.36, 50.85, 40]])])).geometry).toEqual(
      { type: 'LineString', coordinates: [[4.35, 50.84], [4.36, 50.85]] });
    const multi = Buffer.concat([Buffer.from([1, 5, 0, 0, 0, 2, 0, 0, 0]), wkbLine(true, 2, [[4.35, 50.84], [4.36, 50.85]]), wkbLine(false, 2, [[4.36, 50.85], [4.37, 50.86]])]);
    expect(decodeGpkgGeometry(Buffer.concat([header(0x03, 4326, 4), multi])).geometry).toEqual(
      { type: 'MultiLineString', coordinates: [[[4.35, 50.84], [4.36, 50.85]], [[4.36, 50.85], [4.37, 50.86]]] });
    expect(decodeGpkgGeometry(header(0x11, 4326))).toEqual({ srsId: 4326, empty: true, geometry: null });
  });

  it('names what it cannot read', () => {
    expect(() => decodeGpkgGeometry(Buffer.from('0102000000', 'hex'))).toThrow('not a GeoPackage geometry (no "GP" magic)');
    expect(() => decodeGpkgGeometry(Buffer.concat([header(0x01, 4326), Buffer.from([1, 3, 0, 0, 0, 0, 0, 0, 0])]))).toThrow('Polygon geometry (plant layers hold Point, LineString or MultiLineString)');
    expect(() => decodeGpkgGeometry(Buffer.concat([header(0x01, 4326), wkbLine(true, 2, [[4.35, 50.84], [4.36, 50.85]]).subarray(0, 30)]))).toThrow('truncated WKB at byte 17');
  });

  it('encodes what it decodes, bit for bit', () => {
    for (const f of [...LAYERS[0].features, ...LAYERS[1].features]) expect(decodeGpkgGeometry(encodeGpkgGeometry(f.geometry)).geometry).toEqual(f.geometry);
  });
});

describe('KML', () => {
  it('writes a Schema and SchemaData that read back exactly, escaped', () => {
    const file = join(root, 'segments.kml');
    writeFileSync(file, kmlText(LAYERS[0]));
    const read = readKml(file);
    expect(read.map((f) => f.properties)).toEqual([
      { id: 'S-1', name: 'S-1', pairs_total: '48', capacity_bps: '1000000000', note: 'quai & "dock" <n°1>', surveyed_length_m: null },
      { id: 'S-2', name: 'S-2', pairs_total: '24', capacity_bps: '1000000000', note: null, surveyed_length_m: '2100.5' },
    ]);
    expect(read.map((f) => f.geometry)).toEqual(LAYERS[0].features.map((f) => f.geometry));
  });

  it('reads what GIS tools export: Data/value, a MultiGeometry, CDATA, altitudes, a kml: prefix', () => {
    const file = join(root, 'owner.kml');
    writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by a GIS tool -->
<kml:kml xmlns:kml="http://www.opengis.net/kml/2.2"><kml:Document><kml:Folder>
  <kml:Placemark><kml:name><![CDATA[Tronçon <12>]]></kml:name>
    <kml:ExtendedData><kml:Data name="PAIRES"><kml:value>12</kml:value></kml:Data></kml:ExtendedData>
    <kml:MultiGeometry>
      <kml:LineString><kml:coordinates>4.35,50.84,0 4.36,50.85,0</kml:coordinates></kml:LineString>
      <kml:LineString><kml:coordinates>
        4.36,50.85,0
        4.37,50.86,0
      </kml:coordinates></kml:LineString>
    </kml:MultiGeometry></kml:Placemark>
  <kml:Placemark><kml:name>Zone</kml:name><kml:Polygon/></kml:Placemark>
</kml:Folder></kml:Document></kml:kml>`);
    expect(readKml(file)).toEqual([
      { ref: 'owner.kml:4: Placemark 1 "Tronçon <12>"', properties: { name: 'Tronçon <12>', PAIRES: '12' },
        geometry: { type: 'MultiLineString', coordinates: [[[4.35, 50.84], [4.36, 50.85]], [[4.36, 50.85], [4.37, 50.86]]] } },
      { ref: 'owner.kml:13: Placemark 2 "Zone"', properties: { name: 'Zone' }, geometry: null,
        geometryError: 'Polygon geometry (plant layers hold Point, LineString or MultiGeometry of LineStrings)' },
    ]);
  });

  it('refuses XML that is not well-formed, naming the line', () => {
    const file = join(root, 'broken.kml');
    writeFileSync(file, '<kml>\n<Document>\n<Placemark><name>A</Placemark>\n</Document>\n</kml>\n');
    expect(() => readKml(file)).toThrow(`${file}:3: not well-formed XML: </Placemark> closes <name> (opened at line 3)`);
    writeFileSync(file, '<kml>\n<Document>\n');
    expect(() => readKml(file)).toThrow(`${file}:3: not well-formed XML: <Document> (line 2) is never closed`);
    writeFileSync(file, '<gpx></gpx>');
    expect(() => readKml(file)).toThrow(`${file}: root element <gpx>, expected <kml>`);
  });
});

describe('GeoJSON', () => {
  it('refuses a file in another CRS and names an unreadable geometry', () => {
    const file = join(root, 'l72.geojson');
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::31370' } }, features: [] }));
    expect(() => readGeojson(file)).toThrow(`${file}: crs urn:ogc:def:crs:EPSG::31370; only WGS84 [lon, lat] is read (RFC 7946; reproject it, e.g. ogr2ogr -t_srs EPSG:4326)`);
    writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', id: 7, properties: null, geometry: { type: 'LineString', coordinates: [[4.35, 50.84], ['4.36', 50.85]] } }] }));
    expect(readGeojson(file)).toEqual([{ ref: 'l72.geojson: feature 1 "7"', properties: {}, geometry: null, geometryError: 'LineString: coordinates[1] is not a [lon, lat] pair of numbers' }]);
  });
});
