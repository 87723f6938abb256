// `npm start` end to end, as a user runs it: a child process with its own var/ dir, the URL it prints
// answers, the map and the network summary come back with a printed token, SIGINT stops every child.
import { describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Started { child: ChildProcess; url: string; tokens: Record<string, string>; output: () => string; exited: Promise<number | null> }

function start(varDir: string): Promise<Started> {
  const env = { ...process.env };
  delete env.INFLUX_URL;
  // node itself (not npx) so that SIGINT reaches the launcher and its exit code is the launcher's.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--var', varDir, '--days', '1', '--port', '0', '--influx-port', '0', '--status-seconds', '2'], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /The map: (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      const tokens = Object.fromEntries([...out.matchAll(/^ {2}(operator|planner|commercial|viewer)\s+(\S+)$/gm)].map((t) => [t[1], t[2]]));
      if (m && Object.keys(tokens).length === 4) { clearInterval(timer); resolve({ child, url: m[1], tokens, output: () => out, exited }); }
    }, 200);
    void exited.then((code) => { clearInterval(timer); reject(new Error(`npm start exited (${code}) before printing the URL:\n${out}`)); });
  });
}

/** Processes whose command line mentions the private var dir (influxd's config lives there). */
function processesUsing(varDir: string): string[] {
  const ps = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return ps.split('\n').filter((l) => l.includes(varDir) && !l.includes('ps -eo'));
}

describe('npm start', () => {
  it('brings up the map and the API on the simulated network, and stops cleanly on SIGINT; a second start reuses the data', async () => {
    const varDir = mkdtempSync(join(tmpdir(), 'irisnet-start-'));
    try {
      const first = await start(varDir);
      expect(first.output()).toMatch(/backfilling 1 days of history/);
      const page = await fetch(`${first.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="map"|maplibre/i);
      const summary = await fetch(`${first.url}/api/network/summary`, { headers: { Authorization: `Bearer ${first.tokens.operator}` } });
      expect(summary.status).toBe(200);
      const body = await summary.json() as { network?: { utilisationPct?: number } };
      expect(body).toHaveProperty('network');
      expect((await fetch(`${first.url}/api/network/summary`)).status).toBe(401);
      // The demo's planned roadworks are made for today, so there are works to come to show.
      expect(first.output()).toMatch(/roadworks: \d+ synthetic planned worksites for \d{4}-\d{2}-\d{2}/);
      const opportunities = await fetch(`${first.url}/api/opportunities`, { headers: { Authorization: `Bearer ${first.tokens.planner}` } });
      expect(opportunities.status).toBe(200);
      const found = await opportunities.json() as { items: Array<{ kind: string }> };
      expect(found.items.some((o) => o.kind === 'reach')).toBe(true);
      // A status line comes every --status-seconds.
      await new Promise((r) => setTimeout(r, 2_500));
      expect(first.output()).toMatch(/polls ok \d+, failed \d+; points written [\d,]+; spool \d+ batches/);
      expect(processesUsing(varDir).length).toBeGreaterThan(0);

      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      expect(first.output()).toMatch(/stopped\./);
      expect(processesUsing(varDir)).toEqual([]);

      const second = await start(varDir);
      expect(second.output()).not.toMatch(/backfilling/);
      expect(second.tokens).toEqual(first.tokens);
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
      expect(processesUsing(varDir)).toEqual([]);
    } finally {
      rmSync(varDir, { recursive: true, force: true });
    }
  }, 300_000);
});
