// The printable monthly statement of a circuit (GET /api/circuits/:id/billing?month=…&format=html&lang=fr|nl|en):
// one self-contained A4 page in French, Dutch or English, every figure from the billing report (nothing
// recomputed), numbers through the one formatter (common/units.ts) in the language's locale, every text escaped
// by hono's `html` template, as the printable quote.
import { html } from 'hono/html';
import { cadastreNames, documentStyle, documentText } from './document-html.js';
import type { Cadastre } from '../config/schema.js';
import type { Billing, Circuit } from '../analytics/circuits.js';
import { formatBps, formatNumber, LOCALES, type Lang } from '../common/units.js';

export { LANGS, type Lang } from '../common/units.js';

/** The statement's words, each in the three languages side by side (as the availability report's REPORT_TEXT). */
const TEXT = {
  title: { en: 'Monthly statement', fr: 'Relevé mensuel', nl: 'Maandoverzicht' },
  circuit: { en: 'Circuit', fr: 'Circuit', nl: 'Circuit' },
  customer: { en: 'Customer', fr: 'Client', nl: 'Klant' },
  month: { en: 'Month', fr: 'Mois', nl: 'Maand' },
  service: { en: 'Service', fr: 'Service', nl: 'Dienst' },
  lit: { en: 'Lit capacity', fr: 'Capacité activée', nl: 'Geactiveerde capaciteit' },
  dark: { en: 'Dark fibre', fr: 'Fibre noire', nl: 'Donkere vezel' },
  pairs: { en: 'pairs', fr: 'paires', nl: 'paren' },
  committed: { en: 'Committed rate', fr: 'Débit garanti', nl: 'Gegarandeerde snelheid' },
  burst: { en: 'Burst rate', fr: 'Débit de pointe', nl: 'Pieksnelheid' },
  route: { en: 'Route', fr: 'Parcours', nl: 'Tracé' },
  iface: { en: 'Billed interface', fr: 'Interface facturée', nl: 'Gefactureerde interface' },
  none: { en: 'none', fr: 'aucune', nl: 'geen' },
  usage: { en: '95th-percentile usage', fr: 'Utilisation au 95e centile', nl: 'Gebruik op het 95e percentiel' },
  dir: { en: 'Direction', fr: 'Sens', nl: 'Richting' },
  in: { en: 'in (from the customer)', fr: 'entrant (du client)', nl: 'in (van de klant)' },
  out: { en: 'out (to the customer)', fr: 'sortant (vers le client)', nl: 'uit (naar de klant)' },
  samples: { en: '5-minute samples', fr: 'échantillons de 5 min', nl: '5-minutenwaarden' },
  dropped: { en: 'highest dropped', fr: 'plus hauts écartés', nl: 'hoogste weggelaten' },
  p95: { en: 'p95', fr: 'p95', nl: 'p95' },
  billed: { en: 'Billed rate (larger p95)', fr: 'Débit facturé (le plus grand p95)', nl: 'Gefactureerde snelheid (grootste p95)' },
  aboveBurst: { en: 'above the burst rate', fr: 'au-delà du débit de pointe', nl: 'boven de pieksnelheid' },
  charges: { en: 'Charges', fr: 'Montants', nl: 'Bedragen' },
  recurring: { en: 'Contracted charge for the month', fr: 'Redevance contractuelle du mois', nl: 'Contractuele vergoeding van de maand' },
  oneOff: { en: 'Setup and access build (one-off)', fr: 'Mise en service et raccordement (unique)', nl: 'Installatie en aansluiting (eenmalig)' },
  overage: { en: 'Overage', fr: 'Dépassement', nl: 'Overschrijding' },
  total: { en: 'Total for the month (EUR, excl. VAT)', fr: 'Total du mois (EUR, hors TVA)', nl: 'Totaal van de maand (EUR, excl. btw)' },
  split: { en: 'Revenue split', fr: 'Répartition des recettes', nl: 'Verdeling van de inkomsten' },
  operator: { en: 'Single-window operator', fr: 'Opérateur du guichet unique', nl: 'Operator van het enig loket' },
  rules: { en: 'How this statement is computed', fr: 'Méthode de calcul', nl: 'Berekeningswijze' },
  noData: { en: 'no measurement', fr: 'aucune mesure', nl: 'geen meting' },
  period: { en: 'Period', fr: 'Période', nl: 'Periode' },
} satisfies Record<string, Record<Lang, string>>;

