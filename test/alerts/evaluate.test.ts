// Pure evaluator and state machine: exact observations and transitions, no servers.
import { describe, it, expect } from 'vitest';
import { loadCadastre } from '../../config/load.js';
import type { Cadastre } from '../../config/schema.js';
import { AlertPolicy } from '../../config/alert-policy.js';
import { evaluate, fingerprintOf, formatBps, type EvalInput, type PollIn, type SegmentBucketIn } from '../../alerts/evaluate.js';
import { markDelivered, step } from '../../alerts/state.js';
import { alertmanagerAlert } from '../../alerts/deliver.js';
import { alertItems } from '../../api/routes/alerts.js';
import { emptyState, type AlertState } from '../../store/alert-state.js';
import { BUCKET_MS } from '../../store/schema.js';

const base = loadCadastre('test/fixtures/cadastre-small');
const withAlerts = (alerts: unknown): Cadastre => ({ ...base, policy: { ...base.policy, alerts: AlertPolicy.parse(alerts) } });
const T0 = Date.UTC(2026, 10, 2, 12, 0, 0);
const opts = { receivers: ['alertmanager', 'webhook'] as const, historyMs: 30 * 86_400_000 };

/** S-1 (1 Gbit/s, IRISnet) buckets with a→b at the given shares, the last one ending at `end`. */
function s1Buckets(end: number, shares: number[]): SegmentBucketIn[] {
  return shares.map((s, i) => ({ segment: 'S-1', time: end - (shares.length - i) * BUCKET_MS, abBps: s * 1e9, baBps: 0.1e9 }));
}

describe('segment-hot', () => {
  const c = withAlerts({});
  const at = (now: number, shares: number[]) => evaluate({ now, since: now - 86_400_000, cadastre: c, segmentBuckets: s1Buckets(now, shares) })
    .observations.find((o) => o.rule === 'segment-hot' && o.subject === 'S-1');

  it('counts the run of consecutive buckets above the threshold and writes the sentence', () => {
    const o = at(T0, [0.5, 0.81, 0.9, 0.86]);
    expect(o).toMatchObject({ active: true, heldMs: 3 * BUCKET_MS, forMs: 3 * BUCKET_MS, value: 0.86 });
    expect(o?.summary).toBe('Segment S-1 (IRISnet) a→b at 86 % of 1 Gbit/s for 15 min, threshold 80 %');
    expect(o?.labels).toEqual({ alertname: 'segment-hot', rule: 'segment-hot', severity: 'warning', segment: 'S-1', owner: 'irisnet', commune: 'Bruxelles' });
    expect(o?.fingerprint).toBe(fingerprintOf('segment-hot', 'S-1'));
  });
  it('takes the larger direction and ignores the bucket still in progress', () => {
    const buckets: SegmentBucketIn[] = [
      { segment: 'S-1', time: T0 - BUCKET_MS, abBps: 0.1e9, baBps: 0.95e9 },
      { segment: 'S-1', time: T0, abBps: 0.1e9, baBps: 0.1e9 }, // in progress at T0 + 1 min
    ];
    const o = evaluate({ now: T0 + 60_000, since: 0, cadastre: c, segmentBuckets: buckets }).observations.find((x) => x.subject === 'S-1');
    expect(o).toMatchObject({ active: true, heldMs: BUCKET_MS });
    expect(o?.summary).toBe('Segment S-1 (IRISnet) b→a at 95 % of 1 Gbit/s for 5 min, threshold 80 %');
  });
  it('is exactly at the threshold not hot; a gap breaks the run; stale data is undecided', () => {
    expect(at(T0, [0.9, 0.8])).toMatchObject({ active: false, heldMs: BUCKET_MS });
    const gap = s1Buckets(T0, [0.9, 0.9, 0.9, 0.9]).filter((_, i) => i !== 1);
    expect(evaluate({ now: T0, since: 0, cadastre: c, segmentBuckets: gap }).observations.find((x) => x.subject === 'S-1')?.heldMs).toBe(2 * BUCKET_MS);
    const stale = evaluate({ now: T0 + 3 * BUCKET_MS, since: 0, cadastre: c, segmentBuckets: s1Buckets(T0, [0.9]) }).observations.find((x) => x.subject === 'S-1');
    expect(stale).toMatchObject({ active: null });
  });
  it('follows per-segment overrides and disabled rules', () => {
    const c2 = withAlerts({ overrides: { segments: { 'S-1': { 'segment-hot': { threshold: 0.95, buckets: 2 } }, 'S-2': { 'segment-hot': { enabled: false } } } } });
    const b = [...s1Buckets(T0, [0.9, 0.9]), { segment: 'S-2', time: T0 - BUCKET_MS, abBps: 0.99e9, baBps: 0 }];
    const r = evaluate({ now: T0, since: 0, cadastre: c2, segmentBuckets: b });
    expect(r.observations.find((o) => o.subject === 'S-1')).toMatchObject({ active: false, forMs: 2 * BUCKET_MS });
    expect(r.observations.find((o) => o.subject === 'S-2')).toBeUndefined();
  });
});

