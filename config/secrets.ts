// Resolves a device's SNMP credentials from the environment. A missing variable is an error naming the
// device and the variable, never the value.
import type { Device } from './schema.js';
import type { SnmpCredentials } from '../common/snmp.js';

export type ResolvedSnmp = SnmpCredentials;

export class MissingSecretError extends Error {
  constructor(readonly device: string, readonly variable: string, readonly field: string) {
    super(`device ${device}: snmp.${field} refers to environment variable ${variable}, which is not set`);
    this.name = 'MissingSecretError';
  }
}

export function resolveSnmp(device: Pick<Device, 'id' | 'snmp'>, env: NodeJS.ProcessEnv = process.env): ResolvedSnmp {
  const read = (field: string, ref: { env: string }): string => {
    const v = env[ref.env];
    if (v === undefined || v === '') throw new MissingSecretError(device.id, ref.env, field);
    return v;
  };
  const s = device.snmp;
  if (s.version === 'v2c') return { version: 'v2c', community: read('community', s.community) };
  const authKey = read('authKey', s.authKey);
  if (s.level === 'authNoPriv') return { version: 'v3', user: s.user, level: s.level, authProtocol: s.authProtocol, authKey, privProtocol: s.privProtocol };
  if (!s.privKey) throw new MissingSecretError(device.id, '(none)', 'privKey');
  return { version: 'v3', user: s.user, level: s.level, authProtocol: s.authProtocol, authKey, privProtocol: s.privProtocol, privKey: read('privKey', s.privKey) };
}

/** Every variable the cadastre needs, with the devices that need it; for a start-up check that lists all at once. */
export function missingSecrets(devices: readonly Device[], env: NodeJS.ProcessEnv = process.env): MissingSecretError[] {
  const errors: MissingSecretError[] = [];
  for (const d of devices) {
    try { resolveSnmp(d, env); } catch (e) { if (e instanceof MissingSecretError) errors.push(e); else throw e; }
  }
  return errors;
}
