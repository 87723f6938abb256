// Every CLI parses with common/cli.ts: an unknown option or a bad value exits 2 with a message naming the option
// and the usage line; --help prints the usage and exits 0. Nothing here starts a server or touches a store:
// the checks run before any work.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function run(script: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, env: { PATH: process.env.PATH, INIT_CWD: root } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

// [script, args, the message's first line, the usage line's start]
const BAD: Array<[string, string[], string, string]> = [
  ['api/cli.ts', ['--config', 'x', '--bogus'], "Unknown option '--bogus'", 'usage: npm run api --'],
  ['works/cli.ts', [], 'works:import: no source given (a GeoJSON file or an items URL)', 'usage: npm run works:import --'],
  ['config/demo-generator.ts', ['--seed', '1.5'], '--seed: expected an integer, got "1.5"', 'usage: npm run config:demo'],
  ['config/check-cli.ts', ['a', 'b'], 'config:check: one directory only, got 2: a b', 'usage: npm run config:check --'],
  ['collector/cli.ts', ['--config', 'x', '--log-level', 'loud'], '--log-level: expected one of debug, info, warn, error, got "loud"', 'usage: npm run collector --'],
  ['alerts/cli.ts', ['--config', 'x', '--interval', '0'], '--interval: expected a number of seconds in (0, 3600], got "0"', 'usage: npm run alerts --'],
  ['sim/cli.ts', ['--config', 'x', '--pad-ports=-1'], '--pad-ports: expected an integer ≥ 0, got "-1"', 'usage: npm run sim --'],
  ['sim/backfill-cli.ts', ['--config', 'x'], '--days is required', 'usage: npm run sim:backfill --'],
  ['sim/worksites.ts', ['--today', '2026-13-45'], '--today: expected YYYY-MM-DD, got "2026-13-45"', 'usage: npx tsx sim/worksites.ts'],
  ['scripts/start.ts', ['--days', '0'], '--days: expected a number of days in (0, 400], got "0"', 'usage: npm start --'],
  ['scripts/start.ts', ['--port'], "Option '--port <value>' argument missing", 'usage: npm start --'],
];

describe('CLI argument errors', () => {
  it('exit 2 naming the option, then the usage line, for every CLI', async () => {
    const results = await Promise.all(BAD.map(([script, args]) => run(script, args)));
    BAD.forEach(([script, args, message, usage], i) => {
      const r = results[i];
      const lines = r.stderr.trim().split('\n');
      expect({ script, args, status: r.status, first: lines[0], usage: lines[1]?.startsWith(usage) }).toEqual({ script, args, status: 2, first: message, usage: true });
    });
  }, 120_000);

  it('--help prints the usage on stdout and exits 0', async () => {
    const r = await run('works/cli.ts', ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('usage: npm run works:import -- <geojson-file | OGC API Features items URL> [--config DIR]\n');
  });
});