/** Rules of the statement in each language (the JSON report carries the English ones). */
const RULES: Record<Lang, string[]> = {
  en: [],
  fr: [
    'Les échantillons sont les moyennes sur 5 minutes (UTC) des débits de l’interface côté client pendant le mois, limité à la période de service ; un intervalle sans mesure est omis.',
    'Le p95 de chaque sens est la ⌈0,95·N⌉-e plus petite de ses N valeurs : sur 8 640 échantillons (mois de 30 jours), les 432 plus élevées sont écartées.',
    'Le débit facturé est le plus grand des deux p95.',
    'Dépassement = débit facturé − débit garanti s’il est positif, en Mbit/s entiers arrondis vers le haut, × le prix par Mbit/s du circuit.',
    'La redevance du mois provient de l’échéancier du contrat ; le total est réparti entre l’opérateur et les propriétaires comme dans l’offre.',
  ],
  nl: [
    'De waarden zijn de 5-minutengemiddelden (UTC) van de snelheden van de klantinterface in de maand, beperkt tot de dienstperiode; een interval zonder meting wordt weggelaten.',
    'De p95 per richting is de ⌈0,95·N⌉-de kleinste van de N waarden: bij 8.640 waarden (maand van 30 dagen) vallen de 432 hoogste weg.',
    'De gefactureerde snelheid is de grootste van de twee p95.',
    'Overschrijding = gefactureerde − gegarandeerde snelheid indien positief, in hele Mbit/s naar boven afgerond, × de prijs per Mbit/s van het circuit.',
    'De vergoeding van de maand komt uit het betalingsschema van het contract; het totaal wordt verdeeld tussen de operator en de eigenaars zoals in de offerte.',
  ],
};


export function renderStatementHtml(c: Circuit, bill: Billing, lang: Lang, cadastre: Pick<Cadastre, 'sites' | 'owners'>): string {
  const t = Object.fromEntries(Object.entries(TEXT).map(([k, v]) => [k, v[lang]])) as Record<keyof typeof TEXT, string>;
  const name = cadastreNames(cadastre);
  const money = (cents: number): string => new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency: 'EUR' }).format(cents / 100);
  const rate = (v: number | null): string => (v === null ? t.noData : formatBps(v, lang, 6));
  const int = (n: number): string => formatNumber(n, lang, 0);
  const svc = c.service.kind === 'lit' ? `${t.lit}, ${rate(c.service.bandwidthBps)}` : `${t.dark}, ${c.service.pairs} ${t.pairs}`;
  const rules = lang === 'en' ? bill.rules : RULES[lang];
  const iface = c.interface ? `${c.interface.device} ${c.interface.ifName ?? c.interface.ifAlias ?? `ifIndex ${c.interface.ifIndex}`}` : t.none;
  const row = (label: string, value: string) => html`<tr><td>${label}</td><td class="n">${value}</td></tr>\n`;
  const doc = html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${t.title} ${c.id} ${bill.month}</title>
${documentStyle(14)}</head>
<body>
<h1>${t.title} — ${c.id}</h1>
<table class="meta">
<tr><td>${t.customer}</td><td>${c.customer ?? '—'}</td></tr>
<tr><td>${t.month}</td><td>${bill.month}</td></tr>
<tr><td>${t.period}</td><td>${bill.window.from} – ${bill.window.to}</td></tr>
<tr><td>${t.service}</td><td>${svc}</td></tr>
<tr><td>${t.committed}</td><td>${rate(bill.committedBps)}</td></tr>
<tr><td>${t.burst}</td><td>${rate(bill.burstBps)}</td></tr>
${c.routes.map((r) => html`<tr><td>${t.route}</td><td>${r.sites.map((s) => name.site(s)).join(' → ')}</td></tr>\n`)}<tr><td>${t.iface}</td><td>${iface}</td></tr>
</table>
<h2>${t.usage}</h2>
<table><tr><th>${t.dir}</th><th class="n">${t.samples}</th><th class="n">${t.dropped}</th><th class="n">${t.p95}</th></tr>
<tr><td>${t.in}</td><td class="n">${int(bill.samples.in)} / ${int(bill.expectedSamples)}</td><td class="n">${int(bill.dropped.in)}</td><td class="n">${rate(bill.p95Bps.in)}</td></tr>
<tr><td>${t.out}</td><td class="n">${int(bill.samples.out)} / ${int(bill.expectedSamples)}</td><td class="n">${int(bill.dropped.out)}</td><td class="n">${rate(bill.p95Bps.out)}</td></tr>
<tr class="total"><td>${t.billed}${bill.aboveBurst ? ` — ${t.aboveBurst}` : ''}</td><td></td><td></td><td class="n">${rate(bill.billedBps)}</td></tr>
</table>
<h2>${t.charges}</h2>
<table>
${row(t.recurring, money(bill.recurringCents))}${bill.oneOffCents ? row(t.oneOff, money(bill.oneOffCents)) : ''}${row(`${t.overage}: ${int(bill.overageMbps)} Mbit/s × ${money(bill.overagePerMbpsCents)}`, money(bill.overageCents))}<tr class="total"><td>${t.total}</td><td class="n">${money(bill.totalCents)}</td></tr>
</table>
<h2>${t.split}</h2>
<table>
${row(t.operator, money(bill.operatorCents))}${bill.owners.map((o) => row(name.owner(o.owner), money(o.cents)))}</table>
<h2>${t.rules}</h2>
<ul class="rules">${rules.map((r) => html`<li>${r}</li>`)}</ul>
</body></html>
`;
  return documentText(doc, 'statement');
}
