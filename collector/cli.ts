// npm run collector -- --config <dir> [--ports-file F] [--shard i/n] [--spool-dir D] [--metrics-port P]
//   [--interval ROLE=SECONDS]… [--concurrency N] [--spool-max-mb N] [--log-level debug|info|warn|error]
import { resolve } from 'node:path';
import { CadastreError, loadCadastre } from '../config/load.js';
import { DeviceRole } from '../config/schema.js';
import { InfluxError, InfluxStore, influxConfigFromEnv } from '../store/influx.js';
import { CollectorConfigError, DEFAULTS, startCollector } from './index.js';
import { JsonLogger, type Level } from '../common/log.js';
import { parseShard } from './shard.js';
import { fail, parseCli, usageExit } from '../common/cli.js';

const USAGE = `usage: npm run collector -- --config <cadastre dir> [options]
  --ports-file F        JSON {"<device id>": port} (from the simulator) for targets with port 0
  --shard i/n           poll only shard i of n (1 ≤ i ≤ n), by a stable hash of the device id
  --spool-dir D         spool and quarantine directory (default ./var/collector)
  --spool-max-mb N      spool bound in MiB (default ${DEFAULTS.spoolMaxBytes / 1024 / 1024})
  --metrics-port P      /metrics on 127.0.0.1:P (default ${DEFAULTS.metricsPort}; 0 = any free port)
  --interval ROLE=S     poll interval per device role in seconds, overriding policy.pollIntervals for this
                        collector only (the API and the evaluator read the policy), repeatable
  --concurrency N       polls in flight at most (default ${DEFAULTS.concurrency})
  --log-level L         debug | info | warn | error (default info)
environment: INFLUX_URL (required), INFLUX_DB (default irisnet), INFLUX_USER, INFLUX_PASSWORD, INFLUX_TOKEN, INFLUX_RP,
  and the SNMP secrets the cadastre's devices name (snmp.community.env, snmp.authKey.env, snmp.privKey.env).`;


async function main(): Promise<void> {
  const cli = parseCli(USAGE, {
    options: {
      config: { type: 'string' }, 'ports-file': { type: 'string' }, shard: { type: 'string' },
      'spool-dir': { type: 'string' }, 'spool-max-mb': { type: 'string' }, 'metrics-port': { type: 'string' },
      interval: { type: 'string', multiple: true }, concurrency: { type: 'string' }, 'log-level': { type: 'string' },
    },
  });
  const args = cli.values;
  if (!args.config) usageExit(USAGE, '--config is required');
  const intervalsByRole: Partial<Record<DeviceRole, number>> = {};
  for (const spec of args.interval ?? []) {
    const m = /^([a-z-]+)=(\d+)$/.exec(spec);
    const role = DeviceRole.safeParse(m?.[1]);
    if (!m || !role.success || Number(m[2]) < 1) usageExit(USAGE, `--interval: expected ROLE=SECONDS with ROLE one of ${DeviceRole.options.join(', ')}, got "${spec}"`);
    intervalsByRole[role.data] = Number(m[2]);
  }
  const level: Level = cli.choice('log-level', ['debug', 'info', 'warn', 'error']) ?? 'info';
  const spoolMaxMb = cli.int('spool-max-mb', 1) ?? DEFAULTS.spoolMaxBytes / 1024 / 1024;
  const metricsPort = cli.int('metrics-port', 0, 65535) ?? DEFAULTS.metricsPort;
  const concurrency = cli.int('concurrency', 1);

  let shard;
  try { shard = args.shard ? parseShard(args.shard) : undefined; } catch (e) { usageExit(USAGE, e instanceof Error ? e.message : String(e)); }
  let cadastre;
  try { cadastre = loadCadastre(args.config); } catch (e) {
    if (e instanceof CadastreError) fail(`${args.config}: ${e.message}`);
    throw e;
  }
  let influx;
  try { influx = influxConfigFromEnv(); } catch (e) { fail(e instanceof Error ? e.message : String(e)); }

  const logger = new JsonLogger((l) => process.stdout.write(`${l}\n`), level);
  const store = new InfluxStore({ ...influx, timeoutMs: 10_000 });
  // The database is created at start: a forgotten CREATE DATABASE would send every batch to the spool. A store
  // that does not answer yet is no reason to stay down (the spool keeps the points); one that refuses is.
  try {
    const r = await store.ensureDatabase();
    logger.log('info', r === 'created' ? 'database created' : 'database present', { database: store.database });
  } catch (e) {
    if (!(e instanceof InfluxError) || e.transient) {
      logger.log('warn', 'InfluxDB does not answer; starting anyway, points wait in the spool', { error: e instanceof Error ? e.message : String(e) });
    } else {
      fail(`database "${store.database}" is missing and cannot be created (${e.message}): create it (CREATE DATABASE ${store.database}) or point INFLUX_DB at an existing one`);
    }
  }
  let collector;
  try {
    collector = await startCollector({
      cadastre, store, logger, shard, intervalsByRole,
      portsFile: args['ports-file'] ? resolve(args['ports-file']) : undefined,
      spoolDir: resolve(args['spool-dir'] ?? 'var/collector'),
      spoolMaxBytes: spoolMaxMb * 1024 * 1024,
      metricsPort,
      concurrency,
    });
  } catch (e) {
    if (e instanceof CollectorConfigError) fail(e.message);
    throw e;
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log('info', 'stopping', { signal });
    collector.stop().then(() => process.exit(0), (e: unknown) => {
      logger.log('error', 'stop failed', { error: e instanceof Error ? e.message : String(e) });
      process.exit(1);
    });
  };
  // SIGHUP (systemctl reload): the cadastre and the profiles again; a configuration that cannot be polled is
  // refused with its problems logged, and the running one goes on.
  process.on('SIGHUP', () => {
    if (stopping) return;
    let next;
    try { next = loadCadastre(args.config as string); } catch (e) {
      logger.log('error', 'reload refused: the cadastre does not load; polling goes on with the previous one', { error: e instanceof Error ? e.message : String(e) });
      return;
    }
    collector.reload(next).catch((e: unknown) => {
      logger.log('error', 'reload refused; polling goes on with the previous configuration', { error: e instanceof Error ? e.message : String(e) });
    });
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
