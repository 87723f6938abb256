// The printable monthly availability report of one administration (GET /api/availability/report.html): one
// self-contained A4 page in French, Dutch or English — the figures, the SLA, a timeline per site and the outage
// table — every figure from the same result the JSON answer gives (nothing recomputed), every text escaped.
// Each figure carries its raw value in a data attribute, so that a test can hold the page against the API. hono's
// `html` template escapes each interpolated value; nested html`` fragments go in as they are.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AdministrationAvailability, SiteAvailability } from '../analytics/availability.js';
import {
  CAUSE_KIND, causeText, formatDuration, formatLocalTime, formatMonth, formatPct, REPORT_TEXT as T, type AvailabilityLang,
} from '../analytics/availability-text.js';

type Fragment = HtmlEscapedString | Promise<HtmlEscapedString>;

// Okabe-Ito: colour-blind safe, the map's palette.
const COLOUR = { up: '#009E73', down: '#D55E00', maintenance: '#0072B2', noData: '#BBBBBB' };

export interface ReportInput {
  month: string;
  lang: AvailabilityLang;
  from: number;
  to: number;
  administration: AdministrationAvailability;
  sites: SiteAvailability[];
  generatedAt: number;
}

function timeline(s: SiteAvailability, from: number, to: number, lang: AvailabilityLang): Fragment {
  const W = 1000;
  const x = (t: number): number => ((t - from) / (to - from)) * W;
  const rect = (start: number, end: number, fill: string, kind: string): Fragment => {
    const w = Math.max(1.5, x(end) - x(start));
    return html`<rect data-kind="${kind}" x="${x(start).toFixed(2)}" y="0" width="${w.toFixed(2)}" height="14" fill="${fill}"/>`;
  };
  const days: Fragment[] = [];
  for (let d = 1; ; d++) {
    const t = from + (d - 1) * 86_400_000;
    if (t >= to) break;
    if (d === 1 || d % 5 === 0) days.push(html`<text x="${x(t).toFixed(1)}" y="26" font-size="9">${d}</text>`);
  }
  return html`<svg class="timeline" viewBox="0 -1 ${W} 30" preserveAspectRatio="none" role="img" aria-label="${T.timeline[lang]} ${s.name}"><rect x="0" y="0" width="${W}" height="14" fill="${COLOUR.up}"/>${s.maintenance.map((m) => rect(m.start, m.end, COLOUR.maintenance, 'maintenance'))}${s.outages.map((o) => rect(o.start, o.end, COLOUR.down, 'outage'))}${days}</svg>`;
}

