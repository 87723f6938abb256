// The first hour: the collector's store creates its database at start (a forgotten CREATE DATABASE no longer
// sends every batch to the spool), and a database name InfluxDB refuses is a clear, non-transient error.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InfluxError, InfluxStore } from '../../store/influx.js';
import { freshDatabase } from '../support/influx.js';

describe('ensureDatabase', () => {
  it('creates a missing database once, then finds it', async () => {
    const base = await freshDatabase('ensure_db');
    const name = `t_ensure_${randomBytes(4).toString('hex')}`;
    const store = base.withDatabase(name);
    expect((await base.rows('SHOW DATABASES')).map((r) => r.name)).not.toContain(name);
    expect(await store.ensureDatabase()).toBe('created');
    expect(await store.ensureDatabase()).toBe('present');
    await store.write('m v=1i 1000', 'ms');
    expect(await store.rows('SELECT v FROM m')).toEqual([{ time: 1000, v: 1 }]);
  });

  it('an unreachable store is a transient error (the collector starts and spools)', async () => {
    const store = new InfluxStore({ url: 'http://127.0.0.1:9', database: 'x', timeoutMs: 1000 });
    const e = await store.ensureDatabase().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InfluxError);
    expect((e as InfluxError).transient).toBe(true);
  });
});
