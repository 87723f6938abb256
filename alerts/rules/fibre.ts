// What the fibre rules share: an end's name and dBm figures with their unit.
import type { FibreEnd } from '../../analytics/optics.js';

export const dbm = (v: number | null): string => (v === null ? '—' : `${v.toFixed(2)} dBm`);
export const endName = (e: Pick<FibreEnd, 'end' | 'device' | 'ifName' | 'ifIndex'>): string =>
  `end ${e.end} (${e.device} ${e.ifName ?? `ifIndex ${e.ifIndex}`})`;
