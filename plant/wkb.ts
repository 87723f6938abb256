// GeoPackage geometry blobs (GeoPackage 1.3 §2.1.3): the "GP" header (version, flags, srs_id, optional envelope)
// followed by OGC WKB. Only what plant layers use: Point, LineString, MultiLineString, 2D; Z, M and ZM
// coordinates (ISO WKB types 1000+/2000+/3000+, or the EWKB high-bit flags) are read and their extra ordinates
// dropped. Pure: bytes in, coordinates out (and back).
import type { LonLat } from '../config/schema.js';
import type { PlantGeometry } from './feature.js';

export class WkbError extends Error {
  constructor(message: string) { super(message); this.name = 'WkbError'; }
}

const TYPE = { Point: 1, LineString: 2, MultiLineString: 5 } as const;
const NAME: Record<number, string> = { 1: 'Point', 2: 'LineString', 3: 'Polygon', 4: 'MultiPoint', 5: 'MultiLineString', 6: 'MultiPolygon', 7: 'GeometryCollection' };
/** Doubles in the envelope by the flags' envelope indicator (0 none, 1 xy, 2 xyz, 3 xym, 4 xyzm). */
const ENVELOPE_DOUBLES = [0, 4, 6, 6, 8];

export interface GpkgGeometry { srsId: number; empty: boolean; geometry: PlantGeometry | null }

/** Decodes a GeoPackage geometry blob. */
export function decodeGpkgGeometry(blob: Uint8Array): GpkgGeometry {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < 8 || buf[0] !== 0x47 || buf[1] !== 0x50) throw new WkbError('not a GeoPackage geometry (no "GP" magic)');
  if (buf[2] !== 0) throw new WkbError(`GeoPackage geometry version ${buf[2]} (only 0, GeoPackage 1.x, is known)`);
  const flags = buf[3];
  if (flags & 0x20) throw new WkbError('extended GeoPackage geometry type (not a standard WKB geometry)');
  const empty = (flags & 0x10) !== 0;
  const envelope = (flags >> 1) & 0x07;
  if (envelope > 4) throw new WkbError(`invalid envelope indicator ${envelope}`);
  const le = (flags & 1) === 1;
  const srsId = le ? buf.readInt32LE(4) : buf.readInt32BE(4);
  const start = 8 + 8 * ENVELOPE_DOUBLES[envelope];
  if (buf.length < start) throw new WkbError('truncated GeoPackage geometry header');
  if (empty) return { srsId, empty, geometry: null };
  const r = new Reader(buf, start);
  const geometry = readGeometry(r);
  return { srsId, empty, geometry };
}

class Reader {
  constructor(readonly buf: Buffer, public pos: number) {}
  need(n: number): void { if (this.pos + n > this.buf.length) throw new WkbError(`truncated WKB at byte ${this.pos}`); }
  u8(): number { this.need(1); return this.buf[this.pos++]; }
  u32(le: boolean): number { this.need(4); const v = le ? this.buf.readUInt32LE(this.pos) : this.buf.readUInt32BE(this.pos); this.pos += 4; return v; }
  f64(le: boolean): number { this.need(8); const v = le ? this.buf.readDoubleLE(this.pos) : this.buf.readDoubleBE(this.pos); this.pos += 8; return v; }
}

function readHead(r: Reader): { le: boolean; type: number; dims: number } {
  const order = r.u8();
  if (order > 1) throw new WkbError(`invalid WKB byte order ${order} at byte ${r.pos - 1}`);
  const le = order === 1;
  let raw = r.u32(le);
  // EWKB (PostGIS) flags: Z 0x80000000, M 0x40000000, SRID 0x20000000.
  let dims = 2;
  if (raw & 0x80000000) dims++;
  if (raw & 0x40000000) dims++;
  if (raw & 0x20000000) { r.u32(le); }
  raw &= 0x0fffffff;
  const iso = Math.floor(raw / 1000);
  if (iso === 1 || iso === 2) dims = 3;
  else if (iso === 3) dims = 4;
  return { le, type: raw % 1000, dims };
}

