// npm run sim:backfill -- --config <dir> --days N [--seed N] [--end ISO]
// Writes to the InfluxDB named by INFLUX_URL / INFLUX_DB (and INFLUX_USER, INFLUX_PASSWORD, INFLUX_TOKEN, INFLUX_RP).
import { parseArgs } from 'node:util';
import { loadCadastre, CadastreError } from '../config/load.js';
import { InfluxStore, influxConfigFromEnv } from '../store/influx.js';
import { backfill, planBackfill, progressLine } from './backfill.js';

const USAGE = 'usage: npm run sim:backfill -- --config <dir> --days N [--seed N] [--end ISO-8601]  (InfluxDB from INFLUX_URL, INFLUX_DB)';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string' }, days: { type: 'string' }, seed: { type: 'string' }, end: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) { console.log(USAGE); return; }
  if (!values.config) throw new Error(`--config is required\n${USAGE}`);
  const days = Number(values.days);
  if (!values.days || !Number.isFinite(days) || days <= 0 || days > 3660) throw new Error(`--days: expected a number of days in (0, 3660], got "${values.days ?? ''}"`);
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
  const plan = planBackfill(cadastre, days, end ?? Date.now());
  console.error(`backfill: ${days} days [${new Date(plan.startMs).toISOString()}, ${new Date(plan.endMs).toISOString()}) into ${store.database}: `
    + `${fmt(plan.points)} points (${Object.entries(plan.byMeasurement).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')})`);
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  let doneShown = false;
  const result = await backfill(cadastre, store, {
    days, end, seed,
    onProgress: (p) => {
      if (tty) process.stderr.write(`\r${progressLine(p)}\x1b[K`);
      else if (p.written === p.total ? !doneShown : p.elapsedMs - lastLine >= 5000) {
        lastLine = p.elapsedMs;
        doneShown = p.written === p.total;
        process.stderr.write(`${progressLine(p)}\n`);
      }
    },
  });
  if (tty) process.stderr.write('\n');
  const s = result.elapsedMs / 1000;
  console.error(`backfill done: ${fmt(result.points)} points in ${s.toFixed(1)} s (${fmt(result.points / s)} points/s)`);
}

main().catch((e: unknown) => {
  console.error(e instanceof CadastreError ? e.message : `sim:backfill: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
