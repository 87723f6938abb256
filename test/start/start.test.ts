// `npm start` end to end, as a user runs it: a child process with its own var/ dir, the URL it prints
// answers, the map and the network summary come back with a printed token, SIGINT stops every child.
// The history comes in two phases: the last day before the map, the older days after it; once complete, the
// API's figures hold every 5-minute bucket one backfill of the whole window would have written.
import { describe, expect, it, onTestFailed } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCadastre } from '../../config/load.js';
import { planBackfill } from '../../sim/backfill.js';
import { demoOutages } from '../../sim/outages.js';

interface Started { child: ChildProcess; url: string; tokens: Record<string, string>; output: () => string; exited: Promise<number | null> }

const DAY = 86_400_000;
const SEED = 2026; // npm start's default

function start(varDir: string, days = 2): Promise<Started> {
  const env = { ...process.env };
  delete env.INFLUX_URL;
  // node itself (not npx) so that SIGINT reaches the launcher and its exit code is the launcher's.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--var', varDir, '--days', String(days), '--port', '0', '--influx-port', '0', '--status-seconds', '2'], {
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

/** Resolves once the output matches. */
async function waitFor(s: Started, re: RegExp): Promise<RegExpExecArray> {
  for (;;) {
    const m = re.exec(s.output());
    if (m) return m;
    if (s.child.exitCode !== null) throw new Error(`npm start exited (${s.child.exitCode}) before printing ${re}:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The API's figures over [from, to) against what a backfill of that window writes (sim/backfill.ts planBackfill,
 * with the demo's outages): every 5-minute bucket of every segment and hotspot, exact counts.
 */
async function expectWholeHistory(s: Started, from: number, to: number): Promise<void> {
  const cadastre = loadCadastre('config/demo');
  const plan = planBackfill(cadastre, (to - from) / DAY, to, 0, demoOutages(cadastre, SEED, from, to));
  const q = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
  const segments = await fetch(`${s.url}/api/segments?${q}`, { headers: { Authorization: `Bearer ${s.tokens.operator}` } });
  expect(segments.status).toBe(200);
  const segs = (await segments.json() as { items: Array<{ ab: { samples: number } }> }).items;
  expect(segs.reduce((n, x) => n + x.ab.samples, 0)).toBe(plan.byMeasurement.interface_5m);
  const hotspots = await fetch(`${s.url}/api/hotspots?${q}`, { headers: { Authorization: `Bearer ${s.tokens.planner}` } });
  expect(hotspots.status).toBe(200);
  const hs = (await hotspots.json() as { items: Array<{ samples: number }> }).items;
  expect(hs.reduce((n, x) => n + x.samples, 0)).toBe(plan.byMeasurement.hotspot_5m);
}

const ISO = '(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z)';

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
      onTestFailed(() => { console.log(`npm start said:\n${first.output()}`); first.child.kill('SIGINT'); });
      const window = new RegExp(`backfilling 2 days of history for the demo network, ${ISO} to ${ISO}: the last 1 day now, the older 1 day once the map is up`).exec(first.output());
      expect(window).not.toBeNull();
      const [from, to] = [Date.parse(window![1]), Date.parse(window![2])];
      expect(to - from).toBe(2 * DAY);
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

      // The older day arrives after the map, and the API shows it: every bucket of the two days.
      await waitFor(first, /^history: 2 days complete in [\d.]+ s/m);
      const out = first.output();
      expect(out.search(/^The map: /m)).toBeGreaterThan(out.search(/^ {2}[\d,]+ points in /m));
      expect(out.search(/^history: 2 days complete/m)).toBeGreaterThan(out.search(/^The map: /m));
      await expectWholeHistory(first, from, to);

      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      expect(first.output()).toMatch(/stopped\./);
      expect(processesUsing(varDir)).toEqual([]);

      const second = await start(varDir);
      expect(second.output()).not.toMatch(/backfilling/);
      expect(second.output()).not.toMatch(/missing/);
      expect(second.tokens).toEqual(first.tokens);
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
      expect(processesUsing(varDir)).toEqual([]);
    } finally {
      rmSync(varDir, { recursive: true, force: true });
    }
  }, 600_000);

  it('a start after one stopped while it wrote the older days writes what is missing', async () => {
    const varDir = mkdtempSync(join(tmpdir(), 'irisnet-start-'));
    try {
      const first = await start(varDir, 3);
      onTestFailed(() => { console.log(`npm start said:\n${first.output()}`); });
      // Stopped as soon as the map is up: the older two days are being written.
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      expect(first.output()).not.toMatch(/^history: 3 days complete/m);
      const firstEnd = Date.parse(new RegExp(`backfilling 3 days of history for the demo network, ${ISO} to ${ISO}`).exec(first.output())![2]);

      const second = await start(varDir, 3);
      onTestFailed(() => { console.log(`npm start (second) said:\n${second.output()}`); second.child.kill('SIGINT'); });
      expect(second.output()).not.toMatch(/backfilling/);
      const missing = new RegExp(`^history: the window's oldest [\\d.]+ days, ${ISO} to ${ISO}, are missing \\(an earlier start stopped before writing them\\): written in the background once the map is up$`, 'm').exec(second.output());
      expect(missing).not.toBeNull();
      const windowStart = Date.parse(missing![1]);
      expect(Date.parse(missing![2])).toBeGreaterThan(windowStart);
      expect(Date.parse(missing![2])).toBeLessThan(firstEnd);
      await waitFor(second, /^history: 3 days complete in [\d.]+ s/m);
      // The second start's window, up to where the first start's history ended (the collector's live buckets come after).
      await expectWholeHistory(second, windowStart, firstEnd);
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
      expect(processesUsing(varDir)).toEqual([]);
    } finally {
      rmSync(varDir, { recursive: true, force: true });
    }
  }, 600_000);
});
