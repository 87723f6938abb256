// KML (OGC 07-147r2) plant layers, the subset owners' GIS tools export: Placemark with name, ExtendedData
// (SchemaData/SimpleData, or Data/value) and a LineString, Point or MultiGeometry of LineStrings.
// No XML parser is installed and the shared node_modules may not change, so this is a small strict reader
// (well-formed XML or an error naming the line); a kept parser (@tmcw/togeojson on @xmldom/xmldom) should
// replace it when the dependency can be added.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { LonLat } from '../config/schema.js';
import { PlantFileError, type OutputLayer, type PlantGeometry, type PropertyValue, type SourceFeature } from './feature.js';

interface XmlElement { name: string; attrs: Record<string, string>; children: XmlElement[]; text: string; line: number }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string, line: number, file: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new PlantFileError(`${file}:${line}: unknown XML entity &${e};`);
    return v;
  });
}

/** Parses well-formed XML into elements (namespace prefixes dropped: KML's are kml:, gx: is ignored by name). */
export function parseXml(text: string, file: string): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '', line: 1 };
  const stack: XmlElement[] = [root];
  let i = 0, line = 1;
  const advance = (to: number): void => { for (let k = i; k < to; k++) if (text.charCodeAt(k) === 10) line++; i = to; };
  const fail = (msg: string): never => { throw new PlantFileError(`${file}:${line}: not well-formed XML: ${msg}`); };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (chunk) {
      const top = stack[stack.length - 1];
      if (top === root) { if (chunk.trim()) fail('text outside the root element'); } else top.text += decodeEntities(chunk, line, file);
      advance(lt < 0 ? text.length : lt);
    }
    if (lt < 0) break;
    if (text.startsWith('<!--', i)) { const e = text.indexOf('-->', i); if (e < 0) fail('unclosed comment'); advance(e + 3); continue; }
    if (text.startsWith('<![CDATA[', i)) {
      const e = text.indexOf(']]>', i); if (e < 0) fail('unclosed CDATA');
      stack[stack.length - 1].text += text.slice(i + 9, e); advance(e + 3); continue;
    }
    if (text.startsWith('<?', i)) { const e = text.indexOf('?>', i); if (e < 0) fail('unclosed processing instruction'); advance(e + 2); continue; }
    if (text.startsWith('<!', i)) { const e = text.indexOf('>', i); if (e < 0) fail('unclosed declaration'); advance(e + 1); continue; }
    const m = /^<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(text.slice(i, i + 4096));
    if (!m) fail(`bad tag near "${text.slice(i, i + 30).replace(/\s+/g, ' ')}"`);
    const [whole, close, qname, attrText, selfClose] = m!;
    const name = qname.includes(':') ? qname.slice(qname.indexOf(':') + 1) : qname;
    const at = line;
    advance(i + whole.length);
    if (close) {
      const top = stack.pop()!;
      if (top === root || top.name !== name) fail(`</${qname}> closes <${top === root ? 'nothing' : top.name}> (opened at line ${top.line})`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = decodeEntities(a[2] ?? a[3], at, file);
    const el: XmlElement = { name, attrs, children: [], text: '', line: at };
    const parent = stack[stack.length - 1];
    if (parent === root && root.children.length) fail('a second root element');
    parent.children.push(el);
    if (!selfClose) stack.push(el);
  }
  if (stack.length > 1) fail(`<${stack[stack.length - 1].name}> (line ${stack[stack.length - 1].line}) is never closed`);
  if (!root.children.length) fail('no root element');
  return root.children[0];
}

const child = (e: XmlElement, name: string): XmlElement | undefined => e.children.find((c) => c.name === name);
function descendants(e: XmlElement, name: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of e.children) { if (c.name === name) out.push(c); else descendants(c, name, out); }
  return out;
}

/** KML coordinates: "lon,lat[,alt]" tuples separated by whitespace. */
function coordinates(e: XmlElement | undefined): LonLat[] | string {
  if (!e) return 'no <coordinates>';
  const out: LonLat[] = [];
  for (const tuple of e.text.trim().split(/\s+/).filter(Boolean)) {
    const parts = tuple.split(',');
    const lon = Number(parts[0]), lat = Number(parts[1]);
    if (parts.length < 2 || parts.length > 3 || !Number.isFinite(lon) || !Number.isFinite(lat) || parts[0] === '' || parts[1] === '') return `coordinates at line ${e.line}: "${tuple}" is not lon,lat[,alt]`;
    out.push([lon, lat]);
  }
  return out;
}

