// The one formatter of bit rates, percentages and days (common/units.ts), shared by the API's sentences and the map.
import { describe, it, expect } from 'vitest';
import { formatBps, formatDay, formatNumber, formatPercent, isoDay } from '../../common/units.js';

describe('formatBps', () => {
  it('one spelling of the units, three significant digits, the number in the reader\'s locale', () => {
    expect(formatBps(6.68e9, 'fr')).toBe('6,68 Gbit/s');
    expect(formatBps(6.68e9, 'nl')).toBe('6,68 Gbit/s');
    expect(formatBps(6.68e9, 'en')).toBe('6.68 Gbit/s');
    expect(formatBps(6_684_321_000)).toBe('6.68 Gbit/s');
    expect([formatBps(1e10), formatBps(1e8), formatBps(2.5e9), formatBps(999), formatBps(0)]).toEqual(['10 Gbit/s', '100 Mbit/s', '2.5 Gbit/s', '999 bit/s', '0 bit/s']);
    expect([formatBps(1500), formatBps(640e6), formatBps(1.25e12), formatBps(-2e6)]).toEqual(['1.5 kbit/s', '640 Mbit/s', '1.25 Tbit/s', '-2 Mbit/s']);
    expect(formatBps(123_456e6, 'fr')).toBe('123 Gbit/s');
  });

  it('more digits on request (a quote shows the rate asked for)', () => {
    expect(formatBps(5.125e9, 'en', 6)).toBe('5.125 Gbit/s');
    expect(formatBps(450e6, 'nl', 6)).toBe('450 Mbit/s');
  });
});

describe('percentages, numbers and days', () => {
  it('percent with a space before the sign, decimals in the locale', () => {
    expect(formatPercent(86)).toBe('86 %');
    expect(formatPercent(70.000_000_1)).toBe('70 %');
    expect(formatPercent(12.46, 'fr', 1)).toBe('12,5 %');
    expect(formatPercent(12.46, 'en', 1)).toBe('12.5 %');
    expect(formatNumber(1234, 'en', 0)).toBe('1,234');
  });

  it('ISO day and the day for readers, in UTC', () => {
    const t = Date.UTC(2027, 8, 12, 23, 30);
    expect(isoDay(t)).toBe('2027-09-12');
    expect(formatDay(t)).toBe('12 Sep 2027');
    expect(formatDay(t, 'fr')).toBe('12 sept. 2027');
    expect(formatDay(t, 'nl')).toBe('12 sep 2027');
  });
});