describe('state machine', () => {
  const c = withAlerts({});
  const run = (state: AlertState, now: number, shares: number[]) => step(state, evaluate({ now, since: 0, cadastre: c, segmentBuckets: s1Buckets(now, shares) }), now, opts);

  it('pending → firing after N buckets, firing → resolved after N clear buckets, one notification each', () => {
    let s = emptyState();
    const t1 = T0;
    let r = run(s, t1, [0.5, 0.9]);
    expect(r.transitions).toEqual([]);
    expect(r.state.alerts[fingerprintOf('segment-hot', 'S-1')].status).toBe('pending');
    s = r.state;
    r = run(s, t1 + BUCKET_MS, [0.5, 0.9, 0.9]);
    expect(r.transitions).toEqual([]);
    s = r.state;
    const t3 = t1 + 2 * BUCKET_MS;
    r = run(s, t3, [0.5, 0.9, 0.9, 0.9]);
    expect(r.transitions).toEqual([{ fingerprint: fingerprintOf('segment-hot', 'S-1'), rule: 'segment-hot', status: 'firing', at: t3, startsAt: t3 }]);
    expect(r.state.outbox).toHaveLength(1);
    expect(Object.keys(r.state.outbox[0].pending).sort()).toEqual(['alertmanager', 'webhook']);
    s = r.state;
    // Still hot, then one clear bucket, then hot again: no transition (no flapping on one bucket).
    for (const [k, shares] of [[3, [0.9, 0.9, 0.9, 0.9]], [4, [0.9, 0.9, 0.9, 0.9, 0.2]], [5, [0.9, 0.9, 0.9, 0.9, 0.2, 0.9]], [6, [0.9, 0.2]], [7, [0.9, 0.2, 0.2]]] as const) {
      r = run(s, t1 + k * BUCKET_MS, [...shares]);
      expect(r.transitions, `tick ${k}`).toEqual([]);
      s = r.state;
    }
    const tEnd = t1 + 8 * BUCKET_MS;
    r = run(s, tEnd, [0.9, 0.2, 0.2, 0.2]);
    expect(r.transitions).toEqual([{ fingerprint: fingerprintOf('segment-hot', 'S-1'), rule: 'segment-hot', status: 'resolved', at: tEnd, startsAt: t3 }]);
    expect(r.state.alerts).toEqual({});
    expect(r.state.history).toHaveLength(1);
    expect(r.state.history[0]).toMatchObject({ startsAt: t3, endsAt: tEnd });
    expect(r.state.outbox.map((n) => [n.status, n.startsAt, n.endsAt])).toEqual([['firing', t3, undefined], ['resolved', t3, tEnd]]);
  });

  it('fires at once when the data already shows N buckets (a restart does not restart the clock)', () => {
    const r = run(emptyState(), T0, [0.9, 0.9, 0.9]);
    expect(r.transitions.map((t) => t.status)).toEqual(['firing']);
    // The same evaluation again (e.g. after a restart with the persisted state): no second notification.
    const again = run(r.state, T0 + 60_000, [0.9, 0.9, 0.9]);
    expect(again.transitions).toEqual([]);
    expect(again.state.outbox).toHaveLength(1);
  });

  it('a pending alert that clears leaves without a notification', () => {
    const r1 = run(emptyState(), T0, [0.2, 0.9]);
    const r2 = run(r1.state, T0 + BUCKET_MS, [0.2, 0.9, 0.3]);
    expect(r2.transitions).toEqual([]);
    expect(r2.state.alerts).toEqual({});
    expect(r2.state.outbox).toEqual([]);
  });

  it('annotates summary and description in English, French and Dutch, and sends all six to Alertmanager', () => {
    const fired = run(emptyState(), T0, [0.9, 0.9, 0.9]).state;
    const a = fired.alerts[fingerprintOf('segment-hot', 'S-1')].annotations;
    const bucket = new Date(T0 - BUCKET_MS).toISOString();
    expect(a).toEqual({
      summary: 'Segment S-1 (IRISnet) a→b at 90 % of 1 Gbit/s for 15 min, threshold 80 %',
      summary_fr: 'Tronçon S-1 (IRISnet) a→b à 90 % de 1 Gbit/s depuis 15 min, seuil 80 %',
      summary_nl: 'Segment S-1 (IRISnet) a→b op 90 % van 1 Gbit/s sinds 15 min, drempel 80 %',
      description: `Segment S-1 (IRISnet) a→b at 90 % of 1 Gbit/s for 15 min, threshold 80 %. 5-minute average of 900 Mbit/s in the bucket starting ${bucket} (a→b 900 Mbit/s, b→a 100 Mbit/s); fires after 3 consecutive buckets above, resolves after 3 below.`,
      description_fr: `Tronçon S-1 (IRISnet) a→b à 90 % de 1 Gbit/s depuis 15 min, seuil 80 %. Moyenne sur 5 minutes de 900 Mbit/s dans l’intervalle commençant à ${bucket} (a→b 900 Mbit/s, b→a 100 Mbit/s) ; se déclenche après 3 intervalles consécutifs au-dessus du seuil, se résout après 3 en dessous.`,
      description_nl: `Segment S-1 (IRISnet) a→b op 90 % van 1 Gbit/s sinds 15 min, drempel 80 %. 5-minutengemiddelde van 900 Mbit/s in het interval vanaf ${bucket} (a→b 900 Mbit/s, b→a 100 Mbit/s); gaat af na 3 opeenvolgende intervallen boven de drempel, verdwijnt na 3 eronder.`,
    });
    expect(alertmanagerAlert(fired.outbox[0], T0, {}).annotations).toEqual(a);
    // GET /api/alerts answers them in the reader's language.
    const said = (lang: 'fr' | 'nl' | 'en') => alertItems(fired, 'viewer', { from: 0, to: T0 + 1 }, {}, lang).firing[0];
    expect(said('fr')).toMatchObject({ summary: a.summary_fr, description: a.description_fr });
    expect(said('nl')).toMatchObject({ summary: a.summary_nl, description: a.description_nl });
    expect(said('en')).toMatchObject({ summary: a.summary, description: a.description });
    // Resolved because the rule was switched off: each language says so.
    const off = withAlerts({ rules: { 'segment-hot': { enabled: false } } });
    const r = step(fired, evaluate({ now: T0 + BUCKET_MS, since: 0, cadastre: off, segmentBuckets: s1Buckets(T0 + BUCKET_MS, [0.9]) }), T0 + BUCKET_MS, opts);
    expect(r.state.history[0].annotations).toMatchObject({
      summary: `${a.summary} (no longer evaluated: rule disabled or subject removed)`,
      summary_fr: `${a.summary_fr} (plus évaluée : règle désactivée ou sujet retiré)`,
      summary_nl: `${a.summary_nl} (niet langer geëvalueerd: regel uitgeschakeld of onderwerp verwijderd)`,
      description_fr: a.description_fr,
    });
  });

  it('undecided data holds a firing alert; a disabled rule resolves it', () => {
    const fired = run(emptyState(), T0, [0.9, 0.9, 0.9]).state;
    const hold = step(fired, evaluate({ now: T0 + 3_600_000, since: 0, cadastre: c, segmentBuckets: [] }), T0 + 3_600_000, opts);
    expect(hold.transitions).toEqual([]);
    const notRead = step(fired, evaluate({ now: T0 + 3_600_000, since: 0, cadastre: c }), T0 + 3_600_000, opts);
    expect(notRead.transitions).toEqual([]);
    const off = withAlerts({ rules: { 'segment-hot': { enabled: false } } });
    const r = step(fired, evaluate({ now: T0 + BUCKET_MS, since: 0, cadastre: off, segmentBuckets: s1Buckets(T0 + BUCKET_MS, [0.9]) }), T0 + BUCKET_MS, opts);
    expect(r.transitions.map((t) => t.status)).toEqual(['resolved']);
  });

  it('drops a notification from the outbox once every receiver has it, and never enqueues it again', () => {
    const r = run(emptyState(), T0, [0.9, 0.9, 0.9]);
    const s = structuredClone(r.state);
    const id = s.outbox[0].id;
    markDelivered(s, id, 'alertmanager', T0 + 1);
    expect(s.outbox).toHaveLength(1);
    markDelivered(s, id, 'webhook', T0 + 2);
    expect(s.outbox).toEqual([]);
    expect(s.sent).toEqual([id]);
  });
});

