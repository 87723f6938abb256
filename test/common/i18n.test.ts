// Every sentence kind of the one catalogue (common/i18n.ts), rendered in French and Dutch, holds no English
// word; English keeps its exact forms; `lang` and Accept-Language pick the language.
import { describe, expect, it } from 'vitest';
import {
  alertDescription, DOC_LABELS, LABELS, langFromAcceptLanguage, PRICING_RULES_TEXT, STATEMENT_RULES_TEXT, parseLang, render, SENTENCE_KEYS, sentence, type Lang, type Sentence, type SentenceKey,
} from '../../common/i18n.js';
import { englishWordsIn } from '../support/english.js';
import { PRICING_RULES } from '../../analytics/pricing.js';

const works = { id: 'W-2291', road: 'Chaussée de Wavre', firstDay: Date.UTC(2027, 2, 1), lastDay: Date.UTC(2027, 2, 31), synthetic: true };
/** Every sentence kind with values that reach all its branches (several samples where a kind has variants). */
const SAMPLES: Record<SentenceKey, Sentence[]> = {
  'relocation.move': [
    sentence('relocation.move', { hotspot: 'WiFi Flagey', clients: 1.46, windowDays: 30, target: 'Place Flagey', targetKind: 'social-housing', coveredBySpot: false, radiusMetres: 100, site: 'Ixelles', siteMetres: 4210.4, gain: 12.345, weight: 80, costPerMetre: 0.01, usageWeight: 2.5 }),
    sentence('relocation.move', { hotspot: 'WiFi Flagey', clients: null, windowDays: 1, target: 'Place Flagey', targetKind: 'library', coveredBySpot: true, radiusMetres: 100, site: 'Ixelles', siteMetres: 12_400, gain: -1, weight: 10, costPerMetre: 0.001, usageWeight: 1 }),
  ],
  'resilience.outsideCore': [sentence('resilience.outsideCore', { segment: 'IRIS-095' })],
  'resilience.splitsCore': [sentence('resilience.splitsCore', { segment: 'IRIS-095' })],
  'resilience.cutOff': [sentence('resilience.cutOff', { segment: 'IRIS-095', sites: [{ name: 'Maison communale de Jette' }, { count: 3, kind: 'school' }, { count: 2, kind: 'library' }] })],
  'resilience.loop': [sentence('resilience.loop', { segment: 'IRIS-095' })],
  'resilience.detour': [
    sentence('resilience.detour', { segment: 'IRIS-095', movedBps: 6.68e9, measured: true, detourMetres: 5110, path: ['IRIS-1', 'IRIS-2'], maxLoadPct: 70 }),
    sentence('resilience.detour', { segment: 'IRIS-095', movedBps: 0, measured: false, detourMetres: 640, path: ['IRIS-1'], maxLoadPct: 70 }),
  ],
  'resilience.detourOverloaded': [sentence('resilience.detourOverloaded', {
    segment: 'IRIS-095', movedBps: 6.68e9, measured: true, detourMetres: 5110, path: ['IRIS-1', 'IRIS-2', 'IRIS-3', 'IRIS-4', 'IRIS-5'], maxLoadPct: 70,
    worst: [{ segment: 'IRIS-2', loadBps: 9e9, loadPct: 90, litCapacityBps: 1e10 }, { segment: 'IRIS-3', loadBps: 8e9, loadPct: 80, litCapacityBps: 1e10 }], more: 2,
  })],
  'roadworks.capacityAbove': [sentence('roadworks.capacityAbove', { works, coveredMetres: 1690.4, segment: 'S-88', maxLoadPct: 70 })],
  'roadworks.capacityCrossing': [
    sentence('roadworks.capacityCrossing', { works, coveredMetres: 690, segment: 'S-88', maxLoadPct: 70, crossesAt: Date.UTC(2027, 8, 12), marginWeeks: 23 }),
    sentence('roadworks.capacityCrossing', { works: { ...works, firstDay: null, synthetic: false }, coveredMetres: 690, segment: 'S-88', maxLoadPct: 70, crossesAt: Date.UTC(2027, 8, 12), marginWeeks: 1 }),
  ],
  'roadworks.reach': [
    sentence('roadworks.reach', { works: { ...works, firstDay: null, lastDay: null, road: null }, coveredMetres: 250, backhaulMetres: 800, target: 'Cité Modèle', targetKind: 'social-housing', radiusMetres: 100, site: 'Laeken' }),
  ],
  'quote.unknownSite': [sentence('quote.unknownSite', { field: 'to', site: 'X' })],
  'quote.siteNotConnected': [sentence('quote.siteNotConnected', { site: 'ixl', name: 'Ixelles' })],
  'quote.noNetwork': [sentence('quote.noNetwork', {})],
  'quote.sameSite': [sentence('quote.sameSite', { site: 'ixl', name: 'Ixelles' })],
  'quote.notConnected': [sentence('quote.notConnected', { from: 'ixl', to: 'evr' })],
  'quote.insufficient': [
    sentence('quote.insufficient', { from: 'ixl', to: 'evr', service: { bandwidthBps: 5e9 }, cut: ['IRIS-1', 'IRIS-2'], upgrade: ['IRIS-1'] }),
    sentence('quote.insufficient', { from: 'ixl', to: 'evr', service: { pairs: 1 }, cut: ['IRIS-1'], upgrade: null }),
  ],
  'quote.noDiverse': [
    sentence('quote.noDiverse', { from: 'ixl', to: 'evr', service: { pairs: 2 }, spof: ['IRIS-1'], upgrade: ['IRIS-7'] }),
    sentence('quote.noDiverse', { from: 'ixl', to: 'evr', service: { bandwidthBps: 1e9 }, spof: ['IRIS-1'], upgrade: null }),
  ],
  'quote.outsideRegion': [sentence('quote.outsideRegion', { field: 'from', lon: 50.85, lat: 4.35, swapped: true, west: 4.2, south: 50.7, east: 4.5, north: 50.95 })],
  'quote.tooFar': [sentence('quote.tooFar', { field: 'to', metres: 12_345, site: 'ixl', maxMetres: 2000 })],
  'quote.bandwidthCap': [sentence('quote.bandwidthCap', { field: 'service.bandwidthBps', maxBps: 1e11 })],
  'error.lang': [sentence('error.lang', { value: 'de' })],
  'error.isoFormat': [sentence('error.isoFormat', {})],
  'error.notCalendarDate': [sentence('error.notCalendarDate', { day: '2026-02-30' })],
  'error.notTimeOfDay': [sentence('error.notTimeOfDay', { time: '24:00:00' })],
  'error.outsideStore': [sentence('error.outsideStore', { from: '1680-01-01', to: '2260-01-01' })],
  'error.fromBeforeTo': [sentence('error.fromBeforeTo', {})],
  'error.windowTooLong': [sentence('error.windowTooLong', { days: 400 })],
  'error.notJson': [sentence('error.notJson', {})],
  'error.bandwidthCap': [sentence('error.bandwidthCap', {})],
  'error.wholeBps': [sentence('error.wholeBps', {})],
  'error.tokenRequired': [sentence('error.tokenRequired', {})],
  'error.tokenUnknown': [sentence('error.tokenUnknown', {})],
  'error.rateLimited': [sentence('error.rateLimited', { token: 'demo-viewer', seconds: 12 })],
  'error.forbidden': [sentence('error.forbidden', { role: 'viewer', method: 'POST', path: '/api/quotes', allowed: ['operator', 'commercial'] })],
  'error.noRoute': [sentence('error.noRoute', { method: 'GET', path: '/api/nope' })],
  'error.bodyTooLarge': [sentence('error.bodyTooLarge', { bytes: 65_536 })],
  'error.notFound': (['segment', 'hotspot', 'quote', 'circuit', 'site', 'administration', 'maintenance'] as const).map((kind) => sentence('error.notFound', { kind, id: 'X-1' })),
  'error.noProbe': [sentence('error.noProbe', { configDir: '/etc/irisnet' })],
  'error.field': [sentence('error.field', { field: 'startAt', says: sentence('error.withinYear', {}) })],
  'error.stepTooFine': [sentence('error.stepTooFine', { stepMinutes: 5, maxPoints: 20_000 })],
  'error.monthNotBegun': [sentence('error.monthNotBegun', { month: '2027-01' })],
  'error.unknownRef': (['site', 'device', 'segment'] as const).map((kind) => sentence('error.unknownRef', { kind, id: 'X-1' })),
  'error.cadastreWindow': [sentence('error.cadastreWindow', { id: 'M1' })],
  'error.notAfterTo': [sentence('error.notAfterTo', {})],
  'error.withinYear': [sentence('error.withinYear', {})],
  'error.litOnly': [sentence('error.litOnly', {})],
  'error.burstBelow': [sentence('error.burstBelow', { bps: 100_000_000 })],
  'error.notLit': [sentence('error.notLit', { circuit: 'C-0001' })],
  'error.noGeojson': [sentence('error.noGeojson', {})],
  'error.noPriceBook': (['quotes', 'circuits', 'opportunities'] as const).map((feature) => sentence('error.noPriceBook', { feature })),
  'alert.deviceDown': [
    sentence('alert.deviceDown', { device: 'sw-ixl-1', heldMs: 300_000, failed: 4, lastStatus: 'timeout', intervals: 3, intervalMs: 60_000 }),
    sentence('alert.deviceDown', { device: 'sw-ixl-1', heldMs: 9_000_000, failed: 0, lastStatus: null, intervals: 3, intervalMs: 300_000 }),
  ],
  'alert.deviceUp': [sentence('alert.deviceUp', { device: 'sw-ixl-1', heldMs: 90_000, intervals: 3, intervalMs: 60_000 })],
  'alert.deviceAuth': [sentence('alert.deviceAuth', { device: 'sw-ixl-1', heldMs: 600_000 })],
  'alert.deviceAuthOk': [sentence('alert.deviceAuthOk', { device: 'sw-ixl-1', lastStatus: 'ok' })],
  'alert.hotspotDown': [
    sentence('alert.hotspotDown', { hotspot: 'H-12', name: 'Parc Josaphat', commune: 'Schaerbeek', noData: true, heldMs: 1_200_000, intervals: 3, intervalMs: 300_000 }),
    sentence('alert.hotspotDown', { hotspot: 'H-12', name: 'Parc Josaphat', commune: 'Schaerbeek', noData: false, heldMs: 200_000_000, intervals: 3, intervalMs: 300_000 }),
  ],
  'alert.hotspotUp': [sentence('alert.hotspotUp', { hotspot: 'H-12', name: 'Parc Josaphat', commune: 'Schaerbeek', clients: 12, heldMs: 900_000, intervals: 3, intervalMs: 300_000 })],
  'alert.hotspotUnderused': [
    sentence('alert.hotspotUnderused', { hotspot: 'H-12', name: 'Parc Josaphat', commune: 'Schaerbeek', meanNow: 0.42, meanPrev: 1.3, windowDays: 30, threshold: 2 }),
    sentence('alert.hotspotUnderused', { hotspot: 'H-12', name: 'Parc Josaphat', commune: 'Schaerbeek', meanNow: 0.42, meanPrev: null, windowDays: 30, threshold: 2 }),
  ],
  'alert.segmentHot': [
    sentence('alert.segmentHot', { segment: 'IRIS-058', owner: 'IRISnet', direction: 'ab', share: 0.912, capacityBps: 1e10, heldMs: 900_000, threshold: 0.85, hot: true }),
    sentence('alert.segmentHot', { segment: 'IRIS-058', owner: 'IRISnet', direction: 'ba', share: 0.5, capacityBps: 1e10, heldMs: 900_000, threshold: 0.85, hot: false }),
  ],
  'alert.forecastAbove': [sentence('alert.forecastAbove', { segment: 'IRIS-058', owner: 'IRISnet', levelShare: 0.74, capacityBps: 1e10, maxLoad: 0.7 })],
  'alert.forecastCrossing': [sentence('alert.forecastCrossing', { segment: 'IRIS-058', owner: 'IRISnet', maxLoad: 0.7, capacityBps: 1e10, crossesAt: Date.UTC(2027, 8, 12), horizonDays: 90 })],
  'alert.forecastClear': [sentence('alert.forecastClear', { segment: 'IRIS-058', owner: 'IRISnet', levelShare: 0.4, capacityBps: 1e10, maxLoad: 0.7, horizonDays: 90 })],
  'alert.fibreDark': [
    sentence('alert.fibreDark', { segment: 'S-1', owner: 'IRISnet', end: { end: 'a', device: 'sw-bxl', ifName: 'Gi0/1', ifIndex: 2 }, rxDbm: -40, lowAlarmDbm: -14.1 }),
    sentence('alert.fibreDark', { segment: 'S-1', owner: 'IRISnet', end: { end: 'b', device: 'sw-bxl', ifName: null, ifIndex: 2 }, rxDbm: -40, lowAlarmDbm: -14.1 }),
  ],
  'alert.fibreLit': [
    sentence('alert.fibreLit', { segment: 'S-1', owner: 'IRISnet', ends: 1 }),
    sentence('alert.fibreLit', { segment: 'S-1', owner: 'IRISnet', ends: 2 }),
  ],
  'alert.fibreDegrading': [sentence('alert.fibreDegrading', {
    segment: 'S-1', owner: 'IRISnet', end: { end: 'a', device: 'sw-bxl', ifName: 'Gi0/1', ifIndex: 2 }, rxDbm: -11.25, lowAlarmDbm: -14.1, crossesAt: Date.UTC(2027, 8, 12), horizonDays: 30,
  })],
  'alert.fibreSteady': [sentence('alert.fibreSteady', { segment: 'S-1', owner: 'IRISnet', horizonDays: 30 })],
  'alert.fibreErrors': [
    sentence('alert.fibreErrors', { segment: 'S-1', owner: 'IRISnet', errorsPs: 3.24, thresholdPs: 1, above: true }),
    sentence('alert.fibreErrors', { segment: 'S-1', owner: 'IRISnet', errorsPs: 0.25, thresholdPs: 1, above: false }),
  ],
  'alert.collectorBacklog': [
    sentence('alert.collectorBacklog', { collector: 'col-1', spoolBytes: 1.5e9, batches: 12, thresholdBytes: 1e9, dropped: 0, thresholdDropped: 1 }),
    sentence('alert.collectorBacklog', { collector: 'col-1', spoolBytes: 512, batches: null, thresholdBytes: 1e9, dropped: 3, thresholdDropped: 1 }),
  ],
  'doc.quoteIntro': [sentence('doc.quoteIntro', { customer: 'Opérateur Télé' }), sentence('doc.quoteIntro', { customer: null })],
  'doc.quoteService': [
    sentence('doc.quoteService', { service: { bandwidthBps: 10e6 } }),
    sentence('doc.quoteService', { service: { pairs: 1 } }),
    sentence('doc.quoteService', { service: { pairs: 2 } }),
  ],
  'doc.termMonths': [sentence('doc.termMonths', { months: 36 }), sentence('doc.termMonths', { months: 1 })],
  'doc.accessBuild': [sentence('doc.accessBuild', { metres: 1234.4, lon: 4.3812, lat: 50.8403 })],
  'doc.accessBuildLine': [sentence('doc.accessBuildLine', { end: 'B', metres: 1234 })],
  'doc.bandwidthLine': [sentence('doc.bandwidthLine', { months: 36 })],
  'doc.distanceLine': [sentence('doc.distanceLine', { months: 36 })],
  'doc.discountLine': [sentence('doc.discountLine', { basisPoints: 1500 })],
  'doc.operatorShare': [sentence('doc.operatorShare', { millionths: 125_000 })],
  'alert.deviceWhere': [
    sentence('alert.deviceWhere', { role: 'switch', site: 'Hôtel de Ville de Bruxelles', target: '127.0.0.1:161' }),
    sentence('alert.deviceWhere', { role: 'ap', site: 'Hôtel de Ville de Bruxelles', target: '127.0.0.1:161' }),
    sentence('alert.deviceWhere', { role: 'wifi-controller', site: 'Hôtel de Ville de Bruxelles', target: '127.0.0.1:161' }),
  ],
  'alert.hotspotWhere': [sentence('alert.hotspotWhere', { apName: 'AP-JOSAPHAT-2', controller: 'wlc-1' })],
  'alert.segmentHotDetail': [sentence('alert.segmentHotDetail', { bps: 9.12e9, bucketStart: Date.UTC(2027, 8, 12, 10, 5), abBps: 9.12e9, baBps: 1.2e9, buckets: 3 })],
  'alert.forecastTrend': [
    sentence('alert.forecastTrend', { slopeBpsPerDay: 2.5e6, days: 28 }),
    sentence('alert.forecastTrend', { slopeBpsPerDay: -1e6, days: 1 }),
  ],
  'alert.fibreReading': [
    sentence('alert.fibreReading', { latestAt: Date.UTC(2027, 8, 12, 10, 5) }),
    sentence('alert.fibreReading', { latestAt: null }),
  ],
  'alert.fibreDegradingDetail': [
    sentence('alert.fibreDegradingDetail', { end: { end: 'a', device: 'sw-bxl', ifName: 'Gi0/1', ifIndex: 2 }, rxDbm: -11.25, marginDb: 2.85, trendDbPerWeek: -0.4, windowDays: 30 }),
    sentence('alert.fibreDegradingDetail', { end: { end: 'b', device: 'sw-bxl', ifName: null, ifIndex: 2 }, rxDbm: -11.25, marginDb: null, trendDbPerWeek: null, windowDays: 30 }),
  ],
  'alert.fibreErrorsDetail': [
    sentence('alert.fibreErrorsDetail', { windowMinutes: 15, inPs: 3.24, outPs: 0 }),
    sentence('alert.fibreErrorsDetail', { windowMinutes: 15, inPs: null, outPs: 0.25 }),
  ],
  'alert.noLongerEvaluated': [sentence('alert.noLongerEvaluated', {})],
};

