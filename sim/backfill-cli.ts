// npm run sim:backfill -- --config <dir> --days N [--raw-days N] [--seed N] [--end ISO]
// Writes to the InfluxDB named by INFLUX_URL / INFLUX_DB (and INFLUX_USER, INFLUX_PASSWORD, INFLUX_TOKEN, INFLUX_RP).
import { parseCli, usageExit } from '../common/cli.js';
import { loadCadastre, CadastreError } from '../config/load.js';
import { InfluxStore, influxConfigFromEnv } from '../store/influx.js';
import { backfill, planBackfill, progressReporter } from './backfill.js';

const USAGE = 'usage: npm run sim:backfill -- --config <dir> --days N [--raw-days N] [--seed N] [--end ISO-8601]  (InfluxDB from INFLUX_URL, INFLUX_DB)';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const cli = parseCli(USAGE, {
    options: { config: { type: 'string' }, days: { type: 'string' }, 'raw-days': { type: 'string' }, seed: { type: 'string' }, end: { type: 'string' } },
  });
  const values = cli.values;
  if (!values.config) usageExit(USAGE, '--config is required');
  const days = cli.num('days', { above: 0, max: 3660, unit: 'days' });
  if (days === undefined) usageExit(USAGE, '--days is required');
  const rawDays = cli.num('raw-days', { min: 0, unit: 'days' }) ?? days;
  const seed = cli.int('seed');
  let end: number | undefined;
  if (values.end !== undefined) {
    end = Date.parse(values.end);
    if (Number.isNaN(end)) usageExit(USAGE, `--end: expected an ISO 8601 time, got "${values.end}"`);
  }
  const cadastre = loadCadastre(values.config);
  const store = new InfluxStore(influxConfigFromEnv());
  await store.createDatabase();
  const plan = planBackfill(cadastre, days, end ?? Date.now(), rawDays);
  console.error(`backfill: ${days} days [${new Date(plan.startMs).toISOString()}, ${new Date(plan.endMs).toISOString()}) into ${store.database}: `
    + `${fmt(plan.points)} points (${Object.entries(plan.byMeasurement).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')})`);
  const progress = progressReporter();
  const result = await backfill(cadastre, store, { days, rawDays, end, seed, onProgress: progress.onProgress });
  progress.done();
  const s = result.elapsedMs / 1000;
  console.error(`backfill done: ${fmt(result.points)} points in ${s.toFixed(1)} s (${fmt(result.points / s)} points/s)`);
}

main().catch((e: unknown) => {
  console.error(e instanceof CadastreError ? e.message : `sim:backfill: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