export function renderAvailabilityReport(r: ReportInput): string {
  const { lang, administration: a } = r;
  const t = (k: keyof typeof T): string => T[k][lang];
  const colon = lang === 'fr' ? ' : ' : ': ';
  const pct = (v: number | null): Fragment => html`<span data-value="${v ?? ''}">${formatPct(v, lang)}</span>`;
  const dur = (ms: number): Fragment => html`<span data-value="${ms}">${formatDuration(ms, lang)}</span>`;
  const siteName = new Map(r.sites.map((s) => [s.id, s.name]));
  const name = (id: string): string => siteName.get(id) ?? id;
  const siteRows = r.sites.map((s) => html`<tr data-site="${s.id}"><td>${s.name}</td>
<td class="n" data-figure="availabilityPct">${pct(s.availabilityPct)}</td><td class="n" data-figure="targetPct">${pct(s.targetPct)}</td>
<td data-figure="breach" data-value="${String(s.breach)}">${s.availabilityPct === null ? '' : s.breach ? html`<b class="missed">${t('missed')}</b>` : t('met')}</td>
<td class="n" data-figure="downMs">${dur(s.downMs)}</td><td class="n" data-figure="maintenanceMs">${dur(s.maintenanceMs)}</td><td class="n" data-figure="noDataMs">${dur(s.noDataMs)}</td></tr>
`);
  const timelines = r.sites.map((s) => html`<div class="tl"><div class="tl-name">${s.name}</div>${timeline(s, r.from, r.to, lang)}</div>\n`);
  const outageRows = a.outages.map((o) => html`<tr class="outage" data-site="${o.site}" data-start="${o.start}" data-end="${o.end}"><td>${name(o.site)}</td><td>${formatLocalTime(o.start, lang)}</td><td>${formatLocalTime(o.end, lang)}</td><td class="n" data-figure="durationMs">${dur(o.durationMs)}</td><td><b>${CAUSE_KIND[o.cause.kind][lang]}</b> — ${causeText(o.cause)[lang]}</td></tr>\n`);
  const maintenanceRows = a.maintenance.map((m) => html`<tr class="maintenance" data-site="${m.site}" data-start="${m.start}"><td>${name(m.site)}</td><td>${formatLocalTime(m.start, lang)}</td><td>${formatLocalTime(m.end, lang)}</td><td class="n">${dur(m.durationMs)}</td><td>${m.window} — ${m.reason}</td></tr>\n`);
  const head = (last: string): Fragment => html`<tr><th>${t('site')}</th><th>${t('start')}</th><th>${t('end')}</th><th class="n">${t('duration')}</th><th>${last}</th></tr>`;
  const doc = html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${t('title')} — ${a.name} — ${formatMonth(r.month, lang)}</title>
<style>
  @page { size: A4; margin: 15mm; }
  body { font: 10pt/1.35 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; margin: 0 auto; max-width: 180mm; color: #111; }
  h1 { font-size: 16pt; margin: 0 0 .1em; } h2 { font-size: 11.5pt; margin: 1.2em 0 .4em; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; width: 100%; } td, th { padding: 2px 5px; text-align: left; border-bottom: 1px solid #ddd; vertical-align: top; }
  .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; } th { font-size: 8.5pt; } th.n { white-space: normal; }
  .kpi { display: flex; gap: 8mm; margin: .8em 0; } .kpi div { border: 1px solid #999; padding: 2mm 4mm; }
  .kpi b { display: block; font-size: 15pt; white-space: nowrap; } .missed { color: ${COLOUR.down}; }
  .tl { display: grid; grid-template-columns: 45mm 1fr; align-items: center; gap: 3mm; margin: 1mm 0; }
  .tl-name { font-size: 8.5pt; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .timeline { width: 100%; height: 9mm; } .legend span { display: inline-block; width: 10px; height: 10px; margin: 0 3px 0 10px; vertical-align: middle; }
  .note { font-size: 8.5pt; color: #444; } tr { break-inside: avoid; }
</style></head>
<body data-administration="${a.id}" data-month="${r.month}">
<h1>${t('title')}</h1>
<p>${t('network')}<br><b>${a.name}</b> — ${t('month')}${colon}${formatMonth(r.month, lang)}</p>
<div class="kpi">
  <div>${t('availability')}<b data-figure="availabilityPct">${pct(a.availabilityPct)}</b></div>
  <div>${t('downtime')}<b data-figure="downMs">${dur(a.downMs)}</b></div>
  <div>${t('maintenance')}<b data-figure="maintenanceMs">${dur(a.maintenanceMs)}</b></div>
  <div>${t('outages')}<b data-figure="outages" data-value="${a.outages.length}">${a.outages.length}</b></div>
</div>
<h2>${t('sites')}</h2>
<table><tr><th>${t('site')}</th><th class="n">${t('availability')}</th><th class="n">${t('target')}</th><th></th><th class="n">${t('downtime')}</th><th class="n">${t('maintenance')}</th><th class="n">${t('noData')}</th></tr>
${siteRows}</table>
<p>${a.breaches.length ? html`<b class="missed">${t('breaches')}</b>${colon}${a.breaches.map((b) => name(b.site)).join(', ')}` : t('noBreach')}</p>
<h2>${t('timeline')}</h2>
${timelines}
<p class="legend note"><span style="background:${COLOUR.up}"></span>${t('legendUp')}<span style="background:${COLOUR.down}"></span>${t('legendDown')}<span style="background:${COLOUR.maintenance}"></span>${t('legendMaintenance')}</p>
<h2>${t('outages')}</h2>
${a.outages.length ? html`<table>${head(t('cause'))}\n${outageRows}</table>` : html`<p>${t('noOutage')}</p>`}
${a.maintenance.length ? html`<h2>${t('maintenance')}</h2><table>${head(`${t('window')} — ${t('reason')}`)}\n${maintenanceRows}</table>` : ''}
<p class="note">${t('definition')}</p>
<p class="note">${formatLocalTime(r.generatedAt, lang)}</p>
</body></html>
`;
  return doc.toString();
}
