// Fuzz over every route and parameter of the OpenAPI document the API generates, against a real API process
// (npm run api's entry point, spawned) on the test influxd, with the demo cadastre: dates at and past the
// store's limits, impossible dates, swapped and far coordinates, huge, negative and fractional numbers,
// unknown enum values, repeated parameters, broken and oversized bodies. Every answer is 2xx or 4xx, and each
// 400/413 names the parameter that was spoiled (ErrorBody `error.field`). Bounded: a fixed list of cases
// (three operator tokens in turn, under the 600-a-minute rate limit of each), each request with a 30 s timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { freshDatabase } from '../support/influx.js';
import { hashToken } from '../../api/auth.js';
import { stopProcess } from '../../store/influxd.js';

const CONFIG = 'config/demo';
/** Operator tokens taken in turn: the cases outnumber one token's 600 a minute. */
const FUZZ_TOKENS = ['fuzz-a-7c1e', 'fuzz-b-93d0', 'fuzz-c-4b2f'];
let turn = 0;
let child: ChildProcess;
let base = '';
let dataDir = '';
let apiOutput = '';

beforeAll(async () => {
  const store = await freshDatabase('api_fuzz');
  dataDir = mkdtempSync(join(tmpdir(), 'api-fuzz-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'api/cli.ts', '--config', CONFIG, '--port', '0', '--host', '127.0.0.1',
    '--data-dir', dataDir, '--worksites', join(CONFIG, 'worksites.geojson')], {
    env: {
      ...process.env, INFLUX_URL: inject('influxUrl'), INFLUX_DB: store.database,
      API_TOKENS: FUZZ_TOKENS.map((t, i) => `fuzz-${i}:operator:${hashToken(t)}`).join(','),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start: ${out}`)), 60_000);
    const read = (b: Buffer): void => {
      out += b.toString();
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (b: Buffer) => { out += b.toString(); apiOutput += b.toString(); });
    child.once('exit', (code) => reject(new Error(`the API exited (${code}): ${out}`)));
  });
}, 90_000);

afterAll(async () => {
  if (child) await stopProcess(child);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Param { name: string; in: 'query' | 'path'; required?: boolean; schema: { type?: string; enum?: string[]; format?: string; minimum?: number; maximum?: number } }
interface Operation { parameters?: Param[]; requestBody?: unknown; 'x-roles'?: string[] }

const BAD_DATES = ['2026-02-30', '2026-02-29', '2026-13-01', '2026-04-31T12:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T10:61Z',
  '1677-09-21', '1677-09-22', '1679-12-31', '2260-01-02', '2262-04-11T23:47:17Z', '9999-12-31', '0000-01-01', '', 'yesterday', '1e30', '-1'];
const EDGE_DATES = ['1680-01-01', '1680-01-01T00:00:00Z', '2260-01-01', '2259-12-31T23:59:59Z'];
const BAD_NUMBERS = ['-1', '0', '1e30', '1.5', 'NaN', 'Infinity', '9007199254740993', 'abc', '', '-0'];
const BAD_IDS = ['nope', '..%2F..%2Fetc%2Fpasswd', '%00', 'x'.repeat(3000), 'Q-20260101-zzzzzzzz', 'Q-20260101-00000000'];

/** Query values for one parameter: its bad values (expected 400 naming it, or 2xx when they are merely edges). */
function valuesFor(p: Param): string[] {
  const s = p.schema;
  if (p.in === 'path') return BAD_IDS;
  if (s.format === 'date-time') return [...BAD_DATES, ...EDGE_DATES];
  if (s.enum) return ['bogus', s.enum[0].toUpperCase(), '', `${s.enum[0]} `];
  if (s.type === 'integer' || s.type === 'number') return BAD_NUMBERS;
  return ['', 'x'.repeat(3000)];
}

/** A value that the parameter accepts, for the path parameters of other cases. */
const GOOD_PATH: Record<string, string> = { '/api/segments/{id}/series': 'IRIS-001', '/api/hotspots/{id}/series': 'nope' };
/** Values that required query parameters accept, so that a case spoils one parameter only. */
const GOOD_QUERY: Record<string, string> = { month: '2026-11', administration: 'adm-school-athenee-ganenou' };

type Outcome = { method: string; url: string; spoiled: string; status: number; body: { error?: { code?: string; field?: string; message?: string } } | string };
const outcomes: Outcome[] = [];

async function call(method: string, url: string, spoiled: string, init: RequestInit = {}): Promise<void> {
  let res: Response;
  const send = (): Promise<Response> => fetch(`${base}${url}`, {
    method, ...init, signal: AbortSignal.timeout(30_000),
    headers: { Authorization: `Bearer ${FUZZ_TOKENS[turn++ % FUZZ_TOKENS.length]}`, ...(init.headers as Record<string, string> | undefined) },
  });
  try {
    // Once more on a closed socket: a kept-alive connection the server closed as idle just as it was reused
    // (undici's known race) is no answer of the API; a second failure is reported.
    res = await send().catch((e: unknown) => (String((e as Error).cause).includes('other side closed') ? send() : Promise.reject(e)));
  } catch (e) {
    // No answer at all (a crash, a reset): status 0, reported below with the API's own output.
    outcomes.push({ method, url: url.slice(0, 200), spoiled, status: 0, body: `${String(e)} ${String((e as Error).cause)}; API output: ${apiOutput.slice(-2000)}` });
    return;
  }
  const text = await res.text();
  let body: Outcome['body'] = text;
  try { body = JSON.parse(text) as Outcome['body']; } catch { /* HTML, CSV */ }
  outcomes.push({ method, url: url.length > 200 ? `${url.slice(0, 200)}…` : url, spoiled, status: res.status, body });
}

const quoteBody = { from: 'hall-anderlecht', to: 'hall-evere', service: { kind: 'lit', bandwidthBps: 100_000_000 }, termMonths: 12 };
/** Spoiled quote bodies: the field each spoils, and the body (an object, or raw text). */
const BODIES: Array<[string, unknown]> = [
  ['from', { ...quoteBody, from: [50.85, 4.35] }], ['from', { ...quoteBody, from: [0, 0] }], ['to', { ...quoteBody, to: [4.35, 51.5] }],
  ['to', { ...quoteBody, to: [200, 100] }], ['from', { ...quoteBody, from: 'no-such-site' }], ['from', { ...quoteBody, from: [4.35] }],
  ['from', { ...quoteBody, from: [Number.MAX_VALUE, 0] }], ['to', { ...quoteBody, to: null }],
  ['service.bandwidthBps', { ...quoteBody, service: { kind: 'lit', bandwidthBps: 1e30 } }],
  ['service.bandwidthBps', { ...quoteBody, service: { kind: 'lit', bandwidthBps: -1 } }],
  ['service.bandwidthBps', { ...quoteBody, service: { kind: 'lit', bandwidthBps: 1.5 } }],
  ['service.bandwidthBps', { ...quoteBody, service: { kind: 'lit', bandwidthBps: 5e11 } }],
  ['service.bandwidthBps', { ...quoteBody, service: { kind: 'lit', bandwidthBps: '100' } }],
  ['service.pairs', { ...quoteBody, service: { kind: 'dark', pairs: 1e9 } }], ['service.pairs', { ...quoteBody, service: { kind: 'dark', pairs: 0 } }],
  ['service.kind', { ...quoteBody, service: { kind: 'wet' } }], ['termMonths', { ...quoteBody, termMonths: 1e30 }],
  ['termMonths', { ...quoteBody, termMonths: -12 }], ['termMonths', { ...quoteBody, termMonths: 0.5 }],
  ['protection', { ...quoteBody, protection: 'bogus' }], ['customer', { ...quoteBody, customer: 'x'.repeat(5000) }],
  ['body', '{"from": '], ['body', ''], ['body', '[]'], ['body', 'null'], ['body', JSON.stringify({ ...quoteBody, customer: 'x'.repeat(70_000) })],
  ['body', 'x'.repeat(200_000)],
];

describe('fuzz over the OpenAPI document', () => {
  it('answers only 2xx or 4xx, and each 400/413 names the spoiled parameter', async () => {
    const doc = await (await fetch(`${base}/api/openapi.json`)).json() as { paths: Record<string, Record<string, Operation>> };
    const paths = Object.keys(doc.paths);
    expect(paths.length).toBeGreaterThan(15);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const params = op.parameters ?? [];
        const fill = (spoil?: Param, value?: string): string => {
          let url = path;
          for (const p of params.filter((q) => q.in === 'path')) {
            const v = p === spoil ? (value as string) : encodeURIComponent(GOOD_PATH[path] ?? 'IRIS-001');
            url = url.replace(`{${p.name}}`, v);
          }
          const pairs = params.filter((q) => q.in === 'query' && q.required && q !== spoil && GOOD_QUERY[q.name] !== undefined)
            .map((q) => `${q.name}=${encodeURIComponent(GOOD_QUERY[q.name])}`);
          if (spoil && spoil.in === 'query') pairs.push(`${spoil.name}=${encodeURIComponent(value as string)}`);
          return url + (pairs.length ? `?${pairs.join('&')}` : '');
        };
        if (method === 'post') {
          // The quote bodies spoil the quote's fields; every other POST gets the broken bodies only (field `body`).
          for (const [field, body] of path === '/api/quotes' ? BODIES : BODIES.filter(([f]) => f === 'body')) {
            await call('POST', fill(), field, { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
          }
          await call('POST', fill(), 'body', { body: JSON.stringify(quoteBody), headers: { 'Content-Type': 'text/plain' } });
          continue;
        }
        await call(method.toUpperCase(), fill(), '');
        for (const p of params) {
          for (const v of valuesFor(p)) await call(method.toUpperCase(), fill(p, v), p.name);
        }
        // Repeated parameters: the first is taken, and a bad first is refused.
        const query = params.filter((p) => p.in === 'query');
        for (const p of query.slice(0, 2)) {
          const [bad] = valuesFor(p);
          const sep = fill().includes('?') ? '&' : '?';
          await call(method.toUpperCase(), `${fill()}${sep}${p.name}=${encodeURIComponent(bad)}&${p.name}=${encodeURIComponent(bad)}`, p.name);
        }
      }
    }

    const byStatus = new Map<number, number>();
    for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
    console.log(`fuzz: ${outcomes.length} requests over ${paths.length} paths; by status: ${[...byStatus].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}×${v}`).join(' ')}`);
    const problems: string[] = [];
    for (const o of outcomes) {
      const err = typeof o.body === 'object' ? o.body.error : undefined;
      const where = `${o.method} ${o.url} → ${o.status} ${JSON.stringify(o.body).slice(0, 300)}`;
      if (!(o.status >= 200 && o.status < 300) && !(o.status >= 400 && o.status < 500)) problems.push(`not 2xx/4xx: ${where}`);
      if (o.status === 400 || o.status === 413) {
        if (!err?.field) problems.push(`no field: ${where}`);
        else if (o.spoiled && err.field !== o.spoiled && !err.field.startsWith(`${o.spoiled}.`) && !o.spoiled.startsWith(`${err.field}.`)) {
          // An edge date may be refused as the other end of the window (from after to): that names a window field.
          if (!(['from', 'to'].includes(o.spoiled) && ['from', 'to'].includes(err.field))) problems.push(`field ${err.field}, spoiled ${o.spoiled}: ${where}`);
        }
        if (err?.message && err.field && !err.message.startsWith(`${err.field}`)) problems.push(`message does not start with the field: ${where}`);
      }
      if (o.status === 429) problems.push(`rate limited (the fuzz must stay under the limit): ${where}`);
    }
    expect(problems).toEqual([]);
    // The spoiled values were refused, not taken: every impossible or out-of-range date, every swapped or far coordinate.
    const refused = (pred: (o: Outcome) => boolean): number => outcomes.filter((o) => pred(o) && o.status === 400).length;
    const bad = (pred: (o: Outcome) => boolean): number => outcomes.filter(pred).length;
    const isBadDate = (o: Outcome): boolean => BAD_DATES.some((d) => d !== '' && o.url.endsWith(`=${encodeURIComponent(d)}`));
    expect(refused(isBadDate)).toBe(bad(isBadDate));
    expect(bad(isBadDate)).toBeGreaterThan(100);
    const posts = outcomes.filter((o) => o.method === 'POST');
    expect(posts.filter((o) => o.status === 201)).toEqual([]);
    const postPaths = Object.entries(doc.paths).filter(([, ops]) => ops.post).length;
    expect(posts.filter((o) => o.spoiled === 'body' && o.status === 413)).toHaveLength(2 * postPaths);
    expect(outcomes.length).toBeLessThan(1500);
  }, 300_000);
});