describe('device-down, device-auth', () => {
  const c = withAlerts({ defaultPollIntervalSeconds: 2 });
  const polls = (device: string, statuses: string[], end: number): PollIn[] =>
    statuses.map((s, i) => ({ device, time: end - (statuses.length - 1 - i) * 2000, status: s as PollIn['status'] }));
  const ev = (now: number, p: PollIn[]) => evaluate({ now, since: now - 60_000, cadastre: c, polls: p });
  const get = (r: ReturnType<typeof ev>, rule: string, id: string) => r.observations.find((o) => o.rule === rule && o.subject === id);

  it('counts the time since the last successful poll', () => {
    // ok at T0-6s, then timeouts at T0-4s, T0-2s, T0: 6 s without a successful poll = 3 intervals of 2 s.
    const r = ev(T0, polls('sw-bxl', ['ok', 'ok', 'timeout', 'timeout', 'timeout'], T0));
    expect(get(r, 'device-down', 'sw-bxl')).toMatchObject({ active: true, heldMs: 6000, forMs: 6000 });
    expect(get(r, 'device-down', 'sw-bxl')?.summary).toBe('Device sw-bxl has had no successful poll for 6 s (3 failed, last timeout), threshold 3 intervals of 2 s');
    expect(get(r, 'device-down', 'sw-bxl')?.description).toContain('switch at Hôtel de Ville de Bruxelles, 127.0.0.1:0');
    expect(get(r, 'device-down', 'sw-bxl')?.labels).toEqual({ alertname: 'device-down', rule: 'device-down', severity: 'critical', device: 'sw-bxl', site: 'bxl-hall', commune: 'Bruxelles' });
  });
  it('no data for two intervals counts as down; a good run counts from its first poll', () => {
    expect(get(ev(T0 + 4000, polls('sw-bxl', ['ok', 'ok'], T0)), 'device-down', 'sw-bxl')).toMatchObject({ active: true, heldMs: 4000 });
    expect(get(ev(T0 + 3999, polls('sw-bxl', ['ok', 'ok'], T0)), 'device-down', 'sw-bxl')).toMatchObject({ active: false, heldMs: 5999 });
    expect(get(ev(T0, polls('sw-bxl', ['timeout', 'ok', 'ok'], T0)), 'device-down', 'sw-bxl')).toMatchObject({ active: false, heldMs: 2000 });
    expect(get(ev(T0, []), 'device-down', 'sw-bxl')).toMatchObject({ active: null });
  });
  it('device-auth follows the last poll', () => {
    const r = ev(T0, polls('sw-ixl', ['ok', 'auth_error', 'auth_error'], T0));
    expect(get(r, 'device-auth', 'sw-ixl')).toMatchObject({ active: true, heldMs: 2000, forMs: 0 });
    expect(get(ev(T0, polls('sw-ixl', ['auth_error', 'ok'], T0)), 'device-auth', 'sw-ixl')).toMatchObject({ active: false, heldMs: 0 });
  });
  it('fires after M intervals and resolves after M good intervals', () => {
    let s = emptyState();
    const fired: number[] = [];
    const resolved: number[] = [];
    const history: PollIn[] = [];
    // Polls every 2 s: ok until 10 s, failing from 12 s to 30 s, ok again from 32 s.
    for (let t = 0; t <= 50_000; t += 2000) {
      history.push({ device: 'sw-bxl', time: T0 + t, status: t >= 12_000 && t <= 30_000 ? 'timeout' : 'ok' });
      const r = step(s, ev(T0 + t, history), T0 + t, opts);
      s = r.state;
      for (const tr of r.transitions) (tr.status === 'firing' ? fired : resolved).push(t);
    }
    expect(fired).toEqual([16_000]);
    expect(resolved).toEqual([38_000]);
  });
});

