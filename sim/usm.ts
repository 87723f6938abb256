// The USM error reports a real agent sends (RFC 3414 §3.2) that net-snmp's agent does not: a message that fails
// authentication or decryption gets an unauthenticated Report carrying usmStatsWrongDigests (or
// usmStatsDecryptionErrors), matched to the request by msgID. net-snmp's agent only drops such messages, which a
// manager cannot tell from a dead device.
import snmp from 'net-snmp';

export interface V3Header {
  msgID: number;
  flags: number;
  engineID: Buffer;
  engineBoots: number;
  engineTime: number;
  userName: string;
  /** A view into the message (isAuthentic zeroes and restores it in place). */
  authParams: Buffer;
}

interface Tlv { tag: number; start: number; len: number; end: number }

function tlv(buf: Buffer, pos: number): Tlv {
  const tag = buf[pos];
  let p = pos + 1;
  let len = buf[p++];
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4) throw new RangeError('BER length too long');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++];
  }
  if (p + len > buf.length) throw new RangeError('BER value runs past the message');
  return { tag, start: p, len, end: p + len };
}

function int(buf: Buffer, t: Tlv): number {
  let v = 0;
  for (let i = t.start; i < t.end; i++) v = v * 256 + buf[i];
  return v;
}

/** Reads the plaintext header of an SNMPv3 message; undefined when it is not one. */
export function readV3Header(buf: Buffer): V3Header | undefined {
  try {
    const msg = tlv(buf, 0);
    if (msg.tag !== 0x30) return undefined;
    const version = tlv(buf, msg.start);
    if (int(buf, version) !== 3) return undefined;
    const global = tlv(buf, version.end);
    const msgID = tlv(buf, global.start);
    const maxSize = tlv(buf, msgID.end);
    const flags = tlv(buf, maxSize.end);
    const model = tlv(buf, flags.end);
    void model;
    const secOctets = tlv(buf, global.end);
    const sec = tlv(buf, secOctets.start);
    const engineID = tlv(buf, sec.start);
    const boots = tlv(buf, engineID.end);
    const time = tlv(buf, boots.end);
    const user = tlv(buf, time.end);
    const auth = tlv(buf, user.end);
    return {
      msgID: int(buf, msgID),
      flags: buf[flags.start],
      engineID: Buffer.from(buf.subarray(engineID.start, engineID.end)),
      engineBoots: int(buf, boots),
      engineTime: int(buf, time),
      userName: buf.subarray(user.start, user.end).toString('utf8'),
      authParams: buf.subarray(auth.start, auth.end),
    };
  } catch {
    return undefined;
  }
}

function encLen(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const enc = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), encLen(body.length), body]);
function encInt(tag: number, v: number): Buffer {
  const bytes: number[] = [];
  let x = v >>> 0;
  do { bytes.unshift(x & 0xff); x = Math.floor(x / 256); } while (x > 0);
  if (bytes[0] & 0x80) bytes.unshift(0);
  return enc(tag, Buffer.from(bytes));
}
function encOid(oid: string): Buffer {
  const parts = oid.split('.').map(Number);
  const out = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [];
    let v = p;
    chunk.unshift(v & 0x7f);
    while ((v = Math.floor(v / 128)) > 0) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return enc(0x06, Buffer.from(out));
}

export const USM_WRONG_DIGESTS = '1.3.6.1.6.3.15.1.1.5.0';
export const USM_DECRYPTION_ERRORS = '1.3.6.1.6.3.15.1.1.6.0';

export const USM_NOT_IN_TIME_WINDOWS = '1.3.6.1.6.3.15.1.1.2.0';

/**
 * A Report PDU answering the message with msgID, carrying one usmStats counter. Unauthenticated, except when
 * `auth` is given: the notInTimeWindow report is sent authNoPriv so that the manager may trust its boots/time.
 */
export function usmReport(
  header: V3Header, engine: { engineID: Buffer; engineBoots: number; engineTime: number }, statOid: string, count: number,
  auth?: { user: string; authProtocol: string; authKey: string; digestLength: number },
): Buffer {
  const global = enc(0x30, Buffer.concat([encInt(0x02, header.msgID), encInt(0x02, 65507), enc(0x04, Buffer.from([auth ? 1 : 0])), encInt(0x02, 3)]));
  // A unique placeholder for the digest, found again in the encoded message and overwritten with the HMAC.
  const placeholder = auth ? Buffer.alloc(auth.digestLength, 0xa5) : Buffer.alloc(0);
  const sec = enc(0x30, Buffer.concat([
    enc(0x04, engine.engineID), encInt(0x02, engine.engineBoots), encInt(0x02, engine.engineTime),
    enc(0x04, Buffer.from(auth?.user ?? '', 'utf8')), enc(0x04, placeholder), enc(0x04, Buffer.alloc(0)),
  ]));
  const varbind = enc(0x30, Buffer.concat([encOid(statOid), encInt(0x41, count)]));
  // The request id sits in the encrypted PDU we could not read: 0, as net-snmp's snmpd sends; managers match on msgID.
  const pdu = enc(0xa8, Buffer.concat([encInt(0x02, 0), encInt(0x02, 0), encInt(0x02, 0), enc(0x30, varbind)]));
  const scoped = enc(0x30, Buffer.concat([enc(0x04, engine.engineID), enc(0x04, Buffer.alloc(0)), pdu]));
  const msg = enc(0x30, Buffer.concat([encInt(0x02, 3), global, enc(0x04, sec), scoped]));
  if (auth) {
    const at = msg.indexOf(placeholder);
    const digest = msg.subarray(at, at + placeholder.length);
    digest.fill(0);
    snmp.Authentication.writeParameters(msg, auth.authProtocol, auth.authKey, engine.engineID, digest);
  }
  return msg;
}

/** Whether the message's digest is right for the user's key (so a failure was in decryption, not authentication). */
export function digestIsRight(msg: Buffer, header: V3Header, authProtocol: string, authKey: string): boolean {
  try {
    return snmp.Authentication.isAuthentic(msg, authProtocol, authKey, header.engineID, header.authParams);
  } catch {
    return false;
  }
}
