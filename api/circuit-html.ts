// The printable monthly statement of a circuit (GET /api/circuits/:id/billing?month=…&format=html&lang=fr|nl|en):
// one self-contained A4 page in French, Dutch or English, every figure from the billing report (nothing
// recomputed), its words from the one catalogue (common/i18n.ts), numbers through the one formatter
// (common/units.ts) in the language's locale, every text escaped by hono's `html` template, as the printable quote.
import { html } from 'hono/html';
import { cadastreNames, documentStyle, documentText } from './document-html.js';
import type { Cadastre } from '../config/schema.js';
import type { Billing, Circuit } from '../analytics/circuits.js';
import { formatBps, formatNumber, type Lang } from '../common/units.js';
import { DOC_LABELS, formatEuroCents, STATEMENT_RULES_TEXT } from '../common/i18n.js';

export { LANGS, type Lang } from '../common/units.js';

export function renderStatementHtml(c: Circuit, bill: Billing, lang: Lang, cadastre: Pick<Cadastre, 'sites' | 'owners'>): string {
  const t = DOC_LABELS[lang];
  const name = cadastreNames(cadastre);
  const money = (cents: number): string => formatEuroCents(cents, lang);
  const rate = (v: number | null): string => (v === null ? t.noData : formatBps(v, lang, 6));
  const int = (n: number): string => formatNumber(n, lang, 0);
  const svc = c.service.kind === 'lit' ? `${t.litCapacity}, ${rate(c.service.bandwidthBps)}` : `${t.darkFibre}, ${c.service.pairs} ${t.pairs}`;
  const rules = lang === 'en' ? bill.rules : STATEMENT_RULES_TEXT[lang];
  const iface = c.interface ? `${c.interface.device} ${c.interface.ifName ?? c.interface.ifAlias ?? `ifIndex ${c.interface.ifIndex}`}` : t.noInterface;
  const row = (label: string, value: string) => html`<tr><td>${label}</td><td class="n">${value}</td></tr>\n`;
  const doc = html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${t.statement} ${c.id} ${bill.month}</title>
${documentStyle(14)}</head>
<body>
<h1>${t.statement} — ${c.id}</h1>
<table class="meta">
<tr><td>${t.customer}</td><td>${c.customer ?? '—'}</td></tr>
<tr><td>${t.month}</td><td>${bill.month}</td></tr>
<tr><td>${t.period}</td><td>${bill.window.from} – ${bill.window.to}</td></tr>
<tr><td>${t.service}</td><td>${svc}</td></tr>
<tr><td>${t.committed}</td><td>${rate(bill.committedBps)}</td></tr>
<tr><td>${t.burst}</td><td>${rate(bill.burstBps)}</td></tr>
${c.routes.map((r) => html`<tr><td>${t.route}</td><td>${r.sites.map((s) => name.site(s)).join(' → ')}</td></tr>\n`)}<tr><td>${t.billedInterface}</td><td>${iface}</td></tr>
</table>
<h2>${t.usage}</h2>
<table><tr><th>${t.direction}</th><th class="n">${t.samples}</th><th class="n">${t.dropped}</th><th class="n">${t.p95}</th></tr>
<tr><td>${t.inbound}</td><td class="n">${int(bill.samples.in)} / ${int(bill.expectedSamples)}</td><td class="n">${int(bill.dropped.in)}</td><td class="n">${rate(bill.p95Bps.in)}</td></tr>
<tr><td>${t.outbound}</td><td class="n">${int(bill.samples.out)} / ${int(bill.expectedSamples)}</td><td class="n">${int(bill.dropped.out)}</td><td class="n">${rate(bill.p95Bps.out)}</td></tr>
<tr class="total"><td>${t.billed}${bill.aboveBurst ? ` — ${t.aboveBurst}` : ''}</td><td></td><td></td><td class="n">${rate(bill.billedBps)}</td></tr>
</table>
<h2>${t.charges}</h2>
<table>
${row(t.recurring, money(bill.recurringCents))}${bill.oneOffCents ? row(t.oneOff, money(bill.oneOffCents)) : ''}${row(`${t.overage}: ${int(bill.overageMbps)} Mbit/s × ${money(bill.overagePerMbpsCents)}`, money(bill.overageCents))}<tr class="total"><td>${t.statementTotal}</td><td class="n">${money(bill.totalCents)}</td></tr>
</table>
<h2>${t.revenueSplit}</h2>
<table>
${row(t.operator, money(bill.operatorCents))}${bill.owners.map((o) => row(name.owner(o.owner), money(o.cents)))}</table>
<h2>${t.statementRules}</h2>
<ul class="rules">${rules.map((r) => html`<li>${r}</li>`)}</ul>
</body></html>
`;
  return documentText(doc, 'statement');
}
