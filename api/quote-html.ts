// The printable quote document (GET /api/quotes/:id.html?lang=fr|nl|en): one self-contained HTML page, A4-friendly,
// in French, Dutch or English (the words from the one catalogue, common/i18n.ts), every figure from the stored
// quote (nothing recomputed), every text escaped: hono's `html` template escapes each interpolated value; the
// nested html`` fragments are already escaped and go in as they are.
import { html } from 'hono/html';
import { cadastreNames, documentStyle, documentText } from './document-html.js';
import type { Cadastre } from '../config/schema.js';
import { formatEuros } from '../analytics/pricing.js';
import type { Quote } from '../analytics/quote.js';
import { DOC_LABELS, formatEuroCents, PRICING_RULES_TEXT, render, sentence, type Lang } from '../common/i18n.js';
import { formatNumber } from '../common/units.js';

export function renderQuoteHtml(q: Quote, cadastre: Pick<Cadastre, 'sites' | 'owners'>, lang: Lang = 'en'): string {
  const t = DOC_LABELS[lang];
  const say = (s: Parameters<typeof render>[0]): string => render(s, lang);
  // English keeps the figures as the quote has always printed them ("€6,059.54", "1.234 km").
  const money = (cents: number): string => (lang === 'en' ? formatEuros(cents) : formatEuroCents(cents, lang));
  const km = (metres: number): string => `${lang === 'en' ? (metres / 1000).toFixed(3) : formatNumber(Number((metres / 1000).toFixed(3)), lang, 3)} km`;
  const day = (iso: string): string => iso.slice(0, 10);
  const name = cadastreNames(cadastre);
  const p = q.price;
  const svc = q.request.service;
  const service = say(sentence('doc.quoteService', { service: svc.kind === 'lit' ? { bandwidthBps: svc.bandwidthBps } : { pairs: svc.pairs } }));
  const endpoint = (which: 'from' | 'to') => {
    const e = q.endpoints[which];
    const access = e.access ? ` — ${say(sentence('doc.accessBuild', { metres: e.access.metres, lon: e.access.coordinates[0], lat: e.access.coordinates[1] }))}` : '';
    return html`${e.siteName} (${e.site})${access}`;
  };
  const segmentRows = p.segments.map((s) => {
    const seg = q.routes[s.route].segments.find((x) => x.id === s.id);
    const ends = seg ? `${name.site(seg.a)} – ${name.site(seg.b)}` : '';
    return html`<tr><td>${q.routes.length > 1 ? (s.route === 0 ? 'A' : 'B') : ''}</td><td>${s.id}</td><td>${ends}</td><td>${name.owner(s.owner)}</td><td class="n">${km(s.metres)}</td><td class="n">${money(s.monthlyCents)}</td></tr>\n`;
  });
  const ownerRows = p.revenueSplit.owners.map((o) => html`<tr><td>${name.owner(o.owner)}</td><td class="n">${km(o.metres)}</td><td class="n">${money(o.cents)}</td></tr>\n`);
  const lines: Array<[string, number]> = [
    [t.setup, p.setupCents],
    ...p.accessBuild.map((a): [string, number] => [say(sentence('doc.accessBuildLine', { end: a.endpoint === 'from' ? 'A' : 'B', metres: a.metres })), a.cents]),
    ...(p.monthly.bandwidthCents ? [[say(sentence('doc.bandwidthLine', { months: p.termMonths })), p.monthly.bandwidthCents * p.termMonths] as [string, number]] : []),
    [say(sentence('doc.distanceLine', { months: p.termMonths })), p.monthly.distanceCents * p.termMonths],
    ...(p.discountCents ? [[say(sentence('doc.discountLine', { basisPoints: p.discountBp })), -p.discountCents] as [string, number]] : []),
  ];
  // The stored quote carries its rules in English; French and Dutch say the current rules when they are the same in number.
  const rules = lang === 'en' || PRICING_RULES_TEXT[lang].length !== p.rules.length ? p.rules : PRICING_RULES_TEXT[lang];
  const doc = html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${t.quote} ${q.id}</title>
${documentStyle(12, ' a { color: inherit; }')}</head>
<body>
<h1>${t.quote} ${q.id}</h1>
<p>${say(sentence('doc.quoteIntro', { customer: q.request.customer ?? null }))}</p>
<table class="meta">
<tr><td>${t.issued}</td><td>${day(q.createdAt)}</td></tr>
<tr><td>${t.validUntil}</td><td>${day(q.validUntil)}</td></tr>
<tr><td>${t.service}</td><td>${service}, ${q.request.protection === 'diverse' ? t.diverse : t.unprotected}</td></tr>
<tr><td>${t.term}</td><td>${say(sentence('doc.termMonths', { months: p.termMonths }))}</td></tr>
<tr><td>${t.fromA}</td><td>${endpoint('from')}</td></tr>
<tr><td>${t.toB}</td><td>${endpoint('to')}</td></tr>
<tr><td>${t.measurements}</td><td>${q.window.from} – ${q.window.to}</td></tr>
${q.routes.map((r, i) => html`<tr><td>${t.route}${q.routes.length > 1 ? ` ${i === 0 ? 'A' : 'B'}` : ''}</td><td>${(r.sites.map((s) => name.site(s)).join(' → '))} (${km(r.lengthMetres)})</td></tr>
`)}</table>
<h2>${t.price}</h2>
<table>
${lines.map(([label, cents]) => html`<tr><td>${label}</td><td class="n">${money(cents)}</td></tr>
`)}
<tr class="total"><td>${t.quoteTotal}</td><td class="n">${money(p.totalCents)}</td></tr>
</table>
<h2>${t.segments}</h2>
<table><tr><th>${t.route}</th><th>${t.segment}</th><th>${t.between}</th><th>${t.owner}</th><th class="n">${t.length}</th><th class="n">${t.monthly}</th></tr>
${segmentRows}
</table>
<h2>${t.revenueSplit}</h2>
<table><tr><th>${t.party}</th><th class="n">${t.routeLength}</th><th class="n">${t.share}</th></tr>
<tr><td>${say(sentence('doc.operatorShare', { millionths: p.revenueSplit.operatorShareMillionths }))}</td><td></td><td class="n">${money(p.revenueSplit.operatorCents)}</td></tr>
${ownerRows}
</table>
<h2>${t.quoteRules}</h2>
<ul class="rules">${rules.map((r) => html`<li>${r}</li>`)}</ul>
</body></html>
`;
  return documentText(doc, 'quote');
}
