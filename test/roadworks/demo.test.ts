// The committed synthetic worksites of the demo (config/demo/worksites.geojson, made by sim/worksites.ts): valid in
// the Osiris format, labelled synthetic, reproducible, and giving opportunities of both kinds.
import { describe, it, expect } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import { readRoads } from '../../config/demo-data.js';
import { createTrafficModel } from '../../sim/model.js';
import { toWorksites } from '../../analytics/roadworks.js';
import { readWorksiteFile } from '../../config/worksites.js';
import { demoWorksites, simulatedForecasts } from '../../sim/worksites.js';
import { opportunitiesOf } from '../../api/routes/opportunities.js';

describe('demo worksites', () => {
  it('are synthetic, reproducible and yield capacity and reach opportunities; the "elsewhere" ones none', () => {
    const stored = readWorksiteFile('config/demo/worksites.geojson');
    expect(stored.synthetic).toBe(true);
    expect(stored.features.length).toBeGreaterThan(10);
    for (const f of stored.features) {
      expect(f.properties.synthetic).toBe(true);
      expect(f.properties.id_ws).toMatch(/^SYN-\d{4}$/);
      expect(f.properties.label_fr).toContain('synthétique');
    }
    const day = /for (\d{4}-\d{2}-\d{2})$/.exec(stored.sources[0].source)![1];
    const today = Date.parse(`${day}T00:00:00Z`);
    const cadastre = loadCadastre('config/demo');
    const hot = createTrafficModel(cadastre).figures.hotSegments;
    const forecasts = simulatedForecasts(cadastre, hot, today);
    const again = demoWorksites({ cadastre, roads: readRoads('data/brussels'), today, forecasts, hotSegments: hot });
    expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(stored)));

    const asApi = [...forecasts].map(([id, f]) => ({ id, days: 30, slopeBpsPerDay: null, levelBps: null, thresholdBps: 0, aboveNow: f.aboveNow, crossesAt: f.crossesAt }));
    const r = opportunitiesOf(cadastre, asApi, toWorksites(stored), today, 365);
    const kinds = new Set(r.opportunities.map((o) => o.kind));
    expect(kinds).toEqual(new Set(['capacity', 'reach']));
    const reasons = new Map(stored.features.map((f) => [f.properties.id_ws, String(f.properties.demo_reason)]));
    expect(r.opportunities.some((o) => reasons.get(o.worksite.id) === 'elsewhere')).toBe(false);
    for (const o of r.opportunities) expect(o.sentence).toContain('[synthetic]');
  });
});
