// One SNMP session per device and the table walk the profiles need: a GETBULK over all wanted columns at
// once (plus sysUpTime as a non-repeater in the first request), continued from each column's last OID until
// every column has left its subtree. Errors become a poll status; no message carries a community or a key.
// Plumbing shared by the stages that talk SNMP (the collector polls, discovery reads an agent's system group,
// interfaces and neighbours): it sits in common/ because stages never import each other.
import snmp from 'net-snmp';

/** A device's SNMP credentials with the secrets read from the environment (config/secrets.ts resolves them). */
export type SnmpCredentials =
  | { version: 'v2c'; community: string }
  | { version: 'v3'; user: string; level: 'authPriv' | 'authNoPriv'; authProtocol: string; authKey: string; privProtocol: string; privKey?: string };

/** Why a request failed (the collector's poll status, store/schema.ts PollStatus, without ok and empty). */
export type SnmpFailure = 'timeout' | 'auth_error' | 'error';

export class PollError extends Error {
  constructor(readonly status: SnmpFailure, message: string) {
    super(message);
    this.name = 'PollError';
  }
}

export interface SnmpTarget {
  device: string;
  host: string;
  port: number;
  credentials: SnmpCredentials;
  timeoutMs: number;
  retries: number;
}

export interface WalkRequest {
  /** Scalars ending in .0 (sysUpTime.0), fetched as GETBULK non-repeaters in the first request. */
  scalars: string[];
  /** Column OIDs; each is walked to the end of its subtree. */
  columns: string[];
  maxRepetitions: number;
}

export interface WalkResult {
  /**
   * Epoch ms when the agent most likely read the first response's values (sysUpTime and the first rows):
   * the midpoint between sending that request and receiving its answer, off by at most half a round trip.
   */
  readAt: number;
  /** Round trip of the first request, ms. */
  firstRttMs: number;
  scalars: Map<string, snmp.Varbind>;
  /** column OID → row index (the OID suffix) → varbind. */
  cells: Map<string, Map<string, snmp.Varbind>>;
  requests: number;
  varbinds: number;
}

