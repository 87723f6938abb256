// A small fault-control endpoint on loopback: GET /faults, POST /faults/:device (JSON fault), DELETE /faults/:device.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { FaultSchema } from './faults.js';
import type { SimNetworkHandle } from './network.js';

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startControlServer(net: SimNetworkHandle, port: number): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/faults' && req.method === 'GET') return send(res, 200, net.faults());
      if (url.pathname === '/ports' && req.method === 'GET') return send(res, 200, net.ports);
      const m = /^\/faults\/([^/]+)$/.exec(url.pathname);
      if (!m) return send(res, 404, { error: `no route ${req.method} ${url.pathname}` });
      const device = decodeURIComponent(m[1]);
      if (!(device in net.ports)) return send(res, 404, { error: `unknown device "${device}"` });
      if (req.method === 'DELETE') { net.setFault(device, null); return send(res, 200, { device, fault: null }); }
      if (req.method !== 'POST' && req.method !== 'PUT') return send(res, 405, { error: 'use GET, POST or DELETE' });
      let raw: unknown;
      try { raw = JSON.parse(await readBody(req)); } catch { return send(res, 400, { error: 'body: expected JSON, e.g. {"kind":"slow","delayMs":3000}' }); }
      const parsed = FaultSchema.safeParse(raw);
      if (!parsed.success) {
        return send(res, 400, { error: `body: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'kind'}: ${i.message}`).join('; ')}` });
      }
      net.setFault(device, parsed.data);
      return send(res, 200, { device, fault: parsed.data });
    })().catch((e: unknown) => send(res, 500, { error: e instanceof Error ? e.message : String(e) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  return {
    server,
    port: typeof addr === 'object' && addr ? addr.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
