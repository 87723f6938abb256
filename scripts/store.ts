// npm run store -- [--data var/store] [--port 18087] [--database irisnet]: a private InfluxDB 1.x for one's own
// cadastre (the launcher `npm start` uses for the demo), with its database created; prints the INFLUX_URL and
// INFLUX_DB to export for the collector and the API, then runs until Ctrl-C.
import { resolve } from 'node:path';
import { parseCli } from '../common/cli.js';
import { InfluxStore } from '../store/influx.js';
import { startInfluxd } from '../store/influxd.js';

const USAGE = 'usage: npm run store -- [--data var/store] [--port 18087] [--database irisnet]';

async function main(): Promise<void> {
  const cli = parseCli(USAGE, { options: { data: { type: 'string' }, port: { type: 'string' }, database: { type: 'string' } } });
  const data = resolve(process.env.INIT_CWD ?? process.cwd(), cli.values.data ?? 'var/store');
  const port = cli.int('port', 1, 65535) ?? 18087;
  const database = cli.values.database ?? 'irisnet';
  if (!/^[A-Za-z0-9_]+$/.test(database)) cli.fail(`--database: "${database}" (letters, digits and _)`);
  const influxd = await startInfluxd(data, port);
  const created = await new InfluxStore({ url: influxd.url, database }).ensureDatabase();
  console.log(`store ready: InfluxDB at ${influxd.url}, database ${database} (${created}), data in ${data}`);
  console.log(`export INFLUX_URL=${influxd.url} INFLUX_DB=${database}`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void influxd.stop().then(() => { console.log('store stopped'); process.exit(0); });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`store: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
