// The one InfluxDB client. It speaks the v1-compatible HTTP API (/write line protocol, /query InfluxQL)
// that InfluxDB 1.x, 2.x (v1 compatibility, token auth) and 3.x Core all serve.
import { z } from 'zod';

export const InfluxConfig = z.object({
  url: z.string().url(),
  database: z.string().min(1),
  retentionPolicy: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  /** InfluxDB 2.x / 3.x token; sent as "Authorization: Token …". */
  token: z.string().optional(),
  timeoutMs: z.number().int().positive().default(30_000),
});
export type InfluxConfig = z.input<typeof InfluxConfig>;

export type Precision = 'ns' | 'u' | 'ms' | 's';

/** An error answered by InfluxDB (or the network). `transient` says whether retrying later may succeed. */
export class InfluxError extends Error {
  constructor(message: string, readonly status: number | undefined, readonly transient: boolean) {
    super(message);
    this.name = 'InfluxError';
  }
}

/** Reads INFLUX_URL, INFLUX_DB, INFLUX_USER, INFLUX_PASSWORD, INFLUX_TOKEN, INFLUX_RP. */
export function influxConfigFromEnv(env: NodeJS.ProcessEnv = process.env, defaults: Partial<InfluxConfig> = {}): InfluxConfig {
  const url = env.INFLUX_URL ?? defaults.url;
  if (!url) throw new Error('INFLUX_URL is not set (e.g. http://127.0.0.1:8086)');
  return {
    ...defaults,
    url,
    database: env.INFLUX_DB ?? defaults.database ?? 'irisnet',
    retentionPolicy: env.INFLUX_RP ?? defaults.retentionPolicy,
    username: env.INFLUX_USER ?? defaults.username,
    password: env.INFLUX_PASSWORD ?? defaults.password,
    token: env.INFLUX_TOKEN ?? defaults.token,
  };
}

export interface Series {
  name: string;
  tags: Record<string, string>;
  columns: string[];
  values: unknown[][];
}

const QueryResponse = z.object({
  results: z.array(z.object({
    statement_id: z.number().optional(),
    error: z.string().optional(),
    series: z.array(z.object({
      name: z.string().default(''),
      tags: z.record(z.string(), z.string()).optional(),
      columns: z.array(z.string()),
      // Checked as rows of arrays, not cell by cell: a month of rollups is millions of cells, and walking (and
      // copying) them was a third of the API's CPU during its first load. Cells are checked where they are read.
      values: z.custom<unknown[][]>((v) => Array.isArray(v) && v.every(Array.isArray), 'values: expected an array of rows').default([]),
    })).optional(),
  })).default([]),
  error: z.string().optional(),
});

/** A series' values as objects keyed by column, with the series' tags merged in. Time is epoch ms. */
export type Row = Record<string, unknown> & { time: number };
export function seriesRows(series: Series): Row[] {
  return series.values.map((v) => {
    const row: Record<string, unknown> = { ...series.tags };
    series.columns.forEach((c, i) => { row[c] = v[i]; });
    return row as Row;
  });
}

