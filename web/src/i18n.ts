// French, Dutch and English. Every visible string goes through t(); numbers and dates through Intl in the
// chosen locale, so that "1 234,5" / "1.234,5" / "1,234.5" follow the language the user picked.
import { formatBps, formatPercent, LANGS, LOCALES as LOCALE, type Lang } from '../../common/units.js';

export { LANGS, type Lang };

const en = {
  title: 'IRISnet — fibre network and wifi.brussels',
  language: 'Language',
  signIn: 'Sign in',
  signOut: 'Sign out',
  token: 'API token',
  tokenHelp: 'Paste the token you were given. It stays in this browser tab only.',
  badToken: 'This token was refused (401).',
  unreachable: 'The API cannot be reached. Check that it is running, then retry.',
  retry: 'Retry',
  loading: 'Loading…',
  notAvailable: 'Not available',
  notAllowed: 'Not available for your role',
  role: 'Role',
  window: 'Time window',
  days7: 'Last 7 days',
  days30: 'Last 30 days',
  days90: 'Last 90 days',
  custom: 'Custom',
  from: 'From',
  to: 'To',
  apply: 'Apply',
  layers: 'Layers',
  filters: 'Filters',
  owner: 'Owner',
  commune: 'Commune',
  all: 'All',
  colourBy: 'Colour segments by',
  byUtilisation: 'p95 utilisation',
  bySellable: 'Sellable capacity',
  byDark: 'Free dark pairs',
  byFibre: 'Fibre health',
  legendFibre: 'Fibre health (the worse end)',
  fibreOk: 'Healthy',
  fibreDegrading: 'Degrading: crosses the low alarm within a year',
  fibreWarning: 'Below the low warning',
  fibreDark: 'Dark: below the low alarm',
  fibreUnknown: 'No optical reading',
  fibreHealth: 'Fibre health',
  end: 'End',
  rxPower: 'Rx power',
  marginDb: 'Margin to the low alarm',
  trend: 'Trend',
  crossesAt: 'Reaches the alarm',
  perWeek: 'dB/week',
  lowAlarm: 'Low alarm',
  rxChart: 'Rx power (dBm), 2-hour means',
  lSegments: 'Fibre segments',
  lSites: 'Sites and devices',
  lHotspots: 'Hotspots',
  lTargets: 'Target places',
  lRelocation: 'Relocation plan',
  lMetro: 'Metro and tram',
  lRoads: 'Main roads',
  moves: 'Moves',
  summary: 'Network summary',
  networkUtil: 'Network utilisation',
  perOwner: 'Per owner',
  sellable: 'Sellable lit capacity',
  sellableKm: 'Sellable Gbit/s·km',
  darkPairKm: 'Free dark pair·km',
  hottest: 'Hottest segments',
  forecasts: 'Forecasts (crossing maxLoad)',
  noCrossing: 'none in sight',
  legend: 'Legend',
  legendUtil: 'p95 utilisation (max of both directions), %',
  legendSellable: 'Sellable lit capacity, Gbit/s',
  legendDark: 'Free dark pairs',
  legendWidth: 'Line width: lit capacity',
  legendHotspot: 'Hotspot: circle area ∝ open-hours mean clients',
  underused: 'Under-used',
  used: 'In use',
  deviceDown: 'Device not answering',
  deviceUp: 'Devices answering',
  noDevice: 'No device / unknown',
  details: 'Details',
  close: 'Close',
  segment: 'Segment',
  hotspot: 'Hotspot',
  site: 'Site',
  target: 'Target',
  sites: 'Sites',
  length: 'Length',
  capacity: 'Lit capacity',
  pairs: 'Fibre pairs (total / lit / reserved)',
  freeDark: 'Free dark pairs',
  direction: 'Direction',
  mean: 'Mean',
  p95: 'p95',
  max: 'Max',
  samples: '5-min samples',
  sellableBps: 'Sellable',
  linkErrors: 'Errors and discards, last hour of the window',
  errors: 'Errors',
  discards: 'Discards',
  perSecond: 'packets/s',
  meanClients: 'Mean clients',
  p95Clients: 'p95 clients',
  openHoursMean: 'Open-hours mean clients',
  activeShare: 'Active share',
  rank: 'Usage rank',
  chart: 'Time series of the window',
  noSeries: 'No samples in this window.',
  quote: 'Quote',
  quoteTool: 'Quote tool',
  pointA: 'End A',
  pointB: 'End B',
  pickOnMap: 'Pick on map',
  pickHint: 'Click a site or any point on the map.',
  service: 'Service',
  lit: 'Lit bandwidth',
  dark: 'Dark fibre pairs',
  bandwidth: 'Bandwidth (Mbit/s)',
  pairsAsked: 'Pairs',
  term: 'Term (months)',
  protection: 'Protection',
  none: 'None',
  diverse: 'Diverse (two disjoint routes)',
  getQuote: 'Get a quote',
  price: 'Price',
  setup: 'Setup (one-off)',
  monthly: 'Monthly',
  total: 'Total over the term',
  perSegment: 'Per segment',
  perOwnerSplit: 'Per owner',
  printable: 'Open the printable quote',
  infeasible: 'Not feasible',
  blocking: 'Blocking segments',
  route: 'Route',
  devices: 'Devices',
  status: 'Status',
  lastSeen: 'Last seen',
  down: 'not answering',
  up: 'answering',
  gain: 'Gain',
  explanation: 'Explanation',
  kinds: 'Target kinds',
  mapLabel: 'Map of the Brussels-Capital Region with the fibre network and the hotspots',
  selectSegment: 'Select a segment or a hotspot on the map to see its details.',
  lBridges: 'Single points of failure',
  resilience: 'If this segment is cut',
  cutOff: 'Sites cut off from the core',
  overloaded: 'Detour segments over maxLoad',
  bridge: 'Single point of failure (no detour)',
  lWorks: 'Roadworks and opportunities',
  opportunities: 'Roadworks opportunities',
  worksite: 'Worksite',
  noOpportunity: 'No opportunity in the horizon.',
  lCircuits: 'Sold circuits',
  reservedByCircuits: 'Held by circuits',
  circuit: 'Circuit',
  customer: 'Customer',
  committed: 'Committed rate',
  darkPairs: 'Dark pairs',
  until: 'until',
  availLegend: 'Sites: availability this month',
  availFull: '100 % available',
  availMet: 'Outages, SLA target met',
  availBreach: 'Below the SLA target',
  availNone: 'No figure (not measured, or not allowed)',
  availability: 'Availability this month',
};
export type Key = keyof typeof en;

