// Shared by the simulator's tests: fixture secrets and Debian's snmpbulkwalk, run asynchronously (the agents
// live in the test's own event loop).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const SMALL = 'test/fixtures/cadastre-small';
export const ENV: NodeJS.ProcessEnv = {
  IRIS_SNMP_COMMUNITY: 'iris-test-ro',
  WIFI_SNMP_COMMUNITY: 'wifi-test-ro',
  IRIS_SNMP_V3_AUTH_KEY: 'auth-key-for-tests',
  IRIS_SNMP_V3_PRIV_KEY: 'priv-key-for-tests',
};

export interface WalkResult { ok: boolean; values: Map<string, { type: string; value: string }>; stderr: string }

/** snmpbulkwalk with numeric OIDs; `values` maps OID (no leading dot) to type and raw value text. */
export async function walk(port: number, oid: string, auth: string[], extra: string[] = []): Promise<WalkResult> {
  let stdout = '';
  let stderr = '';
  let ok = true;
  try {
    ({ stdout, stderr } = await exec('snmpbulkwalk', [...auth, '-On', '-t', '1', '-r', '0', ...extra, `127.0.0.1:${port}`, oid], { encoding: 'utf8', timeout: 20_000 }));
  } catch (e) {
    ok = false;
    const err = e as { stdout?: string; stderr?: string };
    stdout = err.stdout ?? '';
    stderr = err.stderr ?? String(e);
  }
  const values = new Map<string, { type: string; value: string }>();
  let last: string | undefined;
  for (const line of stdout.split('\n')) {
    const m = /^\.([\d.]+) = (?:([\w-]+): )?(.*)$/.exec(line);
    if (m) {
      last = m[1];
      values.set(m[1], { type: m[2] ?? '', value: m[3] });
    } else if (last && line.trim()) {
      const v = values.get(last);
      if (v) v.value += ` ${line.trim()}`;
    }
  }
  return { ok: ok && !/Timeout|failure/i.test(stderr), values, stderr };
}

export const v2c = (community: string): string[] => ['-v2c', '-c', community];
export const v3 = (user: string, level: 'authPriv' | 'authNoPriv', authKey: string, privKey?: string): string[] =>
  ['-v3', '-l', level, '-u', user, '-a', 'SHA', '-A', authKey, ...(privKey ? ['-x', 'AES', '-X', privKey] : [])];