describe('the sentence catalogue', () => {
  it('has a sample of every sentence kind', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...SENTENCE_KEYS].sort());
  });

  for (const lang of ['fr', 'nl'] as const) {
    it(`renders every sentence kind in ${lang} without an English word`, () => {
      for (const s of Object.values(SAMPLES).flat()) {
        const text = render(s, lang);
        expect(text, s.key).not.toBe(render(s, 'en'));
        // An error names its parameter as the API spells it (`to: …`): the name is no English to translate.
        expect(englishWordsIn(text.replace(/^[\w.]+ ?: /, '')), `${s.key}: ${text}`).toEqual([]);
      }
    });
    it(`has every map label in ${lang} without an English word`, () => {
      for (const [key, text] of Object.entries(LABELS[lang])) expect(englishWordsIn(text), `${key}: ${text}`).toEqual([]);
    });
    it(`has every label and rule of the printable documents in ${lang} without an English word`, () => {
      for (const [key, text] of Object.entries(DOC_LABELS[lang])) expect(englishWordsIn(text), `${key}: ${text}`).toEqual([]);
      // One translation per rule of the quote and of the statement, in the same order.
      expect(PRICING_RULES_TEXT[lang]).toHaveLength(PRICING_RULES.length);
      expect(STATEMENT_RULES_TEXT[lang]).toHaveLength(5);
      for (const text of [...PRICING_RULES_TEXT[lang], ...STATEMENT_RULES_TEXT[lang]]) expect(englishWordsIn(text), text).toEqual([]);
    });
  }

  it('the English list catches English (a test that could not fail would prove nothing)', () => {
    for (const s of Object.values(SAMPLES).flat()) expect(englishWordsIn(render(s, 'en')).length, s.key).toBeGreaterThan(0);
    for (const rule of PRICING_RULES) expect(englishWordsIn(rule).length, rule).toBeGreaterThan(0);
  });

  it('writes numbers, units and dates in the locale', () => {
    const [detour] = SAMPLES['resilience.detour'];
    expect(render(detour, 'en')).toBe('Cutting IRIS-095 moves 6.68 Gbit/s onto a 5.11 km detour via IRIS-1, IRIS-2; no detour segment exceeds 70 % of its lit capacity.');
    expect(render(detour, 'fr')).toBe('Couper IRIS-095 reporte 6,68 Gbit/s sur un détour de 5,11 km par IRIS-1, IRIS-2 ; aucun tronçon du détour ne dépasse 70 % de sa capacité allumée.');
    expect(render(detour, 'nl')).toBe('Het doorsnijden van IRIS-095 verschuift 6,68 Gbit/s naar een omleiding van 5,11 km via IRIS-1, IRIS-2; geen enkel omleidingssegment overschrijdt 70 % van zijn belichte capaciteit.');
    const [crossing] = SAMPLES['roadworks.capacityCrossing'];
    expect(render(crossing, 'en')).toBe('Works W-2291 on Chaussée de Wavre (1 Mar 2027–31 Mar 2027) [synthetic] cover 690 m of segment S-88, which reaches 70 % of its capacity around 12 Sep 2027: lay a second cable before then (23 weeks of margin).');
    expect(render(crossing, 'fr')).toContain('vers le 12 sept. 2027');
    expect(render(crossing, 'nl')).toContain('rond 12 sep 2027');
    const [dark, darkNoName] = SAMPLES['alert.fibreDark'];
    expect(render(dark, 'en')).toBe('Segment S-1 (IRISnet) end a (sw-bxl Gi0/1) rx -40.00 dBm, below its low alarm -14.10 dBm');
    expect(render(dark, 'fr')).toBe('Tronçon S-1 (IRISnet) : extrémité a (sw-bxl Gi0/1), puissance reçue -40,00 dBm, sous son alarme basse de -14,10 dBm');
    expect(render(darkNoName, 'nl')).toBe('Segment S-1 (IRISnet): uiteinde b (sw-bxl ifIndex 2), ontvangen vermogen -40,00 dBm, onder zijn lage alarm van -14,10 dBm');
    const [degrading] = SAMPLES['alert.fibreDegrading'];
    expect(render(degrading, 'en')).toBe('Segment S-1 (IRISnet) end a (sw-bxl Gi0/1) rx -11.25 dBm forecast to reach its low alarm -14.10 dBm on 2027-09-12, within 30 days');
    expect(render(degrading, 'fr')).toContain('le 12 sept. 2027, dans les 30 jours');
    expect(render(degrading, 'nl')).toContain('op 12 sep 2027, binnen 30 dagen');
    const [errors] = SAMPLES['alert.fibreErrors'];
    expect(render(errors, 'en')).toBe('Segment S-1 (IRISnet) errored packets at 3.2 packets/s, above 1 packets/s');
    expect(render(errors, 'fr')).toBe('Tronçon S-1 (IRISnet) : paquets en erreur à 3,2 paquets/s, au-delà de 1 paquets/s');
    expect(render(errors, 'nl')).toBe('Segment S-1 (IRISnet): foutieve pakketten op 3,2 pakketten/s, boven 1 pakketten/s');
    expect(render(SAMPLES['roadworks.capacityAbove'][0], 'fr')).toMatch(/recouvre 1\u202f690 m du tronçon/); // fr-BE groups with a narrow no-break space
  });

  it('describes an alert in each language: its summary, then the detail', () => {
    const [down] = SAMPLES['alert.deviceDown'];
    const [where] = SAMPLES['alert.deviceWhere'];
    expect(alertDescription(down, where, 'en')).toBe('Device sw-ixl-1 has had no successful poll for 5 min (4 failed, last timeout), threshold 3 intervals of 60 s. switch at Hôtel de Ville de Bruxelles, 127.0.0.1:161.');
    expect(alertDescription(down, where, 'fr')).toBe('L’équipement sw-ixl-1 n’a répondu à aucune interrogation depuis 5 min (4 échecs, dernière : délai dépassé), seuil 3 intervalles de 60 s. Commutateur du site Hôtel de Ville de Bruxelles, adresse 127.0.0.1:161.');
    expect(alertDescription(down, where, 'nl')).toBe('Toestel sw-ixl-1 heeft al 5 min geen geslaagde bevraging (4 mislukt, laatste: time-out), drempel 3 intervallen van 60 s. Switch op site Hôtel de Ville de Bruxelles, adres 127.0.0.1:161.');
    const [under] = SAMPLES['alert.hotspotUnderused'];
    expect(alertDescription(under, undefined, 'nl')).toBe(`${render(under, 'nl')}.`);
    const [hot] = SAMPLES['alert.segmentHot'];
    const [detail] = SAMPLES['alert.segmentHotDetail'];
    expect(alertDescription(hot, detail, 'fr')).toBe(`${render(hot, 'fr')}. Moyenne sur 5 minutes de 9,12 Gbit/s dans l’intervalle commençant à 2027-09-12T10:05:00.000Z (a→b 9,12 Gbit/s, b→a 1,2 Gbit/s) ; se déclenche après 3 intervalles consécutifs au-dessus du seuil, se résout après 3 en dessous.`);
    for (const lang of ['fr', 'nl'] as const) expect(englishWordsIn(alertDescription(hot, detail, lang)), lang).toEqual([]);
  });

  it('picks the language from lang or Accept-Language', () => {
    const cases: Array<[string | undefined, Lang | null]> = [
      ['nl-BE,nl;q=0.9,en;q=0.5', 'nl'], ['de-DE, fr;q=0.8, en;q=0.9', 'en'], ['de, fr-BE;q=0.4', 'fr'], ['de', null],
      [undefined, null], ['fr;q=0, nl', 'nl'], ['*', null],
    ];
    for (const [header, lang] of cases) expect(langFromAcceptLanguage(header), String(header)).toBe(lang);
    expect(parseLang('FR')).toBe('fr');
    expect(parseLang('de')).toBeNull();
  });
});