const fr: Record<Key, string> = {
  title: 'IRISnet — réseau de fibre et wifi.brussels',
  language: 'Langue', signIn: 'Se connecter', signOut: 'Se déconnecter', token: 'Jeton d’accès (API)',
  tokenHelp: 'Collez le jeton reçu. Il reste dans cet onglet uniquement.', badToken: 'Ce jeton a été refusé (401).',
  unreachable: 'L’API est injoignable. Vérifiez qu’elle tourne, puis réessayez.', retry: 'Réessayer',
  loading: 'Chargement…', notAvailable: 'Indisponible', notAllowed: 'Non disponible pour votre rôle', role: 'Rôle',
  window: 'Période', days7: '7 derniers jours', days30: '30 derniers jours', days90: '90 derniers jours',
  custom: 'Personnalisée', from: 'Du', to: 'Au', apply: 'Appliquer', layers: 'Couches', filters: 'Filtres',
  owner: 'Propriétaire', commune: 'Commune', all: 'Tous', colourBy: 'Couleur des tronçons',
  byUtilisation: 'Utilisation p95', bySellable: 'Capacité vendable', byDark: 'Paires noires libres',
  byFibre: 'Santé de la fibre', legendFibre: 'Santé de la fibre (la pire extrémité)', fibreOk: 'Saine',
  fibreDegrading: 'Se dégrade : atteint l’alarme basse d’ici un an', fibreWarning: 'Sous l’avertissement bas',
  fibreDark: 'Éteinte : sous l’alarme basse', fibreUnknown: 'Pas de mesure optique', fibreHealth: 'Santé de la fibre',
  end: 'Extrémité', rxPower: 'Puissance reçue', marginDb: 'Marge jusqu’à l’alarme basse', trend: 'Tendance',
  crossesAt: 'Atteint l’alarme', perWeek: 'dB/semaine', lowAlarm: 'Alarme basse', rxChart: 'Puissance reçue (dBm), moyennes sur 2 heures',
  lSegments: 'Tronçons de fibre', lSites: 'Sites et équipements', lHotspots: 'Points d’accès', lTargets: 'Lieux cibles',
  lRelocation: 'Plan de déplacement', lMetro: 'Métro et tram', lRoads: 'Grands axes', moves: 'Déplacements',
  summary: 'Synthèse du réseau', networkUtil: 'Utilisation du réseau', perOwner: 'Par propriétaire',
  sellable: 'Capacité allumée vendable', sellableKm: 'Gbit/s·km vendables', darkPairKm: 'Paire·km noires libres',
  hottest: 'Tronçons les plus chargés', forecasts: 'Prévisions (dépassement de maxLoad)', noCrossing: 'aucun en vue',
  legend: 'Légende', legendUtil: 'Utilisation p95 (max des deux sens), %', legendSellable: 'Capacité allumée vendable, Gbit/s',
  legendDark: 'Paires noires libres', legendWidth: 'Épaisseur : capacité allumée',
  legendHotspot: 'Point d’accès : surface ∝ moyenne de clients aux heures d’ouverture', underused: 'Sous-utilisé',
  used: 'Utilisé', deviceDown: 'Équipement muet', deviceUp: 'Équipements qui répondent', noDevice: 'Sans équipement / inconnu',
  details: 'Détails', close: 'Fermer', segment: 'Tronçon', hotspot: 'Point d’accès', site: 'Site', target: 'Cible',
  sites: 'Sites', length: 'Longueur', capacity: 'Capacité allumée', pairs: 'Paires (total / allumées / réservées)',
  freeDark: 'Paires noires libres', direction: 'Sens', mean: 'Moyenne', p95: 'p95', max: 'Max',
  samples: 'Échantillons de 5 min', sellableBps: 'Vendable',
  linkErrors: 'Erreurs et rejets, dernière heure de la période', errors: 'Erreurs', discards: 'Rejets', perSecond: 'paquets/s', meanClients: 'Clients en moyenne', p95Clients: 'Clients p95',
  openHoursMean: 'Clients moyens aux heures d’ouverture', activeShare: 'Part active', rank: 'Rang d’usage',
  chart: 'Série temporelle de la période', noSeries: 'Aucun échantillon sur cette période.', quote: 'Devis',
  quoteTool: 'Outil de devis', pointA: 'Extrémité A', pointB: 'Extrémité B', pickOnMap: 'Choisir sur la carte',
  pickHint: 'Cliquez sur un site ou n’importe quel point de la carte.', service: 'Service', lit: 'Bande passante allumée',
  dark: 'Paires de fibre noire', bandwidth: 'Débit (Mbit/s)', pairsAsked: 'Paires', term: 'Durée (mois)',
  protection: 'Protection', none: 'Aucune', diverse: 'Diverse (deux routes disjointes)', getQuote: 'Obtenir un devis',
  price: 'Prix', setup: 'Mise en service (unique)', monthly: 'Mensuel', total: 'Total sur la durée',
  perSegment: 'Par tronçon', perOwnerSplit: 'Par propriétaire', printable: 'Ouvrir le devis imprimable',
  infeasible: 'Irréalisable', blocking: 'Tronçons bloquants', route: 'Route', devices: 'Équipements', status: 'État',
  lastSeen: 'Vu pour la dernière fois', down: 'ne répond pas', up: 'répond', gain: 'Gain', explanation: 'Explication',
  kinds: 'Types de cibles', mapLabel: 'Carte de la Région de Bruxelles-Capitale avec le réseau de fibre et les points d’accès',
  selectSegment: 'Sélectionnez un tronçon ou un point d’accès sur la carte pour voir ses détails.',
  lBridges: 'Points de défaillance uniques', resilience: 'Si ce tronçon est coupé', cutOff: 'Sites coupés du cœur',
  overloaded: 'Tronçons du détour au-delà de maxLoad', bridge: 'Point de défaillance unique (aucun détour)',
  lWorks: 'Chantiers et opportunités', opportunities: 'Opportunités de chantiers', worksite: 'Chantier', noOpportunity: 'Aucune opportunité à l’horizon.',
  lCircuits: 'Circuits vendus', reservedByCircuits: 'Réservé par des circuits', circuit: 'Circuit', customer: 'Client', committed: 'Débit garanti', darkPairs: 'Paires noires', until: 'jusqu’au',
  availLegend: 'Sites : disponibilité ce mois-ci', availFull: 'Disponible à 100 %', availMet: 'Interruptions, objectif SLA atteint',
  availBreach: 'Sous l’objectif SLA', availNone: 'Pas de chiffre (non mesuré ou non autorisé)', availability: 'Disponibilité ce mois-ci',
};