function geometryOf(p: XmlElement): { geometry: PlantGeometry | null; error?: string } {
  const kinds = ['Point', 'LineString', 'MultiGeometry', 'Polygon', 'LinearRing', 'Track', 'MultiTrack', 'Model'];
  const g = p.children.find((c) => kinds.includes(c.name));
  if (!g) return { geometry: null };
  if (g.name === 'Point') {
    const c = coordinates(child(g, 'coordinates'));
    if (typeof c === 'string') return { geometry: null, error: `Point: ${c}` };
    return c.length === 1 ? { geometry: { type: 'Point', coordinates: c[0] } } : { geometry: null, error: `Point with ${c.length} positions` };
  }
  if (g.name === 'LineString') {
    const c = coordinates(child(g, 'coordinates'));
    return typeof c === 'string' ? { geometry: null, error: `LineString: ${c}` } : { geometry: { type: 'LineString', coordinates: c } };
  }
  if (g.name === 'MultiGeometry') {
    const parts: LonLat[][] = [];
    for (const c of g.children) {
      if (c.name !== 'LineString') return { geometry: null, error: `MultiGeometry holding a ${c.name} (plant routes are lines)` };
      const cs = coordinates(child(c, 'coordinates'));
      if (typeof cs === 'string') return { geometry: null, error: `MultiGeometry LineString: ${cs}` };
      parts.push(cs);
    }
    return { geometry: { type: 'MultiLineString', coordinates: parts } };
  }
  return { geometry: null, error: `${g.name} geometry (plant layers hold Point, LineString or MultiGeometry of LineStrings)` };
}

export function readKml(file: string): SourceFeature[] {
  const root = parseXml(readFileSync(file, 'utf8'), file);
  if (root.name !== 'kml') throw new PlantFileError(`${file}: root element <${root.name}>, expected <kml>`);
  const base = basename(file);
  // Fields a <Schema> declares are properties of every Placemark using it (null where a Placemark has no value).
  const schemas = new Map(descendants(root, 'Schema').map((s) => [s.attrs.id ?? s.attrs.name, descendants(s, 'SimpleField').map((f) => f.attrs.name).filter(Boolean)]));
  return descendants(root, 'Placemark').map((p, i): SourceFeature => {
    const properties: Record<string, PropertyValue> = {};
    for (const sd of descendants(p, 'SchemaData')) for (const name of schemas.get((sd.attrs.schemaUrl ?? '').replace(/^#/, '')) ?? []) properties[name] = null;
    const name = child(p, 'name')?.text.trim();
    if (name) properties.name = name;
    const ext = child(p, 'ExtendedData');
    if (ext) {
      for (const sd of descendants(ext, 'SimpleData')) if (sd.attrs.name) properties[sd.attrs.name] = sd.text;
      for (const d of ext.children.filter((c) => c.name === 'Data')) if (d.attrs.name) properties[d.attrs.name] = child(d, 'value')?.text ?? '';
    }
    const g = geometryOf(p);
    return { ref: `${base}:${p.line}: Placemark ${i + 1}${name ? ` "${name}"` : ''}`, properties, geometry: g.geometry, ...(g.error ? { geometryError: g.error } : {}) };
  });
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Numbers as JavaScript prints them: the shortest text that reads back to the same double. */
const coordText = (cs: readonly LonLat[]): string => cs.map((p) => `${p[0]},${p[1]}`).join(' ');

/** A KML document: a Schema declaring the attributes, one Placemark per feature with SchemaData. */
export function kmlText(layer: OutputLayer, nameKey = 'id'): string {
  const keys = [...new Set(layer.features.flatMap((f) => Object.keys(f.properties)))];
  const type = (k: string): string => {
    const vs = layer.features.map((f) => f.properties[k]).filter((v) => v !== null && v !== undefined);
    if (vs.length && vs.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'int';
    if (vs.length && vs.every((v) => typeof v === 'number')) return 'double';
    if (vs.length && vs.every((v) => typeof v === 'boolean')) return 'bool';
    return 'string';
  };
  const schemaId = `${layer.name}-schema`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    `<name>${esc(layer.name)}</name>`,
    `<Schema name="${esc(layer.name)}" id="${esc(schemaId)}">`,
    ...keys.map((k) => `  <SimpleField name="${esc(k)}" type="${type(k)}"/>`),
    '</Schema>',
  ];
  for (const f of layer.features) {
    const g = f.geometry;
    const geometry = g.type === 'Point' ? `<Point><coordinates>${coordText([g.coordinates])}</coordinates></Point>`
      : g.type === 'LineString' ? `<LineString><coordinates>${coordText(g.coordinates)}</coordinates></LineString>`
        : `<MultiGeometry>${g.coordinates.map((c) => `<LineString><coordinates>${coordText(c)}</coordinates></LineString>`).join('')}</MultiGeometry>`;
    const data = keys.filter((k) => f.properties[k] !== null && f.properties[k] !== undefined)
      .map((k) => `<SimpleData name="${esc(k)}">${esc(String(f.properties[k]))}</SimpleData>`).join('');
    const name = f.properties[nameKey];
    out.push(`<Placemark>${name !== undefined && name !== null ? `<name>${esc(String(name))}</name>` : ''}<ExtendedData><SchemaData schemaUrl="#${esc(schemaId)}">${data}</SchemaData></ExtendedData>${geometry}</Placemark>`);
  }
  out.push('</Document>', '</kml>', '');
  return out.join('\n');
}
