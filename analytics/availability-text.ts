// What users read of availability, in French, Dutch and English: durations and percentages with their units,
// the cause of an outage as a sentence, the report's labels. Pure and shared by the API's answers and its
// printable report, so that both say the same.
import { formatPercent, LOCALES, type Lang } from '../common/units.js';
import type { OutageCause } from './availability.js';

export type AvailabilityLang = Lang;
export type Texts = Record<Lang, string>;

/** "99.907 %", "99,907 %", "100 %": up to three decimals (one bucket of a month is 0.012 %). */
export function formatPct(pct: number | null, lang: Lang): string {
  if (pct === null) return { fr: 'non mesuré', nl: 'niet gemeten', en: 'not measured' }[lang];
  return formatPercent(pct, lang, 3);
}

/** "2 h 05 min", "35 min", "3 j 4 h 00 min" / "3 d 4 h 00 min" (whole minutes: durations are whole buckets). */
export function formatDuration(ms: number, lang: AvailabilityLang): string {
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const dayUnit = { fr: 'j', nl: 'd', en: 'd' }[lang];
  if (d > 0) return `${d} ${dayUnit} ${h} h ${String(m).padStart(2, '0')} min`;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min`;
}

/** Date and time in Europe/Brussels, for the report and the CSV's readers. */
export function formatLocalTime(ms: number, lang: AvailabilityLang): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(ms);
}

export function formatMonth(month: string, lang: AvailabilityLang): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(Date.UTC(y, m - 1, 15));
}

const list = (ids: readonly string[]): string => ids.join(', ');

/** The cause of an outage as one sentence per language. */
export function causeText(c: OutageCause): Texts {
  const segs = list(c.segments);
  const devs = list(c.devices);
  switch (c.kind) {
    case 'device-down':
      return { fr: `L'équipement du site ne répondait pas (${devs}).`, nl: `De apparatuur van de site antwoordde niet (${devs}).`, en: `The site's device did not answer (${devs}).` };
    case 'segment-down':
      return { fr: `Le segment de fibre du site était coupé (${segs}).`, nl: `Het glasvezelsegment van de site was onderbroken (${segs}).`, en: `The site's own fibre segment was down (${segs}).` };
    case 'upstream': {
      const parts: Texts[] = [];
      if (c.segments.length) parts.push({ fr: `segment(s) ${segs} coupé(s)`, nl: `segment(en) ${segs} onderbroken`, en: `segment(s) ${segs} down` });
      if (c.devices.length) parts.push({ fr: `équipement(s) ${devs} sans réponse`, nl: `apparatuur ${devs} antwoordde niet`, en: `device(s) ${devs} not answering` });
      const join = (l: AvailabilityLang, and: string): string => parts.map((p) => p[l]).join(` ${and} `);
      return {
        fr: `Coupure en amont qui a isolé le site du cœur du réseau : ${join('fr', 'et')}.`,
        nl: `Storing stroomopwaarts die de site van de kern van het netwerk afsneed: ${join('nl', 'en')}.`,
        en: `An upstream failure cut the site off from the core: ${join('en', 'and')}.`,
      };
    }
    case 'no-path':
      return { fr: 'Aucun chemin de fibre vers le cœur du réseau dans le cadastre.', nl: 'Geen glasvezelpad naar de kern van het netwerk in het kadaster.', en: 'The cadastre has no fibre path from the site to the core.' };
  }
}

export const CAUSE_KIND: Record<OutageCause['kind'], Texts> = {
  'device-down': { fr: 'équipement du site', nl: 'apparatuur van de site', en: "site's device" },
  'segment-down': { fr: 'segment du site', nl: 'segment van de site', en: "site's segment" },
  upstream: { fr: 'coupure en amont', nl: 'storing stroomopwaarts', en: 'upstream cut' },
  'no-path': { fr: 'pas de chemin', nl: 'geen pad', en: 'no path' },
};