const nl: Record<Key, string> = {
  title: 'IRISnet — glasvezelnet en wifi.brussels',
  language: 'Taal', signIn: 'Aanmelden', signOut: 'Afmelden', token: 'API-token',
  tokenHelp: 'Plak het token dat u kreeg. Het blijft enkel in dit tabblad.', badToken: 'Dit token werd geweigerd (401).',
  unreachable: 'De API is onbereikbaar. Controleer of ze draait en probeer opnieuw.', retry: 'Opnieuw proberen',
  loading: 'Laden…', notAvailable: 'Niet beschikbaar', notAllowed: 'Niet beschikbaar voor uw rol', role: 'Rol',
  window: 'Periode', days7: 'Laatste 7 dagen', days30: 'Laatste 30 dagen', days90: 'Laatste 90 dagen',
  custom: 'Aangepast', from: 'Van', to: 'Tot', apply: 'Toepassen', layers: 'Lagen', filters: 'Filters',
  owner: 'Eigenaar', commune: 'Gemeente', all: 'Alle', colourBy: 'Segmenten kleuren volgens',
  byUtilisation: 'p95-bezetting', bySellable: 'Verkoopbare capaciteit', byDark: 'Vrije donkere paren',
  byFibre: 'Gezondheid van de vezel', legendFibre: 'Gezondheid van de vezel (het slechtste uiteinde)', fibreOk: 'Gezond',
  fibreDegrading: 'Gaat achteruit: bereikt het lage alarm binnen een jaar', fibreWarning: 'Onder de lage waarschuwing',
  fibreDark: 'Donker: onder het lage alarm', fibreUnknown: 'Geen optische meting', fibreHealth: 'Gezondheid van de vezel',
  end: 'Uiteinde', rxPower: 'Ontvangen vermogen', marginDb: 'Marge tot het lage alarm', trend: 'Trend',
  crossesAt: 'Bereikt het alarm', perWeek: 'dB/week', lowAlarm: 'Laag alarm', rxChart: 'Ontvangen vermogen (dBm), gemiddelden over 2 uur',
  lSegments: 'Glasvezelsegmenten', lSites: 'Sites en toestellen', lHotspots: 'Hotspots', lTargets: 'Doelplaatsen',
  lRelocation: 'Verplaatsingsplan', lMetro: 'Metro en tram', lRoads: 'Hoofdwegen', moves: 'Verplaatsingen',
  summary: 'Netwerkoverzicht', networkUtil: 'Netwerkbezetting', perOwner: 'Per eigenaar',
  sellable: 'Verkoopbare belichte capaciteit', sellableKm: 'Verkoopbare Gbit/s·km', darkPairKm: 'Vrije donkere paar·km',
  hottest: 'Drukste segmenten', forecasts: 'Prognoses (overschrijding van maxLoad)', noCrossing: 'geen in zicht',
  legend: 'Legende', legendUtil: 'p95-bezetting (max van beide richtingen), %', legendSellable: 'Verkoopbare belichte capaciteit, Gbit/s',
  legendDark: 'Vrije donkere paren', legendWidth: 'Lijndikte: belichte capaciteit',
  legendHotspot: 'Hotspot: oppervlakte ∝ gemiddeld aantal clients tijdens openingsuren', underused: 'Onderbenut',
  used: 'In gebruik', deviceDown: 'Toestel antwoordt niet', deviceUp: 'Toestellen antwoorden', noDevice: 'Geen toestel / onbekend',
  details: 'Details', close: 'Sluiten', segment: 'Segment', hotspot: 'Hotspot', site: 'Site', target: 'Doel',
  sites: 'Sites', length: 'Lengte', capacity: 'Belichte capaciteit', pairs: 'Paren (totaal / belicht / gereserveerd)',
  freeDark: 'Vrije donkere paren', direction: 'Richting', mean: 'Gemiddelde', p95: 'p95', max: 'Max',
  samples: '5-minutenwaarden', sellableBps: 'Verkoopbaar',
  linkErrors: 'Fouten en verworpen pakketten, laatste uur van de periode', errors: 'Fouten', discards: 'Verworpen', perSecond: 'pakketten/s', meanClients: 'Gemiddeld aantal clients', p95Clients: 'p95 clients',
  openHoursMean: 'Gemiddeld aantal clients tijdens openingsuren', activeShare: 'Actief aandeel', rank: 'Gebruiksrang',
  chart: 'Tijdreeks van de periode', noSeries: 'Geen metingen in deze periode.', quote: 'Offerte',
  quoteTool: 'Offertetool', pointA: 'Eindpunt A', pointB: 'Eindpunt B', pickOnMap: 'Kies op de kaart',
  pickHint: 'Klik op een site of om het even welk punt op de kaart.', service: 'Dienst', lit: 'Belichte bandbreedte',
  dark: 'Donkere vezelparen', bandwidth: 'Bandbreedte (Mbit/s)', pairsAsked: 'Paren', term: 'Looptijd (maanden)',
  protection: 'Bescherming', none: 'Geen', diverse: 'Divers (twee disjuncte routes)', getQuote: 'Offerte opvragen',
  price: 'Prijs', setup: 'Installatie (eenmalig)', monthly: 'Maandelijks', total: 'Totaal over de looptijd',
  perSegment: 'Per segment', perOwnerSplit: 'Per eigenaar', printable: 'Afdrukbare offerte openen',
  infeasible: 'Niet haalbaar', blocking: 'Blokkerende segmenten', route: 'Route', devices: 'Toestellen', status: 'Status',
  lastSeen: 'Laatst gezien', down: 'antwoordt niet', up: 'antwoordt', gain: 'Winst', explanation: 'Uitleg',
  kinds: 'Soorten doelplaatsen', mapLabel: 'Kaart van het Brussels Hoofdstedelijk Gewest met het glasvezelnet en de hotspots',
  selectSegment: 'Selecteer een segment of een hotspot op de kaart om de details te zien.',
  lBridges: 'Enkelvoudige storingspunten', resilience: 'Als dit segment wordt doorgesneden', cutOff: 'Sites afgesneden van de kern',
  overloaded: 'Omleidingssegmenten boven maxLoad', bridge: 'Enkelvoudig storingspunt (geen omleiding)',
  lWorks: 'Werven en kansen', opportunities: 'Kansen bij wegenwerken', worksite: 'Werf', noOpportunity: 'Geen kansen binnen de horizon.',
  lCircuits: 'Verkochte circuits', reservedByCircuits: 'Gereserveerd door circuits', circuit: 'Circuit', customer: 'Klant', committed: 'Gegarandeerde snelheid', darkPairs: 'Donkere paren', until: 'tot',
  availLegend: 'Sites: beschikbaarheid deze maand', availFull: '100 % beschikbaar', availMet: 'Onderbrekingen, SLA-doel gehaald',
  availBreach: 'Onder het SLA-doel', availNone: 'Geen cijfer (niet gemeten of niet toegestaan)', availability: 'Beschikbaarheid deze maand',
};