/** Escapes a string for use inside an InfluxQL single-quoted literal. */
export function influxString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
/** An InfluxQL regex literal matching exactly one of `values` (e.g. a shard's device ids in a tag filter). */
export function influxRegexAnyOf(values: readonly string[]): string {
  const alt = values.map((v) => v.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
  return `/^(?:${alt})$/`;
}
/** Escapes an identifier (measurement, tag, field) for InfluxQL. */
export function influxIdent(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export class InfluxStore {
  readonly config: z.output<typeof InfluxConfig>;

  constructor(config: InfluxConfig) {
    this.config = InfluxConfig.parse(config);
  }

  get database(): string { return this.config.database; }

  /** A client for another database on the same server. */
  withDatabase(database: string): InfluxStore {
    return new InfluxStore({ ...this.config, database });
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    if (this.config.token) h.Authorization = `Token ${this.config.token}`;
    else if (this.config.username !== undefined) {
      h.Authorization = `Basic ${Buffer.from(`${this.config.username}:${this.config.password ?? ''}`).toString('base64')}`;
    }
    return h;
  }

  private endpoint(path: string, params: Record<string, string | undefined>): string {
    const u = new URL(path, this.config.url.endsWith('/') ? this.config.url : `${this.config.url}/`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
    return u.toString();
  }

  /**
   * One request within the deadline (timeoutMs), its answer's body too: `read` reads the body under the same
   * deadline. undici errors the body stream when the signal fires, but under heavy load a body read caught by the
   * abort was seen never to settle (a figures reread waited forever, and npm start's Ctrl-C with it), so the read
   * is raced against the signal; either way a timeout is an InfluxError (the API answers 503, not 500).
   */
  private async send(url: string, init: RequestInit): Promise<{ res: Response; read: <T>(f: (r: Response) => Promise<T>) => Promise<T> }> {
    const signal = AbortSignal.timeout(this.config.timeoutMs);
    const host = new URL(url).host;
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal });
    } catch (e) {
      const cause = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
      // The URL may carry no secret (auth goes in headers), so naming the host is safe.
      throw new InfluxError(`InfluxDB at ${host} unreachable: ${cause}`, undefined, true);
    }
    const late = (): InfluxError => new InfluxError(`InfluxDB at ${host} did not finish its answer within ${this.config.timeoutMs} ms`, undefined, true);
    const read = <T>(f: (r: Response) => Promise<T>): Promise<T> => new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(late());
      if (signal.aborted) { onAbort(); return; }
      signal.addEventListener('abort', onAbort, { once: true });
      f(res).then(resolve, (e: unknown) => reject(e instanceof DOMException && (e.name === 'TimeoutError' || e.name === 'AbortError') ? late() : e))
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
    return { res, read };
  }

  private async failure(res: Response, what: string, read: <T>(f: (r: Response) => Promise<T>) => Promise<T>): Promise<InfluxError> {
    const body = await read((r) => r.text());
    let message = body.trim();
    try {
      const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
      if (typeof parsed.error === 'string') message = parsed.error;
      else if (typeof parsed.message === 'string') message = parsed.message;
    } catch { /* not JSON: keep the text */ }
    // 5xx, 429 (rate limited) and 503 are worth retrying; other 4xx mean the request itself is wrong, except
    // 401/403: the credentials or the grants are wrong, which the operator fixes, and then the same points go
    // in (kept in the spool meanwhile, not quarantined).
    const denied = res.status === 401 || res.status === 403;
    const transient = res.status >= 500 || res.status === 429 || res.status === 408 || denied;
    if (denied) {
      // Names the user and the database, never the password or token.
      const who = this.config.token ? 'the token (INFLUX_TOKEN)' : this.config.username !== undefined ? `user "${this.config.username}" (INFLUX_USER/INFLUX_PASSWORD)` : 'no credentials (INFLUX_USER/INFLUX_PASSWORD unset)';
      return new InfluxError(`InfluxDB at ${new URL(this.config.url).host} refused the ${what} on database "${this.config.database}" for ${who} (HTTP ${res.status}): ${message || res.statusText}`, res.status, transient);
    }
    return new InfluxError(`InfluxDB ${what} failed (HTTP ${res.status}): ${message || res.statusText}`, res.status, transient);
  }

  async ping(): Promise<boolean> {
    try {
      const res = await fetch(this.endpoint('ping', {}), { headers: this.headers(), signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return res.status === 204 || res.status === 200;
    } catch {
      return false;
    }
  }

  /** Writes line protocol (one point per line) with the given timestamp precision. */
  async write(lines: string | readonly string[], precision: Precision = 'ms'): Promise<void> {
    const body = typeof lines === 'string' ? lines : lines.join('\n');
    if (body.length === 0) return;
    const { res, read } = await this.send(this.endpoint('write', { db: this.config.database, rp: this.config.retentionPolicy, precision }), {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'text/plain; charset=utf-8' }),
      body,
    });
    if (res.status === 204 || res.status === 200) { await read((r) => r.arrayBuffer()); return; }
    throw await this.failure(res, 'write', read);
  }

  /** Runs InfluxQL statements; returns the series of every statement in order. Times are epoch ms. */
  async queryAll(q: string, method: 'GET' | 'POST' = 'GET'): Promise<Series[][]> {
    const params = { db: this.config.database, rp: this.config.retentionPolicy, epoch: 'ms', q: method === 'GET' ? q : undefined };
    const init: RequestInit = method === 'GET'
      ? { method, headers: this.headers() }
      : { method, headers: this.headers({ 'Content-Type': 'application/x-www-form-urlencoded' }), body: new URLSearchParams({ q }).toString() };
    const { res, read } = await this.send(this.endpoint('query', params), init);
    if (res.status !== 200) throw await this.failure(res, 'query', read);
    const parsed = QueryResponse.parse(await read((r) => r.json()));
    if (parsed.error) throw new InfluxError(`InfluxDB query failed: ${parsed.error}`, 200, false);
    return parsed.results.map((r) => {
      // A user without READ gets HTTP 200 with a per-statement "not authorized" error.
      if (r.error && /not authorized/i.test(r.error)) throw new InfluxError(`InfluxDB refused the query on database "${this.config.database}" for ${this.config.username !== undefined ? `user "${this.config.username}"` : 'these credentials'}: ${r.error}`, 403, true);
      if (r.error) throw new InfluxError(`InfluxDB query failed: ${r.error}`, 200, false);
      return (r.series ?? []).map((s) => ({ name: s.name, tags: s.tags ?? {}, columns: s.columns, values: s.values }));
    });
  }

  /** The series of a single SELECT/SHOW statement. */
  async query(q: string): Promise<Series[]> {
    return (await this.queryAll(q))[0] ?? [];
  }

  /** All rows of a single statement, tags merged in. */
  async rows(q: string): Promise<Row[]> {
    return (await this.query(q)).flatMap(seriesRows);
  }

  /** Statements that change state (CREATE, DROP, …) go by POST. */
  async exec(q: string): Promise<void> {
    await this.queryAll(q, 'POST');
  }

  async createDatabase(): Promise<void> {
    await this.exec(`CREATE DATABASE ${influxIdent(this.config.database)}`);
  }

  /**
   * The database exists afterwards, or this throws: `present` when SHOW DATABASES lists it, else `created` by
   * CREATE DATABASE (idempotent in InfluxDB 1.x). Without it every write would fail ("database not found").
   */
  async ensureDatabase(): Promise<'present' | 'created'> {
    const names = (await this.rows('SHOW DATABASES')).map((r) => r.name);
    if (names.includes(this.config.database)) return 'present';
    await this.createDatabase();
    return 'created';
  }
}
