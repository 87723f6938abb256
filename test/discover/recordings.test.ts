// Discovery against recorded walks of real devices (../shared/recordings/, served by Debian's snmpsim): the LLDP
// neighbours each walk holds (lldpRemTable, local ports through lldpLocPortTable) and Cisco's CDP cache.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import snmp from 'net-snmp';
import { discover, type DiscoverResult } from '../../discover/index.js';
import { freeUdpPort, sleep } from '../collector/helpers.js';

// From the repository root ../shared/recordings; from a worktree under wt/, ../../shared/recordings.
const DIR = process.env.IRIS_RECORDINGS ?? [resolve('../shared/recordings'), resolve('../../shared/recordings')].find((d) => existsSync(d)) ?? resolve('../shared/recordings');
const SNMPSIMD = '/usr/bin/snmpsimd';
const present = existsSync(join(DIR, 'procurve.snmprec')) && existsSync(SNMPSIMD);
if (!present) console.warn(`discover recordings test skipped: ${existsSync(SNMPSIMD) ? `no recorded walks at ${DIR}` : 'snmpsimd missing (apt-get install snmpsim)'}`);

/** The LLDP neighbours each walk holds (rows of lldpRemTable). */
const LLDP: Record<string, number> = { procurve: 7, arista_eos: 6, junos_qfx5100: 2, 'nxos_n3k-3064pq': 1 };
let agent: ChildProcess | undefined;
let work: string;
let result: DiscoverResult;

async function answers(port: number, community: string): Promise<boolean> {
  const s = snmp.createSession('127.0.0.1', community, { port, version: snmp.Version2c, timeout: 500, retries: 0 });
  try { return await new Promise<boolean>((res) => s.get(['1.3.6.1.2.1.1.2.0'], (e) => res(!e))); } finally { s.close(); }
}

describe.skipIf(!present)('discover on recorded walks (snmpsim)', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'discover-rec-'));
    chmodSync(work, 0o777);
    const port = await freeUdpPort();
    agent = spawn(SNMPSIMD, [`--data-dir=${DIR}`, `--cache-dir=${join(work, 'cache')}`, `--agent-udpv4-endpoint=127.0.0.1:${port}`,
      '--process-user=nobody', '--process-group=nogroup', `--logging-method=file:${join(work, 'snmpsim.log')}`], { stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while (!(await answers(port, 'procurve'))) {
      if (Date.now() > deadline) throw new Error('snmpsimd did not answer within 60 s');
      await sleep(200);
    }
    // snmpsim serves each walk under the community of its file name: one credential per walk.
    const names = Object.keys(LLDP);
    result = await discover({
      seeds: names.map((n) => ({ host: '127.0.0.1', port, credential: n })),
      credentials: names.map((n) => ({ name: n, snmp: { version: 'v2c', community: { env: 'UNUSED' } }, resolved: { version: 'v2c', community: n } })),
      concurrency: 4, timeoutMs: 4000, retries: 1, maxRepetitions: 50,
    });
  }, 120_000);

  afterAll(() => {
    agent?.kill('SIGTERM');
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('reads every LLDP neighbour of each walk, on a resolved local interface', () => {
    for (const [name, n] of Object.entries(LLDP)) {
      const r = result.readings.find((x) => x.credential === name);
      expect(r, name).toBeDefined();
      const lldp = r!.neighbours.filter((x) => x.protocol === 'lldp');
      expect(lldp, name).toHaveLength(n);
      for (const x of lldp) expect(x.ifIndex, `${name} ${x.localPort}`).toBeTypeOf('number');
    }
  });

  it('reads the NX-OS neighbour on Ethernet1/49 by LLDP and CDP, and lists recorded neighbours as not discovered', () => {
    const nx = result.readings.find((x) => x.credential === 'nxos_n3k-3064pq')!;
    const lldp = nx.neighbours.find((x) => x.protocol === 'lldp')!;
    expect(lldp.port).toBe('Ethernet1/49');
    const cdp = nx.neighbours.filter((x) => x.protocol === 'cdp').map((x) => x.port).sort();
    expect(cdp).toEqual(['Ethernet1/49', 'GigabitEthernet0/0']);
    expect(result.draft.segments).toEqual([]);
    expect(result.draft.notDrafted.some((m) => m.includes('is not among the discovered agents'))).toBe(true);
  });
});
