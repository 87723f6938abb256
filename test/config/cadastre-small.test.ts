import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadCadastre } from '../../config/load.js';

const dir = fileURLToPath(new URL('../fixtures/cadastre-small', import.meta.url));

describe('test/fixtures/cadastre-small', () => {
  it('loads and holds what the other tests rely on', () => {
    const c = loadCadastre(dir);
    expect(c.owners.map((o) => o.id)).toEqual(['irisnet', 'sibelga']);
    expect(c.sites).toHaveLength(6);
    expect(c.segments.map((s) => s.id)).toEqual(['S-1', 'S-2', 'S-3', 'S-4', 'S-5', 'S-6']);
    expect(c.segments.find((s) => s.id === 'S-6')?.litCapacityBps).toBe(100_000_000);
    expect(c.devices.filter((d) => d.role === 'switch')).toHaveLength(6);
    expect(c.devices.filter((d) => d.snmp.version === 'v3').map((d) => d.id)).toEqual(['sw-ixl']);
    expect(c.devices.filter((d) => d.role === 'wifi-controller').map((d) => d.profile)).toEqual(['cisco-airespace', 'aruba-wlsx']);
    expect(c.hotspots).toHaveLength(6);
    expect(c.targets).toHaveLength(5);
    expect(c.policy.coreSites).toEqual(['bxl-hall', 'ixl-hall']);
    expect(c.devices.every((d) => d.target === '127.0.0.1:0')).toBe(true);
  });
});