const DICTS: Record<Lang, Record<Key, string>> = { en, fr, nl };

let current: Lang = 'en';
const listeners: Array<() => void> = [];

export function lang(): Lang { return current; }
export function locale(): string { return LOCALE[current]; }
export function t(key: Key): string { return DICTS[current][key]; }
/** Sets the language for t() and the formatters only (no page update): for Node-side callers and tests. */
export function setLangQuiet(l: Lang): void { current = l; }
export function setLang(l: Lang): void {
  current = l;
  document.documentElement.lang = l;
  for (const f of listeners) f();
}
export function onLangChange(f: () => void): void { listeners.push(f); }

/** Applies t() to every element carrying data-i18n (text) or data-i18n-aria (aria-label). */
export function translateDom(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as Key);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria as Key));
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle as Key);
}

export function num(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(v);
}

/** Bits per second with an SI unit (bit/s … Tbit/s), as the API's sentences write them (common/units.ts). */
export function bps(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : formatBps(v, current);
}

export function pct(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : formatPercent(v, current, 1);
}

export function metres(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v >= 1000 ? `${num(v / 1000, 2)} km` : `${num(v, 0)} m`;
}

export function euros(cents: number | null | undefined): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return '—';
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

export function date(v: number | string | null | undefined, withTime = true): string {
  if (v === null || v === undefined) return '—';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale(), withTime
    ? { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Brussels' }
    : { dateStyle: 'medium', timeZone: 'Europe/Brussels' }).format(d);
}

/** A bilingual place name in the order the reader expects: their language first. */
export function placeName(fr: string, nl: string): string {
  if (!nl || fr === nl) return fr;
  return current === 'nl' ? `${nl} / ${fr}` : `${fr} / ${nl}`;
}
