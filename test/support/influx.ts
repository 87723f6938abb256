// Per-test-file access to the run's private influxd (started by global-influx.ts).
import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { InfluxStore } from '../../store/influx.js';

/** A new, empty database on the test influxd, named after the test file's purpose. */
export async function freshDatabase(purpose: string): Promise<InfluxStore> {
  const name = `t_${purpose.replace(/[^A-Za-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const store = new InfluxStore({ url: inject('influxUrl'), database: name });
  await store.createDatabase();
  return store;
}
