// npm run discover -- --credentials FILE --out DIR [seeds...]: reads the seed agents, drafts a cadastre.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCli, usageExit } from '../common/cli.js';
import { discover, readCredentials, writeDraft } from './index.js';
import { readSitesCsv } from './files.js';
import { isReading } from '../common/snmp-agent.js';
import { parseSeed, readDevicesCsv, type Seed } from './seeds.js';

const USAGE = 'usage: npm run discover -- --credentials FILE --out DIR [--devices devices.csv] [--sites sites.csv] [--port 161] '
  + '[--timeout-ms 1500] [--retries 1] [--concurrency 16] [--circuit-pattern REGEX] [--owner ID] [--force] [ADDRESS[:PORT] | CIDR[:PORT]]...';

async function main(): Promise<number> {
  const cli = parseCli(USAGE, {
    options: {
      credentials: { type: 'string' }, out: { type: 'string' }, devices: { type: 'string' }, sites: { type: 'string' },
      port: { type: 'string' }, 'timeout-ms': { type: 'string' }, retries: { type: 'string' }, concurrency: { type: 'string' },
      'circuit-pattern': { type: 'string' }, owner: { type: 'string' }, force: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const v = cli.values;
  const at = (p: string): string => resolve(process.env.INIT_CWD ?? process.cwd(), p);
  if (!v.credentials) usageExit(USAGE, '--credentials is required (a YAML list of {name, snmp})');
  if (!v.out) usageExit(USAGE, '--out is required (the draft cadastre directory)');
  const port = cli.int('port', 1, 65535) ?? 161;
  let pattern: RegExp | undefined;
  if (v['circuit-pattern']) { try { pattern = new RegExp(v['circuit-pattern']); } catch (e) { cli.fail(`--circuit-pattern: ${(e as Error).message}`); } }
  if (v.owner && !/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(v.owner)) cli.fail(`--owner: "${v.owner}" is not an id (letters, digits, . _ : -)`);
  let seeds: Seed[] = [];
  try {
    seeds = cli.positionals.flatMap((s) => parseSeed(s, port));
    if (v.devices) seeds.push(...readDevicesCsv(at(v.devices), port));
  } catch (e) { cli.fail((e as Error).message); }
  if (!seeds.length) cli.fail('no seed: give addresses, CIDR ranges or --devices');
  const credentials = readCredentials(at(v.credentials));
  const sites = v.sites ? readSitesCsv(at(v.sites)) : undefined;
  const out = at(v.out);

  const started = performance.now();
  const result = await discover({
    seeds, credentials, sites, concurrency: cli.int('concurrency', 1, 256) ?? 16,
    timeoutMs: cli.int('timeout-ms', 50, 60_000) ?? 1500, retries: cli.int('retries', 0, 10) ?? 1, maxRepetitions: 25,
    draft: { ...(pattern ? { circuitPattern: pattern } : {}), ...(v.owner ? { owner: { id: v.owner, name: v.owner } } : {}) },
    onAgent: (done, total, seed, r) => {
      process.stderr.write(`discover: [${done}/${total}] ${seed.host}:${seed.port} ${isReading(r) ? `→ ${r.sysName || '(no sysName)'} (${r.credential}, ${r.interfaces.length} interfaces, ${r.neighbours.length} neighbours)` : `unreachable: ${r.reason}`}\n`);
    },
  });
  const outcomes = writeDraft(out, result, v.force === true);
  const d = result.draft;
  console.log(`discover: ${result.readings.length} agents answered, ${result.unreachable.length} unreachable, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(`drafted ${d.sites.length} sites, ${d.devices.length} devices, ${d.segments.length} segments in ${out}${existsSync(out) ? '' : ' (not written)'}`);
  for (const u of result.unreachable) console.log(`unreachable ${u.host}:${u.port}: ${u.reason}: ${u.message}`);
  for (const n of d.notDrafted) console.log(`not drafted: ${n}`);
  let kept = 0;
  for (const o of outcomes) {
    if (o.diff) process.stdout.write(o.diff);
    if (o.action === 'kept') { kept++; console.log(`${o.file}: reviewed (edited since it was drafted): kept; the diff above is what discover found. --force replaces it`); }
    else console.log(`${o.file}: ${o.action}`);
  }
  console.log(`next: review the evidence comments, then npm run config:check -- ${v.out}`);
  return kept ? 1 : 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(`discover: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
