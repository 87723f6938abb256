// Which interface a segment's measuredBy names: by ifName, ifAlias or ifIndex. One resolution for
// config:check (against the cadastre's inventory of a device, when it has one) and for the collector (against
// what the device answers), so both call the same interface missing or ambiguous.
import type { MeasuredBy } from './schema.js';

export type InterfaceKey = 'ifName' | 'ifAlias' | 'ifIndex';

/** What a device says about one interface; ifIndex is its identity. */
export interface KnownInterface {
  ifIndex: number;
  ifName?: string;
  ifDescr?: string;
  ifAlias?: string;
}

/** The key measuredBy uses and its value (ifIndex as a string, as in a tag). */
export function interfaceRef(m: MeasuredBy): { key: InterfaceKey; value: string } {
  if (m.ifName !== undefined) return { key: 'ifName', value: m.ifName };
  if (m.ifAlias !== undefined) return { key: 'ifAlias', value: m.ifAlias };
  return { key: 'ifIndex', value: String(m.ifIndex) };
}

/** `ifName "Gi1/0/1"`, `ifIndex 12`: for messages. */
export function describeRef(m: MeasuredBy): string {
  const r = interfaceRef(m);
  return r.key === 'ifIndex' ? `ifIndex ${r.value}` : `${r.key} "${r.value}"`;
}

const label = (i: KnownInterface): string =>
  `ifIndex ${i.ifIndex}${i.ifName !== undefined ? ` (${i.ifName}${i.ifAlias ? `, alias "${i.ifAlias}"` : ''})` : ''}`;

export type Resolution =
  | { ok: true; iface: KnownInterface }
  | { ok: false; reason: 'missing' | 'ambiguous'; message: string; candidates: KnownInterface[] };

/** The one interface measuredBy names among `ifaces`, or why there is none (the message lists the candidates). */
export function resolveInterface(m: MeasuredBy, ifaces: readonly KnownInterface[]): Resolution {
  const r = interfaceRef(m);
  const hits = ifaces.filter((i) => (r.key === 'ifIndex' ? String(i.ifIndex) === r.value : i[r.key] === r.value));
  if (hits.length === 1) return { ok: true, iface: hits[0] };
  if (hits.length === 0) {
    return { ok: false, reason: 'missing', candidates: [], message: `device "${m.device}" has no interface with ${describeRef(m)} (${ifaces.length} interfaces known)` };
  }
  return {
    ok: false, reason: 'ambiguous', candidates: hits,
    message: `${describeRef(m)} is ambiguous on device "${m.device}": ${hits.map(label).join(', ')}; name it by ifIndex or ifAlias`,
  };
}
