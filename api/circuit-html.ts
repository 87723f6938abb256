// The printable monthly statement of a circuit (GET /api/circuits/:id/billing?month=…&format=html&lang=fr|nl|en):
// one self-contained A4 page in French, Dutch or English, every figure from the billing report (nothing
// recomputed), numbers through the one formatter (common/units.ts) in the language's locale, every text escaped
// by hono's `html` template, as the printable quote.
import { html } from 'hono/html';
import type { Cadastre } from '../config/schema.js';
import type { Billing, Circuit } from '../analytics/circuits.js';
import { formatBps, formatNumber, LOCALES, type Lang } from '../common/units.js';

export { LANGS, type Lang } from '../common/units.js';

const TEXT: Record<Lang, Record<string, string>> = {
  en: {
    title: 'Monthly statement', circuit: 'Circuit', customer: 'Customer', month: 'Month', service: 'Service', lit: 'Lit capacity', dark: 'Dark fibre',
    pairs: 'pairs', committed: 'Committed rate', burst: 'Burst rate', route: 'Route', iface: 'Billed interface', none: 'none',
    usage: '95th-percentile usage', dir: 'Direction', in: 'in (from the customer)', out: 'out (to the customer)', samples: '5-minute samples', dropped: 'highest dropped', p95: 'p95',
    billed: 'Billed rate (larger p95)', aboveBurst: 'above the burst rate', charges: 'Charges', recurring: 'Contracted charge for the month', oneOff: 'Setup and access build (one-off)',
    overage: 'Overage', total: 'Total for the month (EUR, excl. VAT)', split: 'Revenue split', operator: 'Single-window operator', rules: 'How this statement is computed',
    noData: 'no measurement', period: 'Period',
  },
  fr: {
    title: 'Relevé mensuel', circuit: 'Circuit', customer: 'Client', month: 'Mois', service: 'Service', lit: 'Capacité activée', dark: 'Fibre noire',
    pairs: 'paires', committed: 'Débit garanti', burst: 'Débit de pointe', route: 'Parcours', iface: 'Interface facturée', none: 'aucune',
    usage: 'Utilisation au 95e centile', dir: 'Sens', in: 'entrant (du client)', out: 'sortant (vers le client)', samples: 'échantillons de 5 min', dropped: 'plus hauts écartés', p95: 'p95',
    billed: 'Débit facturé (le plus grand p95)', aboveBurst: 'au-delà du débit de pointe', charges: 'Montants', recurring: 'Redevance contractuelle du mois', oneOff: 'Mise en service et raccordement (unique)',
    overage: 'Dépassement', total: 'Total du mois (EUR, hors TVA)', split: 'Répartition des recettes', operator: 'Opérateur du guichet unique', rules: 'Méthode de calcul',
    noData: 'aucune mesure', period: 'Période',
  },
  nl: {
    title: 'Maandoverzicht', circuit: 'Circuit', customer: 'Klant', month: 'Maand', service: 'Dienst', lit: 'Geactiveerde capaciteit', dark: 'Donkere vezel',
    pairs: 'paren', committed: 'Gegarandeerde snelheid', burst: 'Pieksnelheid', route: 'Tracé', iface: 'Gefactureerde interface', none: 'geen',
    usage: 'Gebruik op het 95e percentiel', dir: 'Richting', in: 'in (van de klant)', out: 'uit (naar de klant)', samples: '5-minutenwaarden', dropped: 'hoogste weggelaten', p95: 'p95',
    billed: 'Gefactureerde snelheid (grootste p95)', aboveBurst: 'boven de pieksnelheid', charges: 'Bedragen', recurring: 'Contractuele vergoeding van de maand', oneOff: 'Installatie en aansluiting (eenmalig)',
    overage: 'Overschrijding', total: 'Totaal van de maand (EUR, excl. btw)', split: 'Verdeling van de inkomsten', operator: 'Operator van het enig loket', rules: 'Berekeningswijze',
    noData: 'geen meting', period: 'Periode',
  },
};

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
  const t = TEXT[lang];
  const siteName = new Map(cadastre.sites.map((s) => [s.id, s.name]));
  const ownerName = new Map(cadastre.owners.map((o) => [o.id, o.name]));
  const money = (cents: number): string => new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency: 'EUR' }).format(cents / 100);
  const rate = (v: number | null): string => (v === null ? t.noData : formatBps(v, lang, 6));
  const int = (n: number): string => formatNumber(n, lang, 0);
  const svc = c.service.kind === 'lit' ? `${t.lit}, ${rate(c.service.bandwidthBps)}` : `${t.dark}, ${c.service.pairs} ${t.pairs}`;
  const rules = lang === 'en' ? bill.rules : RULES[lang];
  const iface = c.interface ? `${c.interface.device} ${c.interface.ifName ?? c.interface.ifAlias ?? `ifIndex ${c.interface.ifIndex}`}` : t.none;
  const row = (label: string, value: string) => html`<tr><td>${label}</td><td class="n">${value}</td></tr>\n`;
  const doc = html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${t.title} ${c.id} ${bill.month}</title>
<style>
  body { font: 11pt/1.4 system-ui, sans-serif; margin: 2cm; color: #111; }
  h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 12pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; width: 100%; } td, th { padding: 2px 6px; text-align: left; border-bottom: 1px solid #ddd; }
  .n { text-align: right; font-variant-numeric: tabular-nums; } .total td { font-weight: bold; border-top: 2px solid #111; }
  .meta td:first-child { color: #555; width: 14em; } .rules { font-size: 9pt; color: #444; }
  @media print { body { margin: 1cm; } }
</style></head>
<body>
<h1>${t.title} — ${c.id}</h1>
<table class="meta">
<tr><td>${t.customer}</td><td>${c.customer ?? '—'}</td></tr>
<tr><td>${t.month}</td><td>${bill.month}</td></tr>
<tr><td>${t.period}</td><td>${bill.window.from} – ${bill.window.to}</td></tr>
<tr><td>${t.service}</td><td>${svc}</td></tr>
<tr><td>${t.committed}</td><td>${rate(bill.committedBps)}</td></tr>
<tr><td>${t.burst}</td><td>${rate(bill.burstBps)}</td></tr>
${c.routes.map((r) => html`<tr><td>${t.route}</td><td>${r.sites.map((s) => siteName.get(s) ?? s).join(' → ')}</td></tr>\n`)}<tr><td>${t.iface}</td><td>${iface}</td></tr>
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
${row(t.operator, money(bill.operatorCents))}${bill.owners.map((o) => row(ownerName.get(o.owner) ?? o.owner, money(o.cents)))}</table>
<h2>${t.rules}</h2>
<ul class="rules">${rules.map((r) => html`<li>${r}</li>`)}</ul>
</body></html>
`;
  // Nothing interpolated is a Promise, so hono's html answers synchronously.
  if (doc instanceof Promise) throw new Error('statement html: unexpected asynchronous fragment');
  return doc.toString();
}