function readPoint(r: Reader, le: boolean, dims: number): LonLat {
  const x = r.f64(le), y = r.f64(le);
  for (let i = 2; i < dims; i++) r.f64(le);
  return [x, y];
}

function readPoints(r: Reader, le: boolean, dims: number): LonLat[] {
  const n = r.u32(le);
  r.need(n * 8 * dims);
  const out: LonLat[] = [];
  for (let i = 0; i < n; i++) out.push(readPoint(r, le, dims));
  return out;
}

function readGeometry(r: Reader): PlantGeometry {
  const { le, type, dims } = readHead(r);
  if (type === TYPE.Point) return { type: 'Point', coordinates: readPoint(r, le, dims) };
  if (type === TYPE.LineString) return { type: 'LineString', coordinates: readPoints(r, le, dims) };
  if (type === TYPE.MultiLineString) {
    const n = r.u32(le);
    const parts: LonLat[][] = [];
    for (let i = 0; i < n; i++) {
      const part = readHead(r);
      if (part.type !== TYPE.LineString) throw new WkbError(`MultiLineString part ${i} is a ${NAME[part.type] ?? `WKB type ${part.type}`}`);
      parts.push(readPoints(r, part.le, part.dims));
    }
    return { type: 'MultiLineString', coordinates: parts };
  }
  throw new WkbError(`${NAME[type] ?? `WKB type ${type}`} geometry (plant layers hold Point, LineString or MultiLineString)`);
}

/** [minX, minY, maxX, maxY] of the positions (a loop: routes may have more vertices than a spread allows). */
export function bbox(points: readonly LonLat[]): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of points) {
    if (x < minX) minX = x; if (x > maxX) maxX = x;
    if (y < minY) minY = y; if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** Encodes a geometry as a GeoPackage blob: little-endian, an xy envelope except for points (as the spec allows). */
export function encodeGpkgGeometry(g: PlantGeometry, srsId = 4326): Buffer {
  const all = g.type === 'Point' ? [g.coordinates] : g.type === 'LineString' ? g.coordinates : g.coordinates.flat();
  const envelope = g.type === 'Point' ? 0 : 1;
  const wkb = encodeWkb(g);
  const head = Buffer.alloc(8 + 8 * ENVELOPE_DOUBLES[envelope]);
  head[0] = 0x47; head[1] = 0x50; head[2] = 0; head[3] = (envelope << 1) | 1;
  head.writeInt32LE(srsId, 4);
  if (envelope === 1) {
    const [minX, minY, maxX, maxY] = bbox(all);
    head.writeDoubleLE(minX, 8); head.writeDoubleLE(maxX, 16);
    head.writeDoubleLE(minY, 24); head.writeDoubleLE(maxY, 32);
  }
  return Buffer.concat([head, wkb]);
}

/** OGC WKB, little-endian, 2D. */
export function encodeWkb(g: PlantGeometry): Buffer {
  const line = (coords: LonLat[]): Buffer => {
    const b = Buffer.alloc(9 + 16 * coords.length);
    b[0] = 1; b.writeUInt32LE(TYPE.LineString, 1); b.writeUInt32LE(coords.length, 5);
    coords.forEach((p, i) => { b.writeDoubleLE(p[0], 9 + 16 * i); b.writeDoubleLE(p[1], 17 + 16 * i); });
    return b;
  };
  if (g.type === 'Point') {
    const b = Buffer.alloc(21);
    b[0] = 1; b.writeUInt32LE(TYPE.Point, 1); b.writeDoubleLE(g.coordinates[0], 5); b.writeDoubleLE(g.coordinates[1], 13);
    return b;
  }
  if (g.type === 'LineString') return line(g.coordinates);
  const head = Buffer.alloc(9);
  head[0] = 1; head.writeUInt32LE(TYPE.MultiLineString, 1); head.writeUInt32LE(g.coordinates.length, 5);
  return Buffer.concat([head, ...g.coordinates.map(line)]);
}
