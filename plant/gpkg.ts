// GeoPackage (OGC 12-128r18) reader and writer for plant layers, on better-sqlite3: a GeoPackage is an SQLite
// file with gpkg_spatial_ref_sys, gpkg_contents and gpkg_geometry_columns beside one table per feature layer.
// Geometry blobs are decoded by ./wkb.ts. Only WGS84 (EPSG:4326) layers are read: the cadastre is [lon, lat].
import { existsSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { bbox, decodeGpkgGeometry, encodeGpkgGeometry, WkbError } from './wkb.js';
import { PlantFileError, type OutputLayer, type Progress, type PropertyValue, type SourceFeature } from './feature.js';

/** 'GPKG' as the SQLite application_id (GeoPackage 1.2+), and the version written (1.3.0). */
const APPLICATION_ID = 0x47504b47;
const USER_VERSION = 10300;

const WGS84_WKT = 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
  + 'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,'
  + 'AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

const quoteId = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The feature layers of a GeoPackage (gpkg_geometry_columns). */
export function gpkgLayers(file: string): { table: string; column: string; type: string; srsId: number }[] {
  const db = open(file);
  try { return layers(db, file); } finally { db.close(); }
}

function open(file: string): Database.Database {
  if (!existsSync(file)) throw new PlantFileError(`${file}: no such file`);
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get();
    return db;
  } catch (e) {
    throw new PlantFileError(`${file}: not an SQLite/GeoPackage file (${(e as Error).message})`);
  }
}

function layers(db: Database.Database, file: string): { table: string; column: string; type: string; srsId: number }[] {
  const has = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_geometry_columns'").get();
  if (!has) throw new PlantFileError(`${file}: not a GeoPackage (no gpkg_geometry_columns table)`);
  return (db.prepare('SELECT table_name, column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns ORDER BY table_name').all() as
    { table_name: string; column_name: string; geometry_type_name: string; srs_id: number }[])
    .map((r) => ({ table: r.table_name, column: r.column_name, type: r.geometry_type_name, srsId: r.srs_id }));
}

/**
 * Reads one feature layer (`layer`, or the only one). Attribute columns become properties (the integer primary
 * key too is left out: it is the row's fid, named in `ref`); a blob that cannot be decoded is kept with its
 * geometryError for matching to list.
 */
export function readGpkg(file: string, layer?: string, progress?: Progress): SourceFeature[] {
  const db = open(file);
  try {
    const all = layers(db, file);
    const names = all.map((l) => l.table).join(', ') || 'none';
    const l = layer === undefined ? (all.length === 1 ? all[0] : undefined) : all.find((x) => x.table === layer);
    if (!l) throw new PlantFileError(layer === undefined ? `${file}: ${all.length} feature layers (${names}): name one with --layer` : `${file}: no feature layer "${layer}" (have: ${names})`);
    // 0 and −1 are the spec's "undefined geographic/cartesian" systems; an owner's file without an SRS is taken as WGS84.
    if (![4326, 0, -1].includes(l.srsId)) throw new PlantFileError(`${file}: layer "${l.table}" is in SRS ${l.srsId}; only WGS84 (EPSG:4326) is read (reproject it, e.g. ogr2ogr -t_srs EPSG:4326)`);
    const cols = db.prepare(`PRAGMA table_info(${quoteId(l.table)})`).all() as { name: string; type: string; pk: number }[];
    const pk = cols.find((c) => c.pk === 1 && /^integer$/i.test(c.type))?.name;
    const total = (db.prepare(`SELECT count(*) AS n FROM ${quoteId(l.table)}`).get() as { n: number }).n;
    const out: SourceFeature[] = [];
    const base = basename(file);
    const rows = db.prepare(`SELECT ${pk ? `${quoteId(pk)} AS "__fid", ` : 'rowid AS "__fid", '}* FROM ${quoteId(l.table)}`).iterate() as Iterable<Record<string, unknown>>;
    for (const row of rows) {
      const properties: Record<string, PropertyValue> = {};
      for (const c of cols) {
        if (c.name === l.column || c.name === pk) continue;
        const v = row[c.name];
        properties[c.name] = typeof v === 'bigint' ? Number(v) : v instanceof Uint8Array ? null : (v as PropertyValue) ?? null;
      }
      const ref = `${base}: ${l.table} fid ${String(row.__fid)}`;
      const blob = row[l.column];
      const f: SourceFeature = { ref, properties, geometry: null };
      if (blob instanceof Uint8Array) {
        try {
          const g = decodeGpkgGeometry(blob);
          if (![4326, 0, -1].includes(g.srsId)) f.geometryError = `geometry in SRS ${g.srsId}, not WGS84`;
          else f.geometry = g.geometry;
        } catch (e) {
          if (!(e instanceof WkbError)) throw e;
          f.geometryError = e.message;
        }
      } else if (blob !== null && blob !== undefined) f.geometryError = `the ${l.column} column holds a ${typeof blob}, not a geometry blob`;
      out.push(f);
      if (progress && out.length % 1000 === 0) progress(out.length, total, `${l.table} rows`);
    }
    progress?.(out.length, total, `${l.table} rows`);
    return out;
  } finally { db.close(); }
}

