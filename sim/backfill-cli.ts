// npm run sim:backfill -- --config <dir> --days N [--raw-days N] [--seed N] [--end ISO] [--outages]
// Writes to the InfluxDB named by INFLUX_URL / INFLUX_DB (and INFLUX_USER, INFLUX_PASSWORD, INFLUX_TOKEN, INFLUX_RP).
import { parseArgs } from 'node:util';
import { loadCadastre, CadastreError } from '../config/load.js';
import { InfluxStore, influxConfigFromEnv } from '../store/influx.js';
import { backfill, planBackfill, progressReporter } from './backfill.js';
import { demoOutages } from './outages.js';
import { DEFAULT_SEED } from './model.js';

const USAGE = 'usage: npm run sim:backfill -- --config <dir> --days N [--raw-days N] [--seed N] [--end ISO-8601] [--outages]  (InfluxDB from INFLUX_URL, INFLUX_DB)';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string' }, days: { type: 'string' }, 'raw-days': { type: 'string' }, seed: { type: 'string' }, end: { type: 'string' }, outages: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) { console.log(USAGE); return; }
  if (!values.config) throw new Error(`--config is required\n${USAGE}`);
  const days = Number(values.days);
  if (!values.days || !Number.isFinite(days) || days <= 0 || days > 3660) throw new Error(`--days: expected a number of days in (0, 3660], got "${values.days ?? ''}"`);
  const rawDays = values['raw-days'] === undefined ? days : Number(values['raw-days']);
  if (!Number.isFinite(rawDays) || rawDays < 0) throw new Error(`--raw-days: expected a number of days ≥ 0, got "${values['raw-days']}"`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`--seed: expected an integer, got "${values.seed}"`);
  let end: number | undefined;
  if (values.end !== undefined) {
    end = Date.parse(values.end);
    if (Number.isNaN(end)) throw new Error(`--end: expected an ISO 8601 time, got "${values.end}"`);
  }
  const cadastre = loadCadastre(values.config);
  const store = new InfluxStore(influxConfigFromEnv());
  await store.createDatabase();
  const endMs = end ?? Date.now();
  // --outages: the demo's history of outages (sim/outages.ts), as npm start writes it.
  const outages = values.outages ? demoOutages(cadastre, seed ?? DEFAULT_SEED, endMs - days * 86_400_000, endMs) : undefined;
  const plan = planBackfill(cadastre, days, endMs, rawDays, outages);
  console.error(`backfill: ${days} days [${new Date(plan.startMs).toISOString()}, ${new Date(plan.endMs).toISOString()}) into ${store.database}: `
    + `${fmt(plan.points)} points (${Object.entries(plan.byMeasurement).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')})`);
  const progress = progressReporter();
  const result = await backfill(cadastre, store, { days, rawDays, end: endMs, seed, outages, onProgress: progress.onProgress });
  progress.done();
  const s = result.elapsedMs / 1000;
  console.error(`backfill done: ${fmt(result.points)} points in ${s.toFixed(1)} s (${fmt(result.points / s)} points/s)`);
}

main().catch((e: unknown) => {
  console.error(e instanceof CadastreError ? e.message : `sim:backfill: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