/** The report's labels. */
export const REPORT_TEXT = {
  title: { fr: 'Disponibilité de la connexion', nl: 'Beschikbaarheid van de verbinding', en: 'Connection availability' },
  network: { fr: 'Réseau IRISnet — Région de Bruxelles-Capitale', nl: 'IRISnet-netwerk — Brussels Hoofdstedelijk Gewest', en: 'IRISnet network — Brussels-Capital Region' },
  month: { fr: 'Mois', nl: 'Maand', en: 'Month' },
  availability: { fr: 'Disponibilité', nl: 'Beschikbaarheid', en: 'Availability' },
  target: { fr: 'Objectif (SLA)', nl: 'Doelstelling (SLA)', en: 'Target (SLA)' },
  downtime: { fr: 'Indisponibilité', nl: 'Onbeschikbaarheid', en: 'Downtime' },
  maintenance: { fr: 'Maintenance planifiée (exclue)', nl: 'Gepland onderhoud (uitgesloten)', en: 'Planned maintenance (excluded)' },
  noData: { fr: 'Sans mesure (exclu)', nl: 'Zonder meting (uitgesloten)', en: 'Not measured (excluded)' },
  measured: { fr: 'Temps mesuré', nl: 'Gemeten tijd', en: 'Measured time' },
  sites: { fr: 'Sites', nl: 'Sites', en: 'Sites' },
  site: { fr: 'Site', nl: 'Site', en: 'Site' },
  outages: { fr: 'Interruptions', nl: 'Onderbrekingen', en: 'Outages' },
  noOutage: { fr: 'Aucune interruption ce mois-ci.', nl: 'Geen onderbreking deze maand.', en: 'No outage this month.' },
  start: { fr: 'Début', nl: 'Begin', en: 'Start' },
  end: { fr: 'Fin', nl: 'Einde', en: 'End' },
  duration: { fr: 'Durée', nl: 'Duur', en: 'Duration' },
  cause: { fr: 'Cause', nl: 'Oorzaak', en: 'Cause' },
  timeline: { fr: 'Chronologie', nl: 'Tijdlijn', en: 'Timeline' },
  reason: { fr: 'Motif', nl: 'Reden', en: 'Reason' },
  window: { fr: 'Fenêtre', nl: 'Venster', en: 'Window' },
  breaches: { fr: 'Dépassements du SLA', nl: 'SLA-overschrijdingen', en: 'SLA breaches' },
  noBreach: { fr: 'Tous les sites atteignent leur objectif.', nl: 'Alle sites halen hun doelstelling.', en: 'Every site met its target.' },
  met: { fr: 'atteint', nl: 'gehaald', en: 'met' },
  missed: { fr: 'non atteint', nl: 'niet gehaald', en: 'missed' },
  legendUp: { fr: 'disponible', nl: 'beschikbaar', en: 'up' },
  legendDown: { fr: 'interruption', nl: 'onderbreking', en: 'outage' },
  legendMaintenance: { fr: 'maintenance planifiée', nl: 'gepland onderhoud', en: 'planned maintenance' },
  legendNoData: { fr: 'sans mesure', nl: 'zonder meting', en: 'not measured' },
  definition: {
    fr: "Un site est disponible pendant une tranche de 5 minutes quand son équipement a répondu et qu'un chemin de segments en service le relie au cœur du réseau. Disponibilité = temps disponible ÷ temps mesuré ; la maintenance planifiée et les tranches sans mesure sont exclues. Heures : Europe/Bruxelles.",
    nl: 'Een site is beschikbaar in een tijdvak van 5 minuten wanneer zijn apparatuur antwoordde en een pad van werkende segmenten hem met de kern van het netwerk verbindt. Beschikbaarheid = beschikbare tijd ÷ gemeten tijd; gepland onderhoud en tijdvakken zonder meting zijn uitgesloten. Tijden: Europe/Brussel.',
    en: "A site is up in a 5-minute bucket when its device answered and a path of working segments joins it to the network's core. Availability = time up ÷ time measured; planned maintenance and buckets without measurements are excluded. Times: Europe/Brussels.",
  },
} as const satisfies Record<string, Texts>;