const oidParts = (oid: string): number[] => oid.split('.').map(Number);
export function compareOids(a: string, b: string): number {
  const x = oidParts(a), y = oidParts(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

const AUTH_PROTOCOLS: Record<string, string> = {
  md5: snmp.AuthProtocols.md5, sha: snmp.AuthProtocols.sha, sha256: snmp.AuthProtocols.sha256, sha512: snmp.AuthProtocols.sha512,
};
const PRIV_PROTOCOLS: Record<string, string> = {
  des: snmp.PrivProtocols.des, aes: snmp.PrivProtocols.aes, aes256b: snmp.PrivProtocols.aes256b, aes256r: snmp.PrivProtocols.aes256r,
};

/** net-snmp's USM report texts that mean "our notion of the agent's engine is stale": re-discover. */
const RESYNC = /Not In Time Window|Unknown Engine ID|outside the time window|Unexpected Report/i;

/**
 * Maps a net-snmp failure to a poll status and a message of our own words (net-snmp's texts can carry
 * digests, and its error `info` the user object with the keys, so none of it is passed on).
 */
export function classify(e: unknown, device: string, malformedSeen: boolean): PollError & { resync?: boolean } {
  if (e instanceof PollError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof snmp.RequestTimedOutError) {
    return malformedSeen
      ? new PollError('error', `device ${device}: malformed or truncated responses, then no valid answer`)
      : new PollError('timeout', `device ${device}: no answer (timeout)`);
  }
  if (e instanceof snmp.ResponseInvalidError) {
    const code = snmp.ResponseInvalidCode[e.code] as unknown as string | undefined;
    if (code === 'ENotInTimeWindow' || RESYNC.test(msg)) {
      return Object.assign(new PollError('auth_error', `device ${device}: SNMPv3 engine time/ID out of step (agent restarted?)`), { resync: true });
    }
    if (code === 'EAuthFailure' || code === 'ECouldNotDecrypt') {
      const known = ['Wrong Digest', 'Unknown User Name', 'Unsupported Security Level', 'Decryption Error'].find((k) => msg.includes(k));
      const why = known ?? (code === 'ECouldNotDecrypt' ? 'response could not be decrypted (wrong privacy key?)' : 'authentication digest mismatch (wrong key?)');
      return new PollError('auth_error', `device ${device}: SNMPv3 authentication failed: ${why}`);
    }
    return new PollError('error', `device ${device}: invalid response (${code ?? 'unknown'})`);
  }
  if (e instanceof snmp.RequestFailedError) {
    const status = snmp.ErrorStatus[e.status] as unknown as string | undefined;
    if (status === 'AuthorizationError' || status === 'NoAccess') return new PollError('auth_error', `device ${device}: agent refused access (${status})`);
    return new PollError('error', `device ${device}: agent answered with error ${status ?? e.status}`);
  }
  return new PollError('error', `device ${device}: ${e instanceof Error ? e.name : 'error'} during SNMP request`);
}

export class SnmpClient {
  private session: snmp.Session | undefined;
  private malformed = false;
  /** Sessions re-created because the agent's engine boots/time or ID changed (an agent restart). */
  rediscoveries = 0;

  constructor(readonly target: SnmpTarget) {}

  private open(): snmp.Session {
    if (this.session) return this.session;
    const t = this.target;
    const options: snmp.SessionOptions = {
      // Retries are ours (see bulk): the send time of the attempt that was answered dates the values.
      port: t.port, timeout: t.timeoutMs, retries: 0, transport: 'udp4', backoff: 1,
    };
    const c = t.credentials;
    let s: snmp.Session;
    if (c.version === 'v2c') {
      s = snmp.createSession(t.host, c.community, { ...options, version: snmp.Version2c });
    } else {
      const user: snmp.V3User = {
        name: c.user,
        level: c.level === 'authPriv' ? snmp.SecurityLevel.authPriv : snmp.SecurityLevel.authNoPriv,
        authProtocol: AUTH_PROTOCOLS[c.authProtocol] ?? snmp.AuthProtocols.sha,
        authKey: c.authKey,
      };
      if (c.level === 'authPriv') { user.privProtocol = PRIV_PROTOCOLS[c.privProtocol] ?? snmp.PrivProtocols.aes; user.privKey = c.privKey; }
      s = snmp.createV3Session(t.host, user, { ...options, version: snmp.Version3 });
    }
    // A response that does not parse is emitted as 'error' on the session (no listener = crash). Remember
    // it: the request then times out, and the poll reports `error` (malformed) rather than `timeout`.
    s.on('error', () => { this.malformed = true; });
    this.session = s;
    return s;
  }

  /** Drops the session (socket, v3 engine notion); the next request starts with a fresh discovery. */
  reset(): void {
    try { this.session?.close(); } catch { /* already closed */ }
    this.session = undefined;
  }

  close(): void { this.reset(); }

  private async bulk(oids: string[], nonRepeaters: number, maxRepetitions: number): Promise<{ vbs: Array<snmp.Varbind | snmp.Varbind[]>; sentAt: number; receivedAt: number }> {
    const now = (): number => performance.timeOrigin + performance.now();
    let last: unknown;
    for (let attempt = 0; attempt <= this.target.retries; attempt++) {
      const s = this.open();
      const sentAt = now();
      try {
        const vbs = await new Promise<Array<snmp.Varbind | snmp.Varbind[]>>((resolve, reject) => {
          try { s.getBulk(oids, nonRepeaters, maxRepetitions, (err, v) => (err ? reject(err) : resolve(v))); } catch (e) { reject(e); }
        });
        return { vbs, sentAt, receivedAt: now() };
      } catch (e) {
        if (!(e instanceof snmp.RequestTimedOutError)) throw e;
        last = e;
      }
    }
    throw last;
  }

  /** Walks; on a stale v3 engine notion it re-creates the session once and walks again. */
  async walk(req: WalkRequest): Promise<WalkResult> {
    try {
      return await this.walkOnce(req);
    } catch (e) {
      const err = classify(e, this.target.device, this.malformed);
      this.malformed = false;
      if (!err.resync) throw err;
      this.reset();
      this.rediscoveries++;
      try {
        return await this.walkOnce(req);
      } catch (e2) {
        const err2 = classify(e2, this.target.device, this.malformed);
        this.malformed = false;
        throw err2;
      }
    }
  }

  private async walkOnce(req: WalkRequest): Promise<WalkResult> {
    this.malformed = false;
    const scalars = new Map<string, snmp.Varbind>();
    const cells = new Map<string, Map<string, snmp.Varbind>>(req.columns.map((c) => [c, new Map()]));
    const cursor = new Map<string, string>(req.columns.map((c) => [c, c]));
    let readAt = 0;
    let firstRttMs = 0;
    let requests = 0;
    let varbinds = 0;
    // A walk that never ends (an agent looping on OIDs) is cut off: no table here has 100,000 rows.
    const maxRequests = 10_000;
    let scalarOids = req.scalars.filter((o) => o.endsWith('.0'));
    while (cursor.size > 0 || scalarOids.length > 0) {
      if (++requests > maxRequests) throw new PollError('error', `device ${this.target.device}: walk did not end after ${maxRequests} requests`);
      const active = [...cursor.keys()];
      const oids = [...scalarOids.map((o) => o.slice(0, -2)), ...active.map((c) => cursor.get(c) as string)];
      const nScalars = scalarOids.length;
      const { vbs: res, sentAt, receivedAt } = await this.bulk(oids, nScalars, req.maxRepetitions);
      if (requests === 1) { readAt = Math.round((sentAt + receivedAt) / 2); firstRttMs = receivedAt - sentAt; }
      scalarOids.forEach((o, i) => {
        const vb = res[i];
        if (vb && !Array.isArray(vb) && !snmp.isVarbindError(vb) && vb.oid === o) { scalars.set(o, vb); varbinds++; }
      });
      scalarOids = [];
      let progress = false;
      active.forEach((col, j) => {
        const got = res[nScalars + j];
        // An agent may answer with fewer bindings than asked (RFC 3416 §4.2.3: message size; net-snmp's own
        // agent caps the total at max-repetitions): a column with none in this response is asked again.
        if (got === undefined) return;
        const list = Array.isArray(got) ? got : [got];
        const prefix = `${col}.`;
        let done = list.length === 0;
        for (const vb of list) {
          const last = cursor.get(col) as string;
          if (snmp.isVarbindError(vb) || !vb.oid.startsWith(prefix) || compareOids(vb.oid, last) <= 0) { done = true; break; }
          cells.get(col)?.set(vb.oid.slice(prefix.length), vb);
          cursor.set(col, vb.oid);
          varbinds++;
        }
        if (done) cursor.delete(col);
        progress = true;
      });
      if (!progress && active.length && nScalars === 0) throw new PollError('error', `device ${this.target.device}: GETBULK answered no column of the walk`);
    }
    return { readAt: readAt || Date.now(), firstRttMs, scalars, cells, requests, varbinds };
  }
}
