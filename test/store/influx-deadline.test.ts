// The InfluxDB client's deadline covers the whole answer: a server that sends its headers and then stalls the body
// gives an InfluxError (transient: the API answers 503) within timeoutMs, never a bare TimeoutError or a read that
// waits forever (npm start's background backfill and the figures' reread wait on these reads).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfluxError, InfluxStore } from '../../store/influx.js';

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    // Headers at once, then part of a body and nothing more.
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
    res.write('{"results":[');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('InfluxStore deadline', () => {
  it('a query whose answer stalls after the headers fails with a transient InfluxError naming the deadline', async () => {
    const store = new InfluxStore({ url, database: 'd', timeoutMs: 300 });
    const e = await store.query('SELECT 1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InfluxError);
    expect((e as InfluxError).message).toBe(`InfluxDB at ${new URL(url).host} did not finish its answer within 300 ms`);
    expect((e as InfluxError).transient).toBe(true);
  });
});