const columnType = (values: PropertyValue[]): 'INTEGER' | 'REAL' | 'TEXT' | 'BOOLEAN' => {
  const present = values.filter((v) => v !== null);
  if (present.length && present.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (present.length && present.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'INTEGER';
  if (present.length && present.every((v) => typeof v === 'number')) return 'REAL';
  return 'TEXT';
};

/** Writes the layers to a new GeoPackage (an existing file is replaced), WGS84, one table per layer. */
export function writeGpkg(file: string, layersOut: readonly OutputLayer[]): void {
  rmSync(file, { force: true });
  const db = new Database(file);
  try {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${USER_VERSION}`);
    db.exec(`
      CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
        organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
        description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
        min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
        CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
        srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
        CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
        CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
        CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
    `);
    const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
    srs.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
    srs.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
    srs.run('WGS 84 geodetic', 4326, 'EPSG', 4326, WGS84_WKT, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
    db.transaction(() => {
      for (const layer of layersOut) {
        const keys = [...new Set(layer.features.flatMap((f) => Object.keys(f.properties)))];
        const types = keys.map((k) => columnType(layer.features.map((f) => f.properties[k] ?? null)));
        const geomTypes = new Set(layer.features.map((f) => f.geometry.type));
        const geomType = geomTypes.size === 1 ? [...geomTypes][0].toUpperCase() : 'GEOMETRY';
        db.exec(`CREATE TABLE ${quoteId(layer.name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom ${geomType}${keys.map((k, i) => `, ${quoteId(k)} ${types[i]}`).join('')})`);
        const all = layer.features.flatMap((f) => (f.geometry.type === 'Point' ? [f.geometry.coordinates] : f.geometry.type === 'LineString' ? f.geometry.coordinates : f.geometry.coordinates.flat()));
        const box = all.length ? bbox(all) : [null, null, null, null];
        db.prepare('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, \'features\', ?, ?, ?, ?, ?, ?, 4326)')
          .run(layer.name, layer.name, `${layer.name} (irisnet-telemetry plant:export)`, ...box);
        db.prepare('INSERT INTO gpkg_geometry_columns VALUES (?, \'geom\', ?, 4326, 0, 0)').run(layer.name, geomType);
        const insert = db.prepare(`INSERT INTO ${quoteId(layer.name)} (geom${keys.map((k) => `, ${quoteId(k)}`).join('')}) VALUES (?${keys.map(() => ', ?').join('')})`);
        for (const f of layer.features) {
          insert.run(encodeGpkgGeometry(f.geometry), ...keys.map((k) => {
            const v = f.properties[k] ?? null;
            return typeof v === 'boolean' ? (v ? 1 : 0) : v;
          }));
        }
      }
    })();
  } finally { db.close(); }
}
