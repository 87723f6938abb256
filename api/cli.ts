// `npm run api -- --config <dir> [--port 8080] [--host 127.0.0.1] [--tokens FILE] [--web web/dist] [--data-dir var/api] [--worksites FILE] [--records sqlite:PATH]`
// InfluxDB from INFLUX_URL, INFLUX_DB, … (influxConfigFromEnv). `--hash-token` reads a token on stdin and
// prints the SHA-256 to put in the tokens file. startApi() is what `npm start` uses.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { loadCadastre } from '../config/load.js';
import type { Cadastre } from '../config/schema.js';
import { InfluxStore, influxConfigFromEnv, type InfluxConfig } from '../store/influx.js';
import { createApp } from './app.js';
import { hashToken, tokensFrom, type RateLimit, type TokenEntry } from './auth.js';
import type { ApiContext } from './context.js';
import { createFigures, type FiguresOptions } from '../analytics/figures.js';
import { WINDOW_DEFAULT_MS } from './format.js';
import { importQuoteFiles, openRecords } from '../store/records-open.js';
import { ApiMetrics } from './metrics.js';
import { parseCli, usageExit } from '../common/cli.js';
import { JsonLogger } from '../common/log.js';

export interface ApiOptions {
  configDir: string;
  /** A loaded cadastre (else read from configDir). */
  cadastre?: Cadastre;
  port?: number;
  host?: string;
  /** Tokens, or a tokens file; else API_TOKENS_FILE / API_TOKENS from the environment. */
  tokens?: TokenEntry[];
  tokensFile?: string;
  webDir?: string;
  dataDir?: string;
  /** The planned roadworks file; default `<configDir>/worksites.geojson`. */
  worksitesFile?: string;
  /** The records store (quotes, circuits): `sqlite:PATH` or `postgres://…`; default RECORDS_URL, else `sqlite:<dataDir>/records.sqlite`. */
  records?: string;
  influx?: InfluxConfig;
  rateLimit?: RateLimit;
  figures?: FiguresOptions;
  /** Load the last 30 days of rollups right after listening, so that the first request is warm. Default true. */
  warm?: boolean;
  /** Wait between warm-up attempts while the store is away (default 10 s); /api/health/ready says 503 meanwhile. */
  warmRetryMs?: number;
  /** JSON access log lines (default: none). */
  accessLog?: (line: string) => void;
  now?: () => number;
  /** When watching began (device status grace: silence before it is not counted); `npm start` passes the collector's start. Default: none, the whole poll history counts. */
  startedAt?: number;
  log?: (line: string) => void;
}

export interface ReloadResult { cadastreChanged: boolean; tokens: number }

export interface ApiHandle {
  url: string;
  /** The current context (a reload replaces it). */
  readonly ctx: ApiContext;
  /**
   * Reads the cadastre (from configDir) and the tokens (file or environment) again: the routes, the tokens and,
   * when the cadastre changed, the figures are rebuilt; requests in flight finish on the previous ones. Throws
   * (and changes nothing) when either does not load. The rate limiter starts afresh.
   */
  reload(): Promise<ReloadResult>;
  /** Resolves when the warm-up load is done (retried while the store is away, until close; immediately when warm is false). */
  warmed: Promise<void>;
  close(): Promise<void>;
}

