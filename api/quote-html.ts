// The printable quote document (GET /api/quotes/:id.html): one self-contained HTML page, A4-friendly,
// every figure from the stored quote (nothing recomputed), every text escaped: hono's `html` template escapes
// each interpolated value; the nested html`` fragments are already escaped and go in as they are.
import { html } from 'hono/html';
import { cadastreNames, documentStyle, documentText } from './document-html.js';
import type { Cadastre } from '../config/schema.js';
import { formatEuros } from '../analytics/pricing.js';
import { fmtBps, type Quote } from '../analytics/quote.js';

const km = (metres: number): string => `${(metres / 1000).toFixed(3)} km`;
const day = (iso: string): string => iso.slice(0, 10);

export function renderQuoteHtml(q: Quote, cadastre: Pick<Cadastre, 'sites' | 'owners'>): string {
  const name = cadastreNames(cadastre);
  const p = q.price;
  const svc = q.request.service;
  const service = svc.kind === 'lit' ? `Lit capacity, ${fmtBps(svc.bandwidthBps)} committed` : `Dark fibre, ${svc.pairs} pair${svc.pairs === 1 ? '' : 's'}`;
  const endpoint = (which: 'from' | 'to') => {
    const e = q.endpoints[which];
    const access = e.access ? ` — access build of ${Math.round(e.access.metres)} m from [${e.access.coordinates.map((x) => x.toFixed(6)).join(', ')}]` : '';
    return html`${e.siteName} (${e.site})${access}`;
  };
  const segmentRows = p.segments.map((s) => {
    const seg = q.routes[s.route].segments.find((x) => x.id === s.id);
    const ends = seg ? `${name.site(seg.a)} – ${name.site(seg.b)}` : '';
    return html`<tr><td>${q.routes.length > 1 ? (s.route === 0 ? 'A' : 'B') : ''}</td><td>${s.id}</td><td>${ends}</td><td>${name.owner(s.owner)}</td><td class="n">${km(s.metres)}</td><td class="n">${formatEuros(s.monthlyCents)}</td></tr>\n`;
  });
  const ownerRows = p.revenueSplit.owners.map((o) => html`<tr><td>${name.owner(o.owner)}</td><td class="n">${km(o.metres)}</td><td class="n">${formatEuros(o.cents)}</td></tr>\n`);
  const lines: Array<[string, number]> = [
    ['Setup (one-off)', p.setupCents],
    ...p.accessBuild.map((a): [string, number] => [`Access build at ${a.endpoint === 'from' ? 'A' : 'B'} end, ${a.metres} m (one-off)`, a.cents]),
    ...(p.monthly.bandwidthCents ? [[`Bandwidth, monthly × ${p.termMonths}`, p.monthly.bandwidthCents * p.termMonths] as [string, number]] : []),
    [`Distance, monthly × ${p.termMonths}`, p.monthly.distanceCents * p.termMonths],
    ...(p.discountCents ? [[`Term discount ${(p.discountBp / 100).toFixed(2)} % on the recurring part`, -p.discountCents] as [string, number]] : []),
  ];
  const doc = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Quote ${q.id}</title>
${documentStyle(12, ' a { color: inherit; }')}</head>
<body>
<h1>Quote ${q.id}</h1>
<p>Brussels-Capital Region pooled fibre network — single-window offer${q.request.customer ? ` for ${q.request.customer}` : ''}.</p>
<table class="meta">
<tr><td>Issued</td><td>${day(q.createdAt)}</td></tr>
<tr><td>Valid until</td><td>${day(q.validUntil)}</td></tr>
<tr><td>Service</td><td>${service}, ${q.request.protection === 'diverse' ? 'diverse protection (two segment-disjoint routes)' : 'unprotected'}</td></tr>
<tr><td>Term</td><td>${p.termMonths} months</td></tr>
<tr><td>From (A)</td><td>${endpoint('from')}</td></tr>
<tr><td>To (B)</td><td>${endpoint('to')}</td></tr>
<tr><td>Measurements</td><td>${q.window.from} – ${q.window.to}</td></tr>
${q.routes.map((r, i) => html`<tr><td>Route${q.routes.length > 1 ? ` ${i === 0 ? 'A' : 'B'}` : ''}</td><td>${(r.sites.map((s) => name.site(s)).join(' → '))} (${km(r.lengthMetres)})</td></tr>
`)}</table>
<h2>Price</h2>
<table>
${lines.map(([label, cents]) => html`<tr><td>${label}</td><td class="n">${formatEuros(cents)}</td></tr>
`)}
<tr class="total"><td>Total over the term (EUR, excl. VAT)</td><td class="n">${formatEuros(p.totalCents)}</td></tr>
</table>
<h2>Segments</h2>
<table><tr><th>Route</th><th>Segment</th><th>Between</th><th>Owner</th><th class="n">Length</th><th class="n">Monthly</th></tr>
${segmentRows}
</table>
<h2>Revenue split</h2>
<table><tr><th>Party</th><th class="n">Route length</th><th class="n">Share</th></tr>
<tr><td>Single-window operator (${(p.revenueSplit.operatorShareMillionths / 10_000).toFixed(2)} %)</td><td></td><td class="n">${formatEuros(p.revenueSplit.operatorCents)}</td></tr>
${ownerRows}
</table>
<h2>How this price is computed</h2>
<ul class="rules">${p.rules.map((r) => html`<li>${r}</li>`)}</ul>
</body></html>
`;
  return documentText(doc, 'quote');
}
