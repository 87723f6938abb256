// npm run alerts -- --config <dir> [--state F] [--alertmanager URL] [--webhook URL --webhook-secret-env NAME]
//   [--collector-metrics [NAME=]URL]… [--map-url URL] [--interval SECONDS] [--metrics-port P] [--log-level L]
import { join, resolve } from 'node:path';
import { CadastreError, loadCadastre } from '../config/load.js';
import { InfluxStore, influxConfigFromEnv } from '../store/influx.js';
import { createFigures } from '../analytics/figures.js';
import { JsonLogger, type Level } from '../common/log.js';
import { AlertsConfigError, startAlerts } from './index.js';
import type { CollectorSource } from './source.js';
import { fail, parseCli, usageExit } from '../common/cli.js';

const USAGE = `usage: npm run alerts -- --config <cadastre dir> [options]
  --state F                  state file (default ./var/alerts/state.json)
  --state-dir D              the same as --state D/state.json
  --alertmanager URL         Alertmanager base URL (default policy.alerts.receivers.alertmanager.url)
  --webhook URL              JSON webhook (default policy.alerts.receivers.webhook.url)
  --webhook-secret-env NAME  environment variable holding the webhook's HMAC secret
  --collector-metrics [NAME=]URL  a collector's /metrics (collector-backlog), repeatable
                             (default: the collector's default http://127.0.0.1:9310/metrics)
  --map-url URL              the map, for generatorURL links (default policy.alerts.mapUrl)
  --interval S               evaluation interval in seconds (default policy.alerts.intervalSeconds)
  --retry-max S              longest wait between delivery retries in seconds (default 300; the first is 1 s)
  --metrics-port P           serve the evaluator's Prometheus metrics (/metrics) and health (/health/live, /health/ready) on 127.0.0.1:P (default: not served)
  --log-level L              debug | info | warn | error (default info)
environment: INFLUX_URL (required), INFLUX_DB (default irisnet), INFLUX_USER, INFLUX_PASSWORD, INFLUX_TOKEN, INFLUX_RP.`;


async function main(): Promise<void> {
  const cli = parseCli(USAGE, {
    options: {
      config: { type: 'string' }, state: { type: 'string' }, 'state-dir': { type: 'string' }, alertmanager: { type: 'string' }, webhook: { type: 'string' },
      'webhook-secret-env': { type: 'string' }, 'collector-metrics': { type: 'string', multiple: true },
      'map-url': { type: 'string' }, interval: { type: 'string' }, 'retry-max': { type: 'string' }, 'metrics-port': { type: 'string' }, 'log-level': { type: 'string' },
    },
  });
  const args = cli.values;
  if (!args.config) usageExit(USAGE, '--config is required');
  if (args.state && args['state-dir']) usageExit(USAGE, '--state and --state-dir: give one of them');
  const level: Level = cli.choice('log-level', ['debug', 'info', 'warn', 'error']) ?? 'info';
  const url = (name: string, v: string | undefined): string | undefined => {
    if (v === undefined) return undefined;
    try { return new URL(v).toString(); } catch { return usageExit(USAGE, `--${name}: not a URL: "${v}"`); }
  };
  const intervalS = cli.num('interval', { above: 0, max: 3600, unit: 'seconds' });
  const intervalMs = intervalS === undefined ? undefined : Math.round(intervalS * 1000);
  const retryMaxS = cli.num('retry-max', { min: 1, unit: 'seconds' });
  const backoff = retryMaxS === undefined ? undefined : { baseMs: 1000, maxMs: Math.round(retryMaxS * 1000) };
  const metricsPort = cli.int('metrics-port', 0, 65535);
  let webhook: { url: string; secret: string } | undefined;
  if (args.webhook) {
    const name = args['webhook-secret-env'];
    if (!name) usageExit(USAGE, '--webhook needs --webhook-secret-env NAME (the variable that holds the HMAC secret)');
    const secret = process.env[name];
    if (!secret) fail(`--webhook-secret-env: environment variable ${name} is not set`);
    webhook = { url: url('webhook', args.webhook) as string, secret };
  }
  const collectors: CollectorSource[] = (args['collector-metrics'] ?? ['http://127.0.0.1:9310/metrics']).map((spec, i) => {
    const m = /^([A-Za-z0-9._-]+)=(.+)$/.exec(spec);
    return { name: m ? m[1] : i === 0 ? 'collector' : `collector-${i + 1}`, metricsUrl: url('collector-metrics', m ? m[2] : spec) as string };
  });

  let cadastre;
  try { cadastre = loadCadastre(resolve(args.config)); } catch (e) {
    if (e instanceof CadastreError) fail(e.message);
    throw e;
  }
  let store;
  try { store = new InfluxStore(influxConfigFromEnv()); } catch (e) { fail(e instanceof Error ? e.message : String(e)); }
  const logger = new JsonLogger(undefined, level);
  const rules = cadastre.policy.alerts.rules;
  const figures = rules['segment-saturation-forecast'].enabled || rules['hotspot-underused'].enabled ? createFigures(cadastre, store) : undefined;

  let handle;
  try {
    handle = await startAlerts({
      cadastre, store, figures, collectors, webhook, intervalMs, logger, backoff, metricsPort,
      statePath: resolve(args.state ?? (args['state-dir'] ? join(args['state-dir'], 'state.json') : 'var/alerts/state.json')),
      alertmanagerUrl: url('alertmanager', args.alertmanager),
      mapUrl: url('map-url', args['map-url']),
    });
  } catch (e) {
    if (e instanceof AlertsConfigError) fail(e.message);
    throw e;
  }
  const h = handle;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void h.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // SIGHUP (systemctl reload): the cadastre and its policy again; one that does not load is refused, logged.
  process.on('SIGHUP', () => {
    if (stopping) return;
    let next;
    try { next = loadCadastre(resolve(args.config as string)); } catch (e) {
      logger.log('error', 'reload refused: the cadastre does not load; evaluating on with the previous one', { error: e instanceof Error ? e.message : String(e) });
      return;
    }
    const r = next.policy.alerts.rules;
    void h.reload(next, r['segment-saturation-forecast'].enabled || r['hotspot-underused'].enabled ? createFigures(next, store) : undefined);
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`alerts: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
