// The answer of GET /api/availability: the month's result (api/availability-service.ts), narrowed to a site or an
// administration, with each outage's cause as a sentence in French, Dutch and English; and its CSV rows.
import { z } from 'zod';
import type { AvailabilityResult, Outage } from '../analytics/availability.js';
import { causeText, REPORT_TEXT } from '../analytics/availability-text.js';
import { Id } from '../config/schema.js';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM').describe('the month, in Europe/Brussels time');

export const AvailabilityQuery = z.object({
  month: Month,
  site: Id.optional().describe('only this site (and its administration)'),
  administration: Id.optional().describe('only this administration and its sites'),
  format: z.enum(['json', 'csv']).default('json').describe('json (default) or csv'),
  view: z.enum(['sites', 'outages']).default('sites').describe('CSV rows: one per site (default) or one per outage'),
}).refine((q) => !(q.site && q.administration), { message: 'give site or administration, not both', path: ['site'] });
export type AvailabilityQuery = z.infer<typeof AvailabilityQuery>;

export const ReportQuery = z.object({
  month: Month,
  administration: Id.describe('the administration the report is for'),
  lang: z.enum(['fr', 'nl', 'en']).default('fr').describe('fr (default), nl or en'),
});

const Texts = z.object({ fr: z.string(), nl: z.string(), en: z.string() });
const Cause = z.object({ kind: z.enum(['device-down', 'segment-down', 'upstream', 'no-path']), devices: z.array(z.string()), segments: z.array(z.string()), text: Texts });
const OutageJson = z.object({ site: z.string(), start: z.string(), end: z.string(), durationMs: z.number(), cause: Cause });
const MaintenanceJson = z.object({ site: z.string(), window: z.string(), reason: z.string(), start: z.string(), end: z.string(), durationMs: z.number() });
const Figures = {
  measuredMs: z.number(), upMs: z.number(), downMs: z.number(), maintenanceMs: z.number(), noDataMs: z.number(),
  availabilityPct: z.number().nullable(),
};
const Breach = z.object({ site: z.string(), administration: z.string().nullable(), availabilityPct: z.number(), targetPct: z.number(), downMs: z.number() });
export const AvailabilityAnswer = z.object({
  month: z.string(),
  window: z.object({ from: z.string(), to: z.string(), complete: z.boolean() }),
  bucketMs: z.number(),
  definition: Texts,
  sites: z.array(z.object({
    id: z.string(), name: z.string(), kind: z.string(), administration: z.string().nullable(), ...Figures,
    targetPct: z.number(), breach: z.boolean(), outages: z.array(OutageJson), maintenance: z.array(MaintenanceJson),
  })),
  administrations: z.array(z.object({
    id: z.string(), name: z.string(), kind: z.string(), sites: z.array(z.string()), ...Figures,
    outages: z.array(OutageJson), maintenance: z.array(MaintenanceJson), breaches: z.array(Breach),
  })),
  breaches: z.array(Breach),
});
export type AvailabilityAnswer = z.infer<typeof AvailabilityAnswer>;

const iso = (t: number): string => new Date(t).toISOString();
const outageJson = (o: Outage) => ({ ...o, start: iso(o.start), end: iso(o.end), cause: { ...o.cause, text: causeText(o.cause) } });
const spanJson = <T extends { start: number; end: number }>(m: T) => ({ ...m, start: iso(m.start), end: iso(m.end) });

/** Narrows the month to a site (with its administration) or an administration (with its sites); null: unknown id. */
export function availabilityAnswer(r: AvailabilityResult, month: string, complete: boolean, q: Pick<AvailabilityQuery, 'site' | 'administration'>): AvailabilityAnswer | null {
  let sites = r.sites;
  let administrations = r.administrations;
  if (q.site) {
    sites = r.sites.filter((s) => s.id === q.site);
    if (!sites.length) return null;
    administrations = r.administrations.filter((a) => a.id === sites[0].administration);
  } else if (q.administration) {
    administrations = r.administrations.filter((a) => a.id === q.administration);
    if (!administrations.length) return null;
    sites = r.sites.filter((s) => s.administration === q.administration);
  }
  const ids = new Set(sites.map((s) => s.id));
  return {
    month, window: { from: iso(r.from), to: iso(r.to), complete }, bucketMs: r.bucketMs, definition: REPORT_TEXT.definition,
    sites: sites.map((s) => ({ ...s, outages: s.outages.map(outageJson), maintenance: s.maintenance.map(spanJson) })),
    administrations: administrations.map((a) => ({ ...a, outages: a.outages.map(outageJson), maintenance: a.maintenance.map(spanJson) })),
    breaches: r.breaches.filter((b) => ids.has(b.site)),
  };
}

const minutes = (ms: number): number => ms / 60_000;

/** CSV rows (columns carry their unit), one per site or one per outage. */
export function availabilityCsvRows(a: AvailabilityAnswer, view: 'sites' | 'outages'): Array<Record<string, string | number | boolean | null>> {
  if (view === 'outages') {
    return a.sites.flatMap((s) => s.outages.map((o) => ({
      site: s.id, administration: s.administration, start: o.start, end: o.end, duration_min: minutes(o.durationMs),
      cause: o.cause.kind, cause_segments: o.cause.segments.join(' '), cause_devices: o.cause.devices.join(' '),
      cause_text_fr: o.cause.text.fr, cause_text_nl: o.cause.text.nl, cause_text_en: o.cause.text.en,
    })));
  }
  return a.sites.map((s) => ({
    site: s.id, name: s.name, kind: s.kind, administration: s.administration, availability_pct: s.availabilityPct, target_pct: s.targetPct,
    breach: s.breach, measured_min: minutes(s.measuredMs), down_min: minutes(s.downMs), maintenance_min: minutes(s.maintenanceMs),
    no_data_min: minutes(s.noDataMs), outages: s.outages.length,
  }));
}
