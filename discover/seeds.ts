// Where discovery looks: seed addresses as `host[:port]`, CIDR ranges `a.b.c.d/n[:port]`, or a CSV of devices
// (a header line with `address`, optional `port` and `credential`: the name of the one credential to try).
import { readFileSync } from 'node:fs';

export interface Seed {
  host: string;
  port: number;
  /** Only this named credential (from a devices CSV); all, in order, when absent. */
  credential?: string;
}

/** Ranges larger than this are refused: a /16 is 65,536 probes, not a seed list. */
export const MAX_RANGE = 4096;

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const toInt = (ip: string): number | undefined => {
  const m = IPV4.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
};
const toIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

function splitPort(text: string, defaultPort: number): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(text);
  if (!m) return { host: text, port: defaultPort };
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new Error(`seed "${text}": port ${m[2]} is not in 1–65535`);
  return { host: m[1], port };
}

/** One seed argument: an address or a CIDR range (hosts only: no network or broadcast address above /31). */
export function parseSeed(text: string, defaultPort: number): Seed[] {
  const { host, port } = splitPort(text.trim(), defaultPort);
  const cidr = /^(.+)\/(\d{1,2})$/.exec(host);
  if (!cidr) {
    if (!host) throw new Error(`seed "${text}": no address`);
    return [{ host, port }];
  }
  const base = toInt(cidr[1]);
  const bits = Number(cidr[2]);
  if (base === undefined || bits > 32) throw new Error(`seed "${text}": expected an IPv4 range like 10.1.0.0/24`);
  const size = 2 ** (32 - bits);
  if (size > MAX_RANGE) throw new Error(`seed "${text}": ${size} addresses (at most ${MAX_RANGE} per range)`);
  const first = Math.floor(base / size) * size;
  const hosts = size <= 2 ? [...Array(size).keys()] : [...Array(size - 2).keys()].map((k) => k + 1);
  return hosts.map((k) => ({ host: toIp(first + k), port }));
}

/** A devices CSV: `address` (host or host:port), optional `port`, optional `credential`. */
export function readDevicesCsv(file: string, defaultPort: number): Seed[] {
  const rows = parseCsv(readFileSync(file, 'utf8'), file);
  return rows.map(({ line, cells }) => {
    const address = cells.address;
    if (!address) throw new Error(`${file}:${line}: address: empty`);
    const seeds = parseSeed(cells.port ? `${address}:${cells.port}` : address, defaultPort);
    return seeds.map((s) => (cells.credential ? { ...s, credential: cells.credential } : s));
  }).flat();
}

/** A small RFC 4180 reader (quoted fields, doubled quotes, commas inside quotes); the first line is the header. */
export function parseCsv(text: string, file: string): Array<{ line: number; cells: Record<string, string> }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  let field = '', fields: string[] = [], quoted = false, line = 1, start = 1;
  const endRecord = (): void => {
    fields.push(field);
    if (fields.length > 1 || fields[0].trim() !== '') records.push({ line: start, fields });
    fields = []; field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else { if (ch === '\n') line++; field += ch; }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { fields.push(field); field = ''; } else if (ch === '\n') { endRecord(); line++; start = line; } else if (ch !== '\r') field += ch;
  }
  if (quoted) throw new Error(`${file}:${start}: unterminated quoted field`);
  if (field !== '' || fields.length) endRecord();
  const [header, ...rest] = records;
  if (!header) throw new Error(`${file}: empty (expected a header line)`);
  const names = header.fields.map((h) => h.trim());
  return rest.map((r) => {
    if (r.fields.length !== names.length) throw new Error(`${file}:${r.line}: ${r.fields.length} fields, the header has ${names.length}`);
    return { line: r.line, cells: Object.fromEntries(names.map((n, i) => [n, r.fields[i].trim()])) };
  });
}