export async function startApi(options: ApiOptions): Promise<ApiHandle> {
  const log = options.log ?? ((l: string) => console.log(l));
  const configDir = resolve(options.configDir);
  const cadastre = options.cadastre ?? loadCadastre(configDir);
  const store = new InfluxStore(options.influx ?? influxConfigFromEnv());
  const tokens = options.tokens ?? tokensFrom(options.tokensFile);
  if (tokens.length === 0) log('api: no tokens configured (--tokens, API_TOKENS_FILE or API_TOKENS): every /api request but health and docs will get 401');
  const dataDir = resolve(options.dataDir ?? 'var/api');
  mkdirSync(dataDir, { recursive: true });
  let lastPct = -1;
  const metrics = new ApiMetrics();
  const recordsSpec = options.records ?? process.env.RECORDS_URL ?? `sqlite:${join(dataDir, 'records.sqlite')}`;
  const records = openRecords(recordsSpec);
  const imported = await importQuoteFiles(records, dataDir);
  if (imported.movedTo) log(`api: imported ${imported.imported} quote files into the ${records.kind} records store; the files are kept in ${imported.movedTo}`);
  for (const p of imported.problems) log(`api: quote file not imported (left in place): ${p}`);
  const now = options.now ?? Date.now;
  const buildFigures = (c: Cadastre): ReturnType<typeof createFigures> => createFigures(c, store, {
    snapshotDir: join(dataDir, 'figures'),
    onLoad: metrics.onFiguresLoad,
    // Every answer subtracts what active circuits hold now (read per call: another process may have accepted).
    reserved: () => records.reserved(now()),
    ...options.figures,
    onProgress: options.figures?.onProgress ?? ((what, done, total) => {
      const pct = Math.floor((done / total) * 100);
      if (pct >= lastPct + 25 || done === total) { lastPct = done === total ? -1 : pct; log(`api: loading ${what}: ${done}/${total} series (${pct} %)`); }
    }),
  });
  let ctx: ApiContext = { cadastre, configDir, store, figures: buildFigures(cadastre), dataDir, records, now, startedAt: options.startedAt, worksitesFile: options.worksitesFile ? resolve(options.worksitesFile) : undefined };
  let loaded = options.warm === false;
  let closed = false;
  const appFor = (c: ApiContext, t: readonly TokenEntry[]): ReturnType<typeof createApp> => createApp(c, {
    tokens: t, rateLimit: options.rateLimit, webDir: options.webDir, metrics, figuresLoaded: () => loaded,
    accessLog: options.accessLog ? new JsonLogger(options.accessLog) : undefined,
  });
  // Requests go to the current app: a reload swaps it whole (routes, tokens, figures) between two requests.
  let app = appFor(ctx, tokens);

  const server = serve({ fetch: (req, env) => app.fetch(req, env), port: options.port ?? 8080, hostname: options.host ?? '127.0.0.1' });
  await new Promise<void>((res, rej) => {
    if (server.listening) { res(); return; }
    server.once('listening', () => res());
    server.once('error', rej);
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;

  const warmed = options.warm === false ? Promise.resolve() : (async () => {
    // Retried while the store is away, so that readiness comes back by itself once InfluxDB does.
    while (!closed) {
      const started = Date.now();
      const w = { from: now() - WINDOW_DEFAULT_MS, to: now() };
      try {
        await Promise.all([ctx.figures.segments(w), ctx.figures.hotspots(w)]);
        loaded = true;
        log(`api: figures of the last 30 days loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        return;
      } catch (e) {
        log(`api: warm-up failed, retrying in ${(options.warmRetryMs ?? 10_000) / 1000} s (requests load figures themselves meanwhile): ${e instanceof Error ? e.message : String(e)}`);
        await new Promise((r) => setTimeout(r, options.warmRetryMs ?? 10_000).unref());
      }
    }
  })();

  let reloading: Promise<unknown> = Promise.resolve();
  const reload = async (): Promise<ReloadResult> => {
    // Both read before anything changes: a file that does not load leaves the running API as it was.
    const nextCadastre = loadCadastre(configDir);
    const nextTokens = options.tokens ?? tokensFrom(options.tokensFile);
    const same = JSON.stringify(nextCadastre) === JSON.stringify(ctx.cadastre);
    let next = ctx;
    if (!same) {
      // Figures of the new cadastre, loaded before the swap so that no request meets a cold cache; the old ones
      // answer meanwhile.
      next = { ...ctx, cadastre: nextCadastre, figures: buildFigures(nextCadastre) };
      const w = { from: now() - WINDOW_DEFAULT_MS, to: now() };
      try { await Promise.all([next.figures.segments(w), next.figures.hotspots(w)]); } catch (e) {
        log(`api: reload: figures of the new cadastre not loaded yet (requests load them): ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    ctx = next;
    app = appFor(ctx, nextTokens);
    const result = { cadastreChanged: !same, tokens: nextTokens.length };
    log(`api: reloaded: cadastre ${same ? 'unchanged' : 'changed, figures rebuilt'}, ${nextTokens.length} tokens`);
    return result;
  };

  return {
    url,
    get ctx() { return ctx; },
    warmed,
    reload() {
      const p = reloading.then(reload);
      reloading = p.catch(() => undefined);
      return p;
    },
    close: async () => {
      closed = true;
      await new Promise<void>((res, rej) => {
        server.close((err) => (err ? rej(err) : res()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await records.close();
    },
  };
}

const USAGE = 'usage: npm run api -- --config <dir> [--port 8080] [--host 127.0.0.1] [--tokens FILE] [--web web/dist] [--data-dir var/api] [--worksites FILE] [--records sqlite:PATH]\n' +
  '       npm run api -- --hash-token   (reads a token on stdin, prints its SHA-256 for the tokens file)';

async function main(): Promise<void> {
  const cli = parseCli(USAGE, {
    options: {
      config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, tokens: { type: 'string' }, web: { type: 'string' },
      'data-dir': { type: 'string' }, worksites: { type: 'string' }, records: { type: 'string' }, 'hash-token': { type: 'boolean' },
    },
  });
  const args = cli.values;
  if (args['hash-token']) {
    const token = readFileSync(0, 'utf8').trim();
    if (!token) throw new Error('--hash-token: no token on stdin');
    console.log(hashToken(token));
    return;
  }
  const configDir = args.config;
  if (!configDir) usageExit(USAGE, '--config is required');
  const port = cli.int('port', 0, 65535) ?? 8080;
  const api = await startApi({
    configDir, port, host: args.host, tokensFile: args.tokens, webDir: args.web, dataDir: args['data-dir'], worksitesFile: args.worksites, records: args.records,
    accessLog: (l) => process.stdout.write(`${l}\n`),
  });
  console.log(`api: listening on ${api.url} (docs at ${api.url}/api/docs)`);
  const stop = (): void => { void api.close().then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // SIGHUP (systemctl reload): the cadastre and the tokens again; a file that does not load is refused, logged.
  process.on('SIGHUP', () => {
    api.reload().catch((e: unknown) => console.log(`api: reload refused, the previous configuration stays: ${e instanceof Error ? e.message : String(e)}`));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