describe('hotspots, forecast, collector', () => {
  const c = withAlerts({ defaultPollIntervalSeconds: 60 });
  it('hotspot-down: not up, or no data, for M intervals', () => {
    const pts = [0, 60_000, 120_000, 180_000].map((t, i) => ({ hotspot: 'H-1', time: T0 + t, up: i < 1, clients: 0 }));
    const o = evaluate({ now: T0 + 180_000, since: T0 - 3_600_000, cadastre: c, hotspotPoints: pts }).observations.find((x) => x.subject === 'H-1');
    expect(o).toMatchObject({ rule: 'hotspot-down', active: true, heldMs: 180_000, forMs: 180_000 });
    expect(o?.summary).toBe('Hotspot H-1 (Hôtel de Ville de Bruxelles – hall, Bruxelles) is not up for 3 min, threshold 3 intervals of 60 s');
    expect(o?.labels).toMatchObject({ hotspot: 'H-1', commune: 'Bruxelles', controller: 'wlc-bxl', severity: 'warning' });
  });
  it('hotspot-underused: newly under the threshold', () => {
    const r = evaluate({ now: T0, since: 0, cadastre: c, hotspotUsage: [
      { hotspot: 'H-1', meanNow: 1.2, meanPrev: 3.4 },
      { hotspot: 'H-2', meanNow: 1.2, meanPrev: 1.0 },
      { hotspot: 'H-3', meanNow: 5, meanPrev: 3.4 },
    ] });
    expect(r.observations.map((o) => [o.subject, o.active])).toEqual([['H-1', true], ['H-2', false], ['H-3', false], ['H-4', null], ['H-5', null], ['H-6', null]]);
    expect(r.observations[0].summary).toBe('Hotspot H-1 (Hôtel de Ville de Bruxelles – hall, Bruxelles) averaged 1.2 clients in open hours over the last 30 days (the 30 days before: 3.4 clients), threshold 2 clients');
    expect(r.observations[0].labels.severity).toBe('info');
  });
  it('segment-saturation-forecast: crossing within the horizon', () => {
    const f = (segment: string, days: number | null) => ({ segment, days: 30, slopeBpsPerDay: 1e6, levelBps: 5e8, thresholdBps: 7e8, aboveNow: false, crossesAt: days === null ? null : T0 + days * 86_400_000 });
    const r = evaluate({ now: T0, since: 0, cadastre: c, forecasts: [f('S-1', 89), f('S-2', 91), f('S-3', null)] });
    expect(r.observations.map((o) => [o.subject, o.active])).toEqual([['S-1', true], ['S-2', false], ['S-3', false], ['S-4', null], ['S-5', null], ['S-6', null]]);
    expect(r.observations[0].summary).toBe('Segment S-1 (IRISnet) forecast to reach maxLoad 70 % of 1 Gbit/s on 2027-01-30, within 90 days');
  });
  it('collector-backlog: spool depth or dropped points', () => {
    const r = evaluate({ now: T0, since: 0, cadastre: c, collectors: [
      { name: 'a', spoolBytes: 2_500_000, spoolBatches: 12, droppedPoints: 0 },
      { name: 'b', spoolBytes: 0, spoolBatches: 0, droppedPoints: 1 },
      { name: 'c', spoolBytes: 1_000_000, spoolBatches: 3, droppedPoints: 0 },
    ] });
    expect(r.observations.map((o) => [o.subject, o.active])).toEqual([['a', true], ['b', true], ['c', false]]);
    expect(r.observations[0].summary).toBe('Collector a spool at 2.5 MB (12 batches), threshold 1 MB; 0 points dropped, threshold 0');
  });
  it('formats rates with units', () => {
    expect([formatBps(1e10), formatBps(1e8), formatBps(2.5e9), formatBps(999)]).toEqual(['10 Gbit/s', '100 Mbit/s', '2.5 Gbit/s', '999 bit/s']);
  });
});

export type { EvalInput };
