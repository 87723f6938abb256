// The fast line builders in store/schema.ts write exactly what the Point-based ones write.
import { describe, expect, it } from 'vitest';
import {
  hotspotBucketLine, hotspotBucketLineFast, hotspotLine, hotspotLineFast, interfaceBucketLine, interfaceBucketLineFast,
  interfaceLine, interfaceLineFast, pollLine, pollLineFast,
} from '../../store/schema.js';

const names = ['sw-bxl', 'Gi0/1', 'a b', 'a,b', 'a=b', 'tab\there', 'new\nline', 'back\\slash', 'quote"d', 'Hôtel – hall', 'x', 'ends\\', '\\A EDICION-1\\'];
const numbers = [0, 1, 0.1, 123456789.125, 1e21, 3.4e-7, 99999999999.5, 1 / 3, 42];

describe('fast line builders', () => {
  it('equal the Point-based builders for odd tag values, floats and optional fields', () => {
    let checked = 0;
    names.forEach((name, i) => {
      const n = numbers[i % numbers.length];
      const m = numbers[(i + 3) % numbers.length];
      const time = 1_795_000_000_000 + i * 60_000 + (i % 2 ? 0.7 : 0);
      for (const segment of [undefined, '', name]) {
        for (const [inBps, outBps] of [[n, m], [undefined, undefined], [n, undefined], [undefined, m]] as const) {
          const s = { time, device: name, ifIndex: i + 1, ifName: names[(i + 1) % names.length], segment, inBps, outBps, operUp: i % 2 === 0, speedBps: 1e9 + i };
          expect(interfaceLineFast(s)).toBe(interfaceLine(s));
          // Every optional tag and field, and none of the optional ones (a column the device lacks is absent).
          const full = { ...s, ifDescr: name, ifAlias: names[(i + 2) % names.length], adminUp: i % 3 === 0, inErrorsPs: n, outErrorsPs: m, inDiscardsPs: m, outDiscardsPs: n };
          expect(interfaceLineFast(full)).toBe(interfaceLine(full));
          const bare = { time, device: name, ifIndex: i + 1, inBps, outBps, speedBps: 1e9 };
          expect(interfaceLineFast(bare)).toBe(interfaceLine(bare));
          checked++;
        }
      }
      const h = { time, hotspot: name, controller: names[(i + 2) % names.length], clients: i * 3, up: i % 3 !== 0 };
      expect(hotspotLineFast(h)).toBe(hotspotLine(h));
      const total = { time, hotspot: name, controller: 'wlc', clients: i, scope: 'ssid' as const };
      expect(hotspotLineFast(total)).toBe(hotspotLine(total));
      const p = { time, device: name, status: 'ok' as const, durationMs: n, values: i * 7 };
      expect(pollLineFast(p)).toBe(pollLine(p));
      const ib = { time, segment: name, device: 'd', ifName: 'Gi0/1', inBps: n, outBps: m, samples: 5 };
      expect(interfaceBucketLineFast(ib)).toBe(interfaceBucketLine(ib));
      const ibx = { ...ib, ifIndex: i + 1, ifAlias: name };
      expect(interfaceBucketLineFast(ibx)).toBe(interfaceBucketLine(ibx));
      const hb = { time, hotspot: name, controller: 'wlc', clients: m, samples: 4 };
      expect(hotspotBucketLineFast(hb)).toBe(hotspotBucketLine(hb));
      checked += 4;
    });
    expect(checked).toBe(names.length * 16);
  });

  it('refuse non-finite floats like Point does', () => {
    const s = { time: 0, device: 'd', ifIndex: 1, ifName: 'i', inBps: Number.NaN, operUp: true, speedBps: 1 };
    expect(() => interfaceLine(s)).toThrow();
    expect(() => interfaceLineFast(s)).toThrow();
  });
});
