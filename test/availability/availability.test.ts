// Availability on a hand-made topology with scripted outages: every figure and cause stated by hand.
import { describe, expect, it } from 'vitest';
import { computeAvailability, monthWindow } from '../../analytics/availability.js';
import { renderAvailabilityReport } from '../../api/availability-html.js';
import { expectScenarioFigures, FROM, maintenance, MIN, MONTH, observations, TO, topology } from './scenario.js';

describe('availability (pure)', () => {
  it('windows a month in Europe/Brussels time and rejects a bad month', () => {
    expect(monthWindow(MONTH)).toEqual({ from: FROM, to: TO });
    expect(monthWindow('2026-07')).toEqual({ from: Date.UTC(2026, 5, 30, 22), to: Date.UTC(2026, 6, 31, 22) });
    expect(() => monthWindow('2026-13')).toThrow('month must be YYYY-MM, got "2026-13"');
  });

  it('finds every outage of the scripted month, exact to the bucket, with its cause, maintenance and breaches', () => {
    expectScenarioFigures(computeAvailability({ ...topology, from: FROM, to: TO, maintenance, observations }));
  });

  it('counts a site up when nothing failed, and down with no-path when the cadastre has no way to the core', () => {
    const r = computeAvailability({
      ...topology,
      sites: [...topology.sites, { id: 'island', name: 'Island', kind: 'school' }],
      from: FROM, to: FROM + 12 * 5 * MIN, maintenance: [], observations: { deviceDown: {}, segmentDown: {}, noData: [] },
    });
    expect(r.sites.find((s) => s.id === 'div')!.availabilityPct).toBe(100);
    const island = r.sites.find((s) => s.id === 'island')!;
    expect(island.availabilityPct).toBe(0);
    expect(island.outages).toEqual([{ site: 'island', start: FROM, end: FROM + 60 * MIN, durationMs: 60 * MIN, cause: { kind: 'no-path', devices: [], segments: [] } }]);
  });
});

describe('the monthly report (pure)', () => {
  it('escapes every name and lists the outages, maintenance and breaches of the administration', () => {
    const sites = topology.sites.map((s) => (s.id === 'cpas' ? { ...s, name: 'CPAS <script>alert("x")</script> & co' } : s));
    const r = computeAvailability({ ...topology, sites, from: FROM, to: TO, maintenance, observations });
    const administration = r.administrations.find((a) => a.id === 'cpas-x')!;
    const page = renderAvailabilityReport({ month: MONTH, lang: 'en', from: FROM, to: TO, administration, sites: r.sites.filter((s) => s.administration === 'cpas-x'), generatedAt: TO });
    expect(page).not.toContain('<script>');
    expect(page).toContain('CPAS &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(page.match(/<tr class="outage"/g)).toHaveLength(2);
    expect(page.match(/<tr class="maintenance"/g)).toHaveLength(1);
    expect(page).toContain('An upstream failure cut the site off from the core: segment(s) S-up down.');
    expect(page).toContain('data-figure="availabilityPct"><span data-value="' + String(administration.availabilityPct) + '">99.838 %</span>');
    expect(page).toContain('1 h 10 min');
  });
});
