// The one catalogue of what people read, in French, Dutch and English: the map's labels and the API's sentences
// (relocation explanations, resilience cuts, roadworks opportunities, quote refusals, alert summaries, the
// errors users read). Pure and browser-safe: the API renders sentences at its edge in the language the request
// asks for (`lang` or Accept-Language) and the map reads its labels from here. Analytics never take a language:
// they return `Sentence`s ({ key, values }: structured values, numbers raw) and the edge renders them, so every
// number, unit and date follows the reader's locale through common/units.ts.
import { formatBps, formatDay, formatDb, formatDbm, formatNumber, formatPercent, isoDay, LANGS, LOCALES, type Lang } from './units.js';

export { LANGS, LOCALES, type Lang };

/** `fr`, `nl` or `en` from a `lang` value; null when it is none of them. */
export function parseLang(v: string): Lang | null {
  const l = v.trim().toLowerCase();
  return (LANGS as readonly string[]).includes(l) ? (l as Lang) : null;
}

/**
 * The first language of an Accept-Language header (RFC 9110 §12.5.4: by q-value, then order) that we speak,
 * matching on the primary subtag (`nl-BE` → nl); null when none.
 */
export function langFromAcceptLanguage(header: string | undefined | null): Lang | null {
  if (!header) return null;
  const ranges = header.split(',').map((part, i) => {
    const [tag, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)).find(Boolean);
    return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1, i };
  }).filter((r) => r.tag && r.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    const l = parseLang(r.tag.split('-')[0]);
    if (l) return l;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Labels of the map
// ---------------------------------------------------------------------------------------------------------------

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
  weight: 'Weight',
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
export type LabelKey = keyof typeof en;

const fr: Record<LabelKey, string> = {
  title: 'IRISnet — réseau de fibre et wifi.brussels',
  language: 'Langue', signIn: 'Se connecter', signOut: 'Se déconnecter', token: 'Jeton d’accès (API)',
  tokenHelp: 'Collez le jeton reçu. Il reste dans cet onglet uniquement.', badToken: 'Ce jeton a été refusé (401).',
  unreachable: 'L’API est injoignable. Vérifiez qu’elle tourne, puis réessayez.', retry: 'Réessayer',
  loading: 'Chargement…', notAvailable: 'Indisponible', notAllowed: 'Non disponible pour votre rôle', role: 'Rôle',
  window: 'Période', days7: '7 derniers jours', days30: '30 derniers jours', days90: '90 derniers jours',
  custom: 'Personnalisée', from: 'Du', to: 'Au', apply: 'Appliquer', layers: 'Couches', filters: 'Filtres',
  owner: 'Propriétaire', commune: 'Commune', all: 'Tous', colourBy: 'Couleur des tronçons',
  byUtilisation: 'Utilisation p95', bySellable: 'Capacité vendable', byDark: 'Paires noires libres',
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
  lWorks: 'Chantiers et opportunités', opportunities: 'Opportunités de chantiers', worksite: 'Chantier', noOpportunity: 'Aucune opportunité à l’horizon.', weight: 'Poids',
  byFibre: 'Santé de la fibre', legendFibre: 'Santé de la fibre (la pire extrémité)', fibreOk: 'Saine',
  fibreDegrading: 'Se dégrade : atteint l’alarme basse d’ici un an', fibreWarning: 'Sous l’avertissement bas',
  fibreDark: 'Éteinte : sous l’alarme basse', fibreUnknown: 'Pas de mesure optique', fibreHealth: 'Santé de la fibre',
  end: 'Extrémité', rxPower: 'Puissance reçue', marginDb: 'Marge jusqu’à l’alarme basse', trend: 'Tendance',
  crossesAt: 'Atteint l’alarme', perWeek: 'dB/semaine', lowAlarm: 'Alarme basse', rxChart: 'Puissance reçue (dBm), moyennes sur 2 heures',
  lCircuits: 'Circuits vendus', reservedByCircuits: 'Réservé par des circuits', circuit: 'Circuit', customer: 'Client', committed: 'Débit garanti', darkPairs: 'Paires noires', until: 'jusqu’au',
  availLegend: 'Sites : disponibilité ce mois-ci', availFull: 'Disponible à 100 %', availMet: 'Interruptions, objectif SLA atteint',
  availBreach: 'Sous l’objectif SLA', availNone: 'Pas de chiffre (non mesuré ou non autorisé)', availability: 'Disponibilité ce mois-ci',
};

const nl: Record<LabelKey, string> = {
  title: 'IRISnet — glasvezelnet en wifi.brussels',
  language: 'Taal', signIn: 'Aanmelden', signOut: 'Afmelden', token: 'API-token',
  tokenHelp: 'Plak het token dat u kreeg. Het blijft enkel in dit tabblad.', badToken: 'Dit token werd geweigerd (401).',
  unreachable: 'De API is onbereikbaar. Controleer of ze draait en probeer opnieuw.', retry: 'Opnieuw proberen',
  loading: 'Laden…', notAvailable: 'Niet beschikbaar', notAllowed: 'Niet beschikbaar voor uw rol', role: 'Rol',
  window: 'Periode', days7: 'Laatste 7 dagen', days30: 'Laatste 30 dagen', days90: 'Laatste 90 dagen',
  custom: 'Aangepast', from: 'Van', to: 'Tot', apply: 'Toepassen', layers: 'Lagen', filters: 'Filters',
  owner: 'Eigenaar', commune: 'Gemeente', all: 'Alle', colourBy: 'Segmenten kleuren volgens',
  byUtilisation: 'p95-bezetting', bySellable: 'Verkoopbare capaciteit', byDark: 'Vrije donkere paren',
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
  lWorks: 'Werven en kansen', opportunities: 'Kansen bij wegenwerken', worksite: 'Werf', noOpportunity: 'Geen kansen binnen de horizon.', weight: 'Gewicht',
  byFibre: 'Gezondheid van de vezel', legendFibre: 'Gezondheid van de vezel (het slechtste uiteinde)', fibreOk: 'Gezond',
  fibreDegrading: 'Gaat achteruit: bereikt het lage alarm binnen een jaar', fibreWarning: 'Onder de lage waarschuwing',
  fibreDark: 'Donker: onder het lage alarm', fibreUnknown: 'Geen optische meting', fibreHealth: 'Gezondheid van de vezel',
  end: 'Uiteinde', rxPower: 'Ontvangen vermogen', marginDb: 'Marge tot het lage alarm', trend: 'Trend',
  crossesAt: 'Bereikt het alarm', perWeek: 'dB/week', lowAlarm: 'Laag alarm', rxChart: 'Ontvangen vermogen (dBm), gemiddelden over 2 uur',
  lCircuits: 'Verkochte circuits', reservedByCircuits: 'Gereserveerd door circuits', circuit: 'Circuit', customer: 'Klant', committed: 'Gegarandeerde snelheid', darkPairs: 'Donkere paren', until: 'tot',
  availLegend: 'Sites: beschikbaarheid deze maand', availFull: '100 % beschikbaar', availMet: 'Onderbrekingen, SLA-doel gehaald',
  availBreach: 'Onder het SLA-doel', availNone: 'Geen cijfer (niet gemeten of niet toegestaan)', availability: 'Beschikbaarheid deze maand',
};


export const LABELS: Record<Lang, Record<LabelKey, string>> = { en, fr, nl };

/** A label of the map in a language. */
export function label(key: LabelKey, lang: Lang): string {
  return LABELS[lang][key];
}

// ---------------------------------------------------------------------------------------------------------------
// Drift on the map (GET /api/drift, config/drift.ts): its labels, and per kind of disagreement what the probe saw
// and what to do, naming the device and the segment. The probe's own sentence (config/drift.ts) is English, for
// the CLI; the map reads these. Kept apart from the labels above so that the two grow without colliding.
// ---------------------------------------------------------------------------------------------------------------

const driftEn = {
  lDrift: 'Drift from the cadastre',
  driftSite: 'Site: a device disagrees with the cadastre',
  driftSegment: 'Segment: its measuring port disagrees with the cadastre',
  driftProbedAt: 'Last probe',
  driftTodo: 'What to do',
  driftNone: 'The last probe found no drift here.',
  driftNoProbe: 'No probe result yet: run npm run config:check -- <config dir> --probe',
  driftRaw: 'The probe\'s message',
  driftSeen: 'Seen by the probe',
};
export type DriftLabelKey = keyof typeof driftEn;

export const DRIFT_LABELS: Record<Lang, Record<DriftLabelKey, string>> = {
  en: driftEn,
  fr: {
    lDrift: 'Écarts avec le cadastre',
    driftSite: 'Site : un équipement contredit le cadastre',
    driftSegment: 'Tronçon : son port de mesure contredit le cadastre',
    driftProbedAt: 'Dernier sondage',
    driftTodo: 'À faire',
    driftNone: 'Le dernier sondage n’a trouvé aucun écart ici.',
    driftNoProbe: 'Pas encore de sondage : lancez npm run config:check -- <dossier de configuration> --probe',
    driftRaw: 'Message brut de la sonde (en anglais)',
    driftSeen: 'Relevé par la sonde',
  },
  nl: {
    lDrift: 'Afwijkingen van het kadaster',
    driftSite: 'Site: een toestel spreekt het kadaster tegen',
    driftSegment: 'Segment: de meetpoort spreekt het kadaster tegen',
    driftProbedAt: 'Laatste peiling',
    driftTodo: 'Te doen',
    driftNone: 'De laatste peiling vond hier geen afwijking.',
    driftNoProbe: 'Nog geen peiling: voer npm run config:check -- <configuratiemap> --probe uit',
    driftRaw: 'Ruw bericht van de peiling (in het Engels)',
    driftSeen: 'Vastgesteld door de peiling',
  },
};

/** The kinds of drift config/drift.ts names (the map checks at compile time that each has its words here). */
export const DRIFT_KINDS = ['unreachable', 'profile-reads-nothing', 'interface-missing', 'interface-ambiguous', 'neighbour-elsewhere', 'speed-mismatch', 'sysname-mismatch'] as const;
export type DriftKindWords = (typeof DRIFT_KINDS)[number];

/** Per kind and language: a short title, what the probe saw, and what to do ({device}, {segment} filled in). */
const DRIFT_WORDS: Record<DriftKindWords, Record<Lang, [title: string, what: string, todo: string]>> = {
  unreachable: {
    en: ['Not answering the probe', '{device} did not answer the probe.', 'Check its address and SNMP credentials in devices.yaml, and that the collector can reach it.'],
    fr: ['Ne répond pas au sondage', '{device} n’a pas répondu au sondage.', 'Vérifiez son adresse et ses identifiants SNMP dans devices.yaml, et que le collecteur peut le joindre.'],
    nl: ['Antwoordt niet op de peiling', '{device} heeft niet geantwoord op de peiling.', 'Controleer het adres en de SNMP-gegevens in devices.yaml, en of de collector het toestel kan bereiken.'],
  },
  'profile-reads-nothing': {
    en: ['Profile reads nothing', 'The collector profile of {device} reads no value from it.', 'Set the profile of its model in devices.yaml, or remove it so that the collector picks one by sysObjectID.'],
    fr: ['Profil sans valeur', 'Le profil de collecte de {device} n’en relève aucune valeur.', 'Indiquez dans devices.yaml le profil de son modèle, ou retirez-le pour que le collecteur le choisisse d’après le sysObjectID.'],
    nl: ['Profiel leest niets', 'Het collectorprofiel van {device} leest er geen enkele waarde.', 'Zet in devices.yaml het profiel van het model, of verwijder het zodat de collector er een kiest op basis van sysObjectID.'],
  },
  'interface-missing': {
    en: ['Interface missing', '{device} has no interface matching the one that measures segment {segment}.', 'Correct measuredBy of the segment in segments.yaml (ifName, ifAlias or ifIndex, as the device lists them).'],
    fr: ['Interface absente', '{device} n’a aucune interface correspondant à celle qui mesure le tronçon {segment}.', 'Corrigez measuredBy du tronçon dans segments.yaml (ifName, ifAlias ou ifIndex, tels que l’équipement les donne).'],
    nl: ['Interface ontbreekt', '{device} heeft geen interface die overeenkomt met de interface die segment {segment} meet.', 'Verbeter measuredBy van het segment in segments.yaml (ifName, ifAlias of ifIndex, zoals het toestel ze geeft).'],
  },
  'interface-ambiguous': {
    en: ['Interface ambiguous', 'Several interfaces of {device} match the one that measures segment {segment}.', 'Name the interface unambiguously in measuredBy of the segment (its ifName, or its ifIndex).'],
    fr: ['Interface ambiguë', 'Plusieurs interfaces de {device} correspondent à celle qui mesure le tronçon {segment}.', 'Désignez l’interface sans ambiguïté dans measuredBy du tronçon (son ifName ou son ifIndex).'],
    nl: ['Interface dubbelzinnig', 'Meerdere interfaces van {device} komen overeen met de interface die segment {segment} meet.', 'Wijs de interface eenduidig aan in measuredBy van het segment (de ifName of de ifIndex).'],
  },
  'neighbour-elsewhere': {
    en: ['Neighbour at another site', 'On segment {segment}, LLDP/CDP on {device} sees a neighbour at another site than the segment\'s far end.', 'Check the far end (b) and the route of the segment in segments.yaml, or the patching on site.'],
    fr: ['Voisin sur un autre site', 'Sur le tronçon {segment}, LLDP/CDP voit depuis {device} un voisin sur un autre site que l’extrémité b du tronçon.', 'Vérifiez l’extrémité b et le tracé du tronçon dans segments.yaml, ou le brassage sur place.'],
    nl: ['Buur op een andere site', 'Op segment {segment} ziet LLDP/CDP vanaf {device} een buur op een andere site dan uiteinde b van het segment.', 'Controleer uiteinde b en het tracé van het segment in segments.yaml, of de bekabeling ter plaatse.'],
  },
  'speed-mismatch': {
    en: ['Port speed differs', 'The port of {device} measuring segment {segment} runs at another speed than the segment\'s lit capacity.', 'Correct litCapacityBps of the segment in segments.yaml, or the port\'s speed on the device.'],
    fr: ['Débit du port différent', 'Le port de {device} qui mesure le tronçon {segment} tourne à un autre débit que la capacité allumée du tronçon.', 'Corrigez litCapacityBps du tronçon dans segments.yaml, ou le débit du port sur l’équipement.'],
    nl: ['Poortsnelheid wijkt af', 'De poort van {device} die segment {segment} meet, draait op een andere snelheid dan de belichte capaciteit van het segment.', 'Verbeter litCapacityBps van het segment in segments.yaml, of de snelheid van de poort op het toestel.'],
  },
  'sysname-mismatch': {
    en: ['Another device answers', '{device} answers with another name (sysName): another device is at its address.', 'Correct its address in devices.yaml; until then its figures are another device\'s.'],
    fr: ['Un autre équipement répond', '{device} répond sous un autre nom (sysName) : un autre équipement se trouve à son adresse.', 'Corrigez son adresse dans devices.yaml ; d’ici là, ses mesures sont celles d’un autre équipement.'],
    nl: ['Een ander toestel antwoordt', '{device} antwoordt met een andere naam (sysName): op het adres staat een ander toestel.', 'Verbeter het adres in devices.yaml; tot dan zijn de metingen die van een ander toestel.'],
  },
};

/** A drift item in a language: title, what the probe saw and what to do; null for a kind without words here. */
export function driftWords(item: { kind: string; device: string; segment?: string }, lang: Lang): { title: string; what: string; todo: string } | null {
  const w = (DRIFT_WORDS as Record<string, Record<Lang, [string, string, string]> | undefined>)[item.kind]?.[lang];
  if (!w) return null;
  const fill = (s: string): string => s.replaceAll('{device}', item.device).replaceAll('{segment}', item.segment ?? '—');
  return { title: w[0], what: fill(w[1]), todo: fill(w[2]) };
}

/**
 * What the probe saw, as config/drift.ts's DriftItem.seen carries it (common/ imports no config/: the fields read
 * here, which the map's call checks against that schema).
 */
export interface DriftSeenWords {
  target?: string;
  reason?: 'timeout' | 'auth' | 'error';
  timeoutMs?: number;
  attempts?: number;
  sysName?: string;
  profile?: string;
  sysObjectID?: string;
  measuredBy?: { key: string; value: string };
  interfaceCount?: number;
  candidates?: ReadonlyArray<{ ifIndex: number; ifName?: string; ifAlias?: string }>;
  speedBps?: number;
  litCapacityBps?: number;
  neighbour?: { protocol: string; sysName: string; port: string; site: string };
  farEnd?: string;
}

type FactKey = 'timeout' | 'auth' | 'error' | 'sysName' | 'profile' | 'missing' | 'ambiguous' | 'speed' | 'neighbour';
/** Per language: a sentence per fact ({…} filled in), the plural of interface and attempt, and the quotes around names. */
const DRIFT_FACTS: Record<Lang, { facts: Record<FactKey, string>; interfaces: [string, string]; attempts: [string, string]; quote: [string, string] }> = {
  en: {
    facts: {
      timeout: 'No answer from {target}: {attempts} of {timeoutMs} each.',
      auth: '{target} refused the SNMP credentials.',
      error: '{target} answered with an SNMP error.',
      sysName: '{sysName} answers at {target}.',
      profile: 'Profile {profile} read no value; the sysObjectID of the device is {sysObjectID}.',
      missing: '{device} lists {count}, none with {ref}.',
      ambiguous: '{device} has {count} that match {ref}: {candidates}.',
      speed: '{ref} runs at {speed}; the lit capacity of the segment (litCapacityBps) is {lit}.',
      neighbour: 'The {protocol} neighbour on {ref} is {sysName}, port {port}, at site {site}; the far end (b) of the segment is {farEnd}.',
    },
    interfaces: ['interface', 'interfaces'], attempts: ['attempt', 'attempts'], quote: ['“', '”'],
  },
  fr: {
    facts: {
      timeout: 'Aucune réponse de {target} : {attempts} de {timeoutMs} chacun.',
      auth: '{target} a refusé les identifiants SNMP.',
      error: '{target} a répondu par une erreur SNMP.',
      sysName: '{sysName} répond à l’adresse {target}.',
      profile: 'Le profil {profile} n’a relevé aucune valeur ; le sysObjectID de l’équipement est {sysObjectID}.',
      missing: '{device} compte {count}, aucune avec {ref}.',
      ambiguous: '{count} correspondent à {ref} : {candidates}.',
      speed: '{ref} tourne à {speed} ; la capacité allumée du tronçon (litCapacityBps) est de {lit}.',
      neighbour: 'Le voisin {protocol} vu sur {ref} est {sysName}, port {port}, sur le site {site} ; l’extrémité b du tronçon est {farEnd}.',
    },
    // No-break spaces inside the guillemets, so that a name never wraps apart from them.
    interfaces: ['interface', 'interfaces'], attempts: ['essai', 'essais'], quote: ['«\u00a0', '\u00a0»'],
  },
  nl: {
    facts: {
      timeout: 'Geen antwoord van {target}: {attempts} van elk {timeoutMs}.',
      auth: '{target} weigerde de SNMP-gegevens.',
      error: '{target} antwoordde met een SNMP-fout.',
      sysName: '{sysName} antwoordt op het adres {target}.',
      profile: 'Profiel {profile} las geen enkele waarde; de sysObjectID van het toestel is {sysObjectID}.',
      missing: '{device} telt {count}, geen enkele met {ref}.',
      ambiguous: '{count} komen overeen met {ref}: {candidates}.',
      speed: '{ref} draait op {speed}; de belichte capaciteit van het segment (litCapacityBps) is {lit}.',
      neighbour: 'De {protocol}-buur op {ref} is {sysName}, poort {port}, op site {site}; uiteinde b van het segment is {farEnd}.',
    },
    interfaces: ['interface', 'interfaces'], attempts: ['poging', 'pogingen'], quote: ['‘', '’'],
  },
};

/**
 * What the probe saw of a drift item in a language, one sentence per fact, speeds with their units: empty for an
 * item without facts (a drift.json written before them, whose English message is then all there is).
 */
export function driftFacts(item: { kind: string; device: string; seen?: DriftSeenWords }, lang: Lang): string[] {
  const s = item.seen;
  if (!s) return [];
  const w = DRIFT_FACTS[lang];
  const q = (name: string): string => `${w.quote[0]}${name}${w.quote[1]}`;
  const count = (n: number, [one, many]: [string, string]): string => `${formatNumber(n, lang, 0)} ${n === 1 ? one : many}`;
  const ref = s.measuredBy ? (s.measuredBy.key === 'ifIndex' ? `ifIndex ${s.measuredBy.value}` : `${s.measuredBy.key} ${q(s.measuredBy.value)}`) : undefined;
  const fill = (key: FactKey, v: Record<string, string | undefined>): string[] => {
    let missing = false;
    const text = w.facts[key].replace(/\{(\w+)\}/g, (_, k: string) => { const x = k === 'device' ? item.device : v[k]; if (x === undefined) missing = true; return x ?? ''; });
    return missing ? [] : [text];
  };
  const ms = s.timeoutMs !== undefined ? `${formatNumber(s.timeoutMs, lang, 0)} ms` : undefined;
  switch (item.kind) {
    case 'unreachable':
      if (s.reason === 'timeout') return fill('timeout', { target: s.target, attempts: s.attempts !== undefined ? count(s.attempts, w.attempts) : undefined, timeoutMs: ms });
      return s.reason ? fill(s.reason, { target: s.target }) : [];
    case 'sysname-mismatch': return fill('sysName', { target: s.target, sysName: s.sysName !== undefined ? q(s.sysName) : undefined });
    case 'profile-reads-nothing': return fill('profile', { profile: s.profile, sysObjectID: s.sysObjectID });
    case 'interface-missing': return fill('missing', { ref, count: s.interfaceCount !== undefined ? count(s.interfaceCount, w.interfaces) : undefined });
    case 'interface-ambiguous': return fill('ambiguous', {
      ref, count: s.candidates ? count(s.candidates.length, w.interfaces) : undefined,
      candidates: s.candidates?.map((c) => `ifIndex ${c.ifIndex}${c.ifName !== undefined ? ` (${c.ifName}${c.ifAlias ? `, alias ${q(c.ifAlias)}` : ''})` : ''}`).join(', '),
    });
    case 'speed-mismatch': return fill('speed', {
      ref, speed: s.speedBps !== undefined ? formatBps(s.speedBps, lang) : undefined, lit: s.litCapacityBps !== undefined ? formatBps(s.litCapacityBps, lang) : undefined,
    });
    case 'neighbour-elsewhere': {
      const n = s.neighbour;
      return fill('neighbour', { ref, protocol: n?.protocol.toUpperCase(), sysName: n?.sysName, port: n?.port, site: n?.site, farEnd: s.farEnd });
    }
    default: return [];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Labels of the printable documents (the quote, a circuit's monthly statement)
// ---------------------------------------------------------------------------------------------------------------

const docEn = {
  quote: 'Quote',
  issued: 'Issued',
  validUntil: 'Valid until',
  service: 'Service',
  term: 'Term',
  fromA: 'From (A)',
  toB: 'To (B)',
  measurements: 'Measurements',
  route: 'Route',
  price: 'Price',
  setup: 'Setup (one-off)',
  quoteTotal: 'Total over the term (EUR, excl. VAT)',
  segments: 'Segments',
  segment: 'Segment',
  between: 'Between',
  owner: 'Owner',
  length: 'Length',
  monthly: 'Monthly',
  revenueSplit: 'Revenue split',
  party: 'Party',
  routeLength: 'Route length',
  share: 'Share',
  quoteRules: 'How this price is computed',
  diverse: 'diverse protection (two segment-disjoint routes)',
  unprotected: 'unprotected',
  statement: 'Monthly statement',
  customer: 'Customer',
  month: 'Month',
  litCapacity: 'Lit capacity',
  darkFibre: 'Dark fibre',
  pairs: 'pairs',
  committed: 'Committed rate',
  burst: 'Burst rate',
  billedInterface: 'Billed interface',
  noInterface: 'none',
  usage: '95th-percentile usage',
  direction: 'Direction',
  inbound: 'in (from the customer)',
  outbound: 'out (to the customer)',
  samples: '5-minute samples',
  dropped: 'highest dropped',
  p95: 'p95',
  billed: 'Billed rate (larger p95)',
  aboveBurst: 'above the burst rate',
  charges: 'Charges',
  recurring: 'Contracted charge for the month',
  oneOff: 'Setup and access build (one-off)',
  overage: 'Overage',
  statementTotal: 'Total for the month (EUR, excl. VAT)',
  operator: 'Single-window operator',
  statementRules: 'How this statement is computed',
  noData: 'no measurement',
  period: 'Period',
};
export type DocKey = keyof typeof docEn;

const docFr: Record<DocKey, string> = {
  quote: 'Devis', issued: 'Émis le', validUntil: 'Valable jusqu’au', service: 'Service', term: 'Durée', fromA: 'De (A)', toB: 'Vers (B)',
  measurements: 'Mesures', route: 'Parcours', price: 'Prix', setup: 'Mise en service (unique)',
  quoteTotal: 'Total sur la durée (EUR, hors TVA)', segments: 'Tronçons', segment: 'Tronçon', between: 'Entre', owner: 'Propriétaire',
  length: 'Longueur', monthly: 'Mensuel', revenueSplit: 'Répartition des recettes', party: 'Partie', routeLength: 'Longueur sur le parcours',
  share: 'Part', quoteRules: 'Méthode de calcul du prix', diverse: 'protection diverse (deux parcours sans tronçon commun)',
  unprotected: 'sans protection', statement: 'Relevé mensuel', customer: 'Client', month: 'Mois', litCapacity: 'Capacité activée',
  darkFibre: 'Fibre noire', pairs: 'paires', committed: 'Débit garanti', burst: 'Débit de pointe', billedInterface: 'Interface facturée',
  noInterface: 'aucune', usage: 'Utilisation au 95e centile', direction: 'Sens', inbound: 'entrant (du client)', outbound: 'sortant (vers le client)',
  samples: 'échantillons de 5 min', dropped: 'plus hauts écartés', p95: 'p95', billed: 'Débit facturé (le plus grand p95)',
  aboveBurst: 'au-delà du débit de pointe', charges: 'Montants', recurring: 'Redevance contractuelle du mois',
  oneOff: 'Mise en service et raccordement (unique)', overage: 'Dépassement', statementTotal: 'Total du mois (EUR, hors TVA)',
  operator: 'Opérateur du guichet unique', statementRules: 'Méthode de calcul', noData: 'aucune mesure', period: 'Période',
};

const docNl: Record<DocKey, string> = {
  quote: 'Offerte', issued: 'Uitgereikt op', validUntil: 'Geldig tot', service: 'Dienst', term: 'Looptijd', fromA: 'Van (A)', toB: 'Naar (B)',
  measurements: 'Metingen', route: 'Tracé', price: 'Prijs', setup: 'Installatie (eenmalig)',
  quoteTotal: 'Totaal over de looptijd (EUR, excl. btw)', segments: 'Segmenten', segment: 'Segment', between: 'Tussen', owner: 'Eigenaar',
  length: 'Lengte', monthly: 'Maandelijks', revenueSplit: 'Verdeling van de inkomsten', party: 'Partij', routeLength: 'Lengte op het tracé',
  share: 'Aandeel', quoteRules: 'Berekeningswijze van de prijs', diverse: 'diverse bescherming (twee tracés zonder gemeenschappelijk segment)',
  unprotected: 'zonder bescherming', statement: 'Maandoverzicht', customer: 'Klant', month: 'Maand', litCapacity: 'Geactiveerde capaciteit',
  darkFibre: 'Donkere vezel', pairs: 'paren', committed: 'Gegarandeerde snelheid', burst: 'Pieksnelheid', billedInterface: 'Gefactureerde interface',
  noInterface: 'geen', usage: 'Gebruik op het 95e percentiel', direction: 'Richting', inbound: 'in (van de klant)', outbound: 'uit (naar de klant)',
  samples: '5-minutenwaarden', dropped: 'hoogste weggelaten', p95: 'p95', billed: 'Gefactureerde snelheid (grootste p95)',
  aboveBurst: 'boven de pieksnelheid', charges: 'Bedragen', recurring: 'Contractuele vergoeding van de maand',
  oneOff: 'Installatie en aansluiting (eenmalig)', overage: 'Overschrijding', statementTotal: 'Totaal van de maand (EUR, excl. btw)',
  operator: 'Operator van het enig loket', statementRules: 'Berekeningswijze', noData: 'geen meting', period: 'Periode',
};

export const DOC_LABELS: Record<Lang, Record<DocKey, string>> = { en: docEn, fr: docFr, nl: docNl };

/**
 * The quote's pricing rules (analytics/pricing.ts PRICING_RULES, which the stored quote carries in English) in
 * French and Dutch, in the same order.
 */
export const PRICING_RULES_TEXT: Record<'fr' | 'nl', readonly string[]> = {
  fr: [
    'Les longueurs des tronçons et les distances de raccordement sont arrondies au mètre entier (demi vers le haut) avant le calcul du prix.',
    'Redevance mensuelle par tronçon : fibre noire = mètres × paires × tarif par paire·km / 1000 ; capacité activée = mètres × tarif par km / 1000 ; chacune arrondie au cent, demi vers le haut.',
    'Redevance mensuelle de bande passante par parcours : débit en bit/s × tarif par Mbit/s / 1 000 000, arrondie au cent, demi vers le haut.',
    'Récurrent = total mensuel × durée en mois ; la remise de durée (la plus grande dont la durée minimale est atteinte) = récurrent × points de base / 10 000, arrondie demi vers le haut, s’applique à la seule partie récurrente.',
    'Unique = mise en service + raccordement (mètres × tarif par mètre) ; total = unique + récurrent − remise.',
    'Répartition des recettes : la part de l’opérateur = total × part (en millionièmes) / 1 000 000, arrondie demi vers le haut ; le reste revient aux propriétaires en proportion de leurs mètres sur le ou les parcours, par plus fort reste (ex æquo : identifiant du propriétaire), de sorte que les parts totalisent exactement le total.',
    'Protection diverse : la mise en service est facturée une fois ; les redevances de distance s’appliquent à chaque tronçon des deux parcours, et celle de bande passante à chaque parcours.',
  ],
  nl: [
    'Segmentlengtes en aansluitafstanden worden vóór de prijsberekening afgerond op hele meters (helft naar boven).',
    'Maandelijkse vergoeding per segment: donkere vezel = meters × paren × tarief per paar·km / 1000; belichte capaciteit = meters × tarief per km / 1000; elk afgerond op de cent, helft naar boven.',
    'Maandelijkse bandbreedtevergoeding per tracé: snelheid in bit/s × tarief per Mbit/s / 1.000.000, afgerond op de cent, helft naar boven.',
    'Terugkerend = maandtotaal × looptijd in maanden; de looptijdkorting (de grootste waarvan de minimale looptijd gehaald wordt) = terugkerend × basispunten / 10.000, helft naar boven afgerond, geldt enkel voor het terugkerende deel.',
    'Eenmalig = installatie + aansluiting (meters × tarief per meter); totaal = eenmalig + terugkerend − korting.',
    'Verdeling van de inkomsten: het aandeel van de operator = totaal × aandeel (in miljoensten) / 1.000.000, helft naar boven afgerond; de rest gaat naar de eigenaars naar verhouding van hun meters op het tracé of de tracés, volgens de grootste rest (gelijke stand: id van de eigenaar), zodat de delen exact het totaal vormen.',
    'Diverse bescherming: de installatie wordt één keer aangerekend; afstandsvergoedingen gelden voor elk segment van beide tracés, en de bandbreedtevergoeding voor elk tracé.',
  ],
};

/** The statement's rules (analytics/circuits.ts, English in the billing report) in French and Dutch. */
export const STATEMENT_RULES_TEXT: Record<'fr' | 'nl', readonly string[]> = {
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

/** The words of the API's docs page (GET /api/docs) around the operations, which the OpenAPI document describes in English. */
const apiDocsEn = {
  authenticate: 'Authenticate with',
  errorsAre: 'Errors are',
  machineReadable: 'The machine-readable document:',
  describedIn: '',
  loading: 'Loading…',
  parameter: 'parameter',
  in: 'in',
  type: 'type',
  description: 'description',
  roles: 'roles:',
  noToken: 'no token needed',
  answers: 'answers:',
};
export type ApiDocsKey = keyof typeof apiDocsEn;
export const API_DOCS_LABELS: Record<Lang, Record<ApiDocsKey, string>> = {
  en: apiDocsEn,
  fr: {
    authenticate: 'Authentifiez-vous avec', errorsAre: 'Les erreurs ont la forme', machineReadable: 'Le document lisible par machine :',
    describedIn: 'Les opérations sont décrites en anglais, la langue du document OpenAPI.', loading: 'Chargement…',
    parameter: 'paramètre', in: 'dans', type: 'type', description: 'description', roles: 'rôles :', noToken: 'sans jeton', answers: 'réponses :',
  },
  nl: {
    authenticate: 'Meld u aan met', errorsAre: 'Fouten hebben de vorm', machineReadable: 'Het machineleesbare document:',
    describedIn: 'De bewerkingen zijn in het Engels beschreven, de taal van het OpenAPI-document.', loading: 'Laden…',
    parameter: 'parameter', in: 'in', type: 'type', description: 'beschrijving', roles: 'rollen:', noToken: 'geen token nodig', answers: 'antwoorden:',
  },
};

/** Euro cents as the locale writes money: "€6,059.54", "6 059,54 €", "€ 6.059,54". */
export function formatEuroCents(cents: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

// ---------------------------------------------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------------------------------------------

/** A count of sites of one kind, or one site by name: the parts of "Jette town hall and 3 schools". */
export type SitesPart = { name: string } | { count: number; kind: string };
/** A worksite as sentences name it; `lastDay` is the start of its last day (UTC), not the instant it ends. */
export interface WorksiteWords { id: string; road: string | null; firstDay: number | null; lastDay: number | null; synthetic: boolean }
/** A quoted service: a lit rate or dark pairs. */
export type ServiceWords = { bandwidthBps: number } | { pairs: number };
/** A segment end as the fibre alerts name it: its letter and the measuring interface (ifName, else its ifIndex). */
export interface FibreEndWords { end: string; device: string; ifName: string | null; ifIndex: number }
export interface OverloadWords { segment: string; loadBps: number; loadPct: number; litCapacityBps: number }

/** The values of each sentence kind: raw numbers (bit/s, metres, %, epoch ms), ids and names. */
/** "field: message", with French's space before the colon: how every refusal names its field. */
export function fieldSays(field: string, text: string, lang: Lang): string {
  return `${field}${lang === 'fr' ? ' : ' : ': '}${text}`;
}

export interface SentenceValues {
  'relocation.move': {
    hotspot: string; clients: number | null; windowDays: number; target: string; targetKind: string; coveredBySpot: boolean;
    radiusMetres: number; site: string; siteMetres: number; gain: number; weight: number; costPerMetre: number; usageWeight: number;
  };
  'resilience.outsideCore': { segment: string };
  'resilience.splitsCore': { segment: string };
  'resilience.cutOff': { segment: string; sites: SitesPart[] };
  'resilience.loop': { segment: string };
  'resilience.detour': { segment: string; movedBps: number; measured: boolean; detourMetres: number; path: string[]; maxLoadPct: number };
  'resilience.detourOverloaded': {
    segment: string; movedBps: number; measured: boolean; detourMetres: number; path: string[]; maxLoadPct: number;
    worst: OverloadWords[]; more: number;
  };
  'roadworks.capacityAbove': { works: WorksiteWords; coveredMetres: number; segment: string; maxLoadPct: number };
  'roadworks.capacityCrossing': { works: WorksiteWords; coveredMetres: number; segment: string; maxLoadPct: number; crossesAt: number; marginWeeks: number };
  'roadworks.reach': { works: WorksiteWords; coveredMetres: number; backhaulMetres: number; target: string; targetKind: string; radiusMetres: number; site: string };
  'quote.unknownSite': { field: string; site: string };
  'quote.siteNotConnected': { site: string; name: string };
  'quote.noNetwork': Record<string, never>;
  'quote.sameSite': { site: string; name: string };
  'quote.notConnected': { from: string; to: string };
  'quote.insufficient': { from: string; to: string; service: ServiceWords; cut: string[]; upgrade: string[] | null };
  'quote.noDiverse': { from: string; to: string; service: ServiceWords; spof: string[]; upgrade: string[] | null };
  'quote.outsideRegion': { field: string; lon: number; lat: number; swapped: boolean; west: number; south: number; east: number; north: number };
  'quote.tooFar': { field: string; metres: number; site: string; maxMetres: number };
  'quote.bandwidthCap': { field: string; maxBps: number };
  'error.lang': { value: string };
  // The API's own words on a refused date, window or body (api/format.ts, api/openapi.ts).
  'error.isoFormat': Record<string, never>;
  'error.notCalendarDate': { day: string };
  'error.notTimeOfDay': { time: string };
  'error.outsideStore': { from: string; to: string };
  'error.fromBeforeTo': Record<string, never>;
  'error.windowTooLong': { days: number };
  'error.notJson': Record<string, never>;
  'error.bandwidthCap': Record<string, never>;
  'error.wholeBps': Record<string, never>;
  'error.tokenRequired': Record<string, never>;
  'error.tokenUnknown': Record<string, never>;
  'error.rateLimited': { token: string; seconds: number };
  'error.forbidden': { role: string; method: string; path: string; allowed: string[] };
  'error.noRoute': { method: string; path: string };
  'error.bodyTooLarge': { bytes: number };
  'error.notFound': { kind: 'segment' | 'hotspot' | 'quote' | 'circuit' | 'site' | 'administration' | 'maintenance'; id: string };
  'error.noProbe': { configDir: string };
  'error.field': { field: string; says: Sentence };
  'error.stepTooFine': { stepMinutes: number; maxPoints: number };
  'error.monthNotBegun': { month: string };
  'error.unknownRef': { kind: 'site' | 'device' | 'segment'; id: string };
  'error.cadastreWindow': { id: string };
  'error.notAfterTo': Record<string, never>;
  'error.withinYear': Record<string, never>;
  'error.litOnly': Record<string, never>;
  'error.burstBelow': { bps: number };
  'error.notLit': { circuit: string };
  'error.noGeojson': Record<string, never>;
  'error.noPriceBook': { feature: 'quotes' | 'circuits' | 'opportunities' };
  'alert.deviceDown': { device: string; heldMs: number; failed: number; lastStatus: string | null; intervals: number; intervalMs: number };
  'alert.deviceUp': { device: string; heldMs: number; intervals: number; intervalMs: number };
  'alert.deviceAuth': { device: string; heldMs: number };
  'alert.deviceAuthOk': { device: string; lastStatus: string };
  'alert.hotspotDown': { hotspot: string; name: string; commune: string; noData: boolean; heldMs: number; intervals: number; intervalMs: number };
  'alert.hotspotUp': { hotspot: string; name: string; commune: string; clients: number; heldMs: number; intervals: number; intervalMs: number };
  'alert.hotspotUnderused': { hotspot: string; name: string; commune: string; meanNow: number; meanPrev: number | null; windowDays: number; threshold: number };
  'alert.segmentHot': { segment: string; owner: string; direction: 'ab' | 'ba'; share: number; capacityBps: number; heldMs: number; threshold: number; hot: boolean };
  'alert.forecastAbove': { segment: string; owner: string; levelShare: number; capacityBps: number; maxLoad: number };
  'alert.forecastCrossing': { segment: string; owner: string; maxLoad: number; capacityBps: number; crossesAt: number; horizonDays: number };
  'alert.forecastClear': { segment: string; owner: string; levelShare: number; capacityBps: number; maxLoad: number; horizonDays: number };
  'alert.fibreDark': { segment: string; owner: string; end: FibreEndWords; rxDbm: number; lowAlarmDbm: number };
  'alert.fibreLit': { segment: string; owner: string; ends: number };
  'alert.fibreDegrading': { segment: string; owner: string; end: FibreEndWords; rxDbm: number; lowAlarmDbm: number; crossesAt: number; horizonDays: number };
  'alert.fibreSteady': { segment: string; owner: string; horizonDays: number };
  'alert.fibreErrors': { segment: string; owner: string; errorsPs: number; thresholdPs: number; above: boolean };
  'alert.collectorBacklog': { collector: string; spoolBytes: number; batches: number | null; thresholdBytes: number; dropped: number; thresholdDropped: number };
  // The printable quote (api/quote-html.ts).
  'doc.quoteIntro': { customer: string | null };
  'doc.quoteService': { service: ServiceWords };
  'doc.termMonths': { months: number };
  'doc.accessBuild': { metres: number; lon: number; lat: number };
  'doc.accessBuildLine': { end: string; metres: number };
  'doc.bandwidthLine': { months: number };
  'doc.distanceLine': { months: number };
  'doc.discountLine': { basisPoints: number };
  'doc.operatorShare': { millionths: number };
  // The details an alert's description adds to its summary (alertDescription), for operators.
  'alert.deviceWhere': { role: string; site: string; target: string };
  'alert.hotspotWhere': { apName: string; controller: string };
  'alert.segmentHotDetail': { bps: number; bucketStart: number; abBps: number; baBps: number; buckets: number };
  'alert.forecastTrend': { slopeBpsPerDay: number; days: number };
  'alert.fibreReading': { latestAt: number | null };
  'alert.fibreDegradingDetail': { end: FibreEndWords; rxDbm: number; marginDb: number | null; trendDbPerWeek: number | null; windowDays: number };
  'alert.fibreErrorsDetail': { windowMinutes: number; inPs: number | null; outPs: number | null };
  /** Appended to the summary of an alert resolved because its rule was disabled or its subject removed. */
  'alert.noLongerEvaluated': Record<string, never>;
}
export type SentenceKey = keyof SentenceValues;
/** A sentence to render: its kind and its values. */
export type Sentence = { [K in SentenceKey]: { key: K; values: SentenceValues[K] } }[SentenceKey];

/** Builds a sentence, typed by its kind. */
export function sentence<K extends SentenceKey>(key: K, values: SentenceValues[K]): Sentence {
  return { key, values } as Sentence;
}

// Number helpers of the sentences. English keeps the exact forms its tests and readers know (no grouping in
// formulas); French and Dutch take their decimal comma from Intl.
const fixed = (v: number, digits: number, lang: Lang): string =>
  new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(v);
const plain = (v: number, lang: Lang): string =>
  new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 10, useGrouping: false }).format(v);
/** Metres: "640 m", "5.11 km" (two decimals at most from 1 km). */
export function formatMetres(m: number, lang: Lang): string {
  return m >= 1000 ? `${formatNumber(Number((m / 1000).toFixed(2)), lang, 2)} km` : `${Math.round(m)} m`;
}
/** Whole metres, grouped: "1,234 m", "1 234 m". */
const wholeMetres = (m: number, lang: Lang): string => `${formatNumber(Math.round(m), lang, 0)} m`;

function joinWords(words: readonly string[], lang: Lang): string {
  if (words.length <= 1) return words.join('');
  const and = { en: 'and', fr: 'et', nl: 'en' }[lang];
  return `${words.slice(0, -1).join(', ')} ${and} ${words[words.length - 1]}`;
}

/** Target kinds (config/schema.ts TargetKind) as readers name them. */
const TARGET_KIND: Record<Lang, Record<string, string>> = {
  en: {
    'social-housing': 'social housing', 'maison-de-quartier': 'maison de quartier', 'public-digital-space': 'public digital space',
    library: 'library', cpas: 'CPAS', 'community-centre': 'community centre', school: 'school', townhall: 'town hall', other: 'other place',
  },
  fr: {
    'social-housing': 'logement social', 'maison-de-quartier': 'maison de quartier', 'public-digital-space': 'espace public numérique',
    library: 'bibliothèque', cpas: 'CPAS', 'community-centre': 'centre communautaire', school: 'école', townhall: 'maison communale', other: 'autre lieu',
  },
  nl: {
    'social-housing': 'sociale woningen', 'maison-de-quartier': 'buurthuis', 'public-digital-space': 'openbare digitale ruimte',
    library: 'bibliotheek', cpas: 'OCMW', 'community-centre': 'gemeenschapscentrum', school: 'school', townhall: 'gemeentehuis', other: 'andere plaats',
  },
};
const targetKind = (kind: string, lang: Lang): string => TARGET_KIND[lang][kind] ?? kind.replace(/-/g, ' ');

/** Site kinds (config/schema.ts SiteKind), one site. */
const SITE_KIND: Record<Lang, Record<string, string>> = {
  en: {
    'administration': 'administration', 'commune-hall': 'commune hall', 'cpas': 'CPAS', 'school': 'school', 'library': 'library', 'pop': 'PoP',
    'metro-station': 'metro station', 'hospital': 'hospital', 'police': 'police site', 'fire-station': 'fire station', 'depot': 'depot',
    'datacentre': 'datacentre', 'community-centre': 'community centre', 'public-space': 'public space', 'other': 'other site',
  },
  fr: {
    'administration': 'administration', 'commune-hall': 'maison communale', 'cpas': 'CPAS', 'school': 'école', 'library': 'bibliothèque', 'pop': 'PoP',
    'metro-station': 'station de métro', 'hospital': 'hôpital', 'police': 'site de police', 'fire-station': 'caserne de pompiers', 'depot': 'dépôt',
    'datacentre': 'centre de données', 'community-centre': 'centre communautaire', 'public-space': 'espace public', 'other': 'autre site',
  },
  nl: {
    'administration': 'administratie', 'commune-hall': 'gemeentehuis', 'cpas': 'OCMW', 'school': 'school', 'library': 'bibliotheek', 'pop': 'PoP',
    'metro-station': 'metrostation', 'hospital': 'ziekenhuis', 'police': 'politiesite', 'fire-station': 'brandweerkazerne', 'depot': 'stelplaats',
    'datacentre': 'datacenter', 'community-centre': 'gemeenschapscentrum', 'public-space': 'openbare ruimte', 'other': 'andere site',
  },
};
/** A site or target kind as readers name it in their language ("town hall", "maison communale"). */
export function kindLabel(kind: string, lang: Lang): string {
  return TARGET_KIND[lang][kind] ?? SITE_KIND[lang][kind] ?? kind.replace(/-/g, ' ');
}

/** Site kinds (config/schema.ts SiteKind) in the plural, for "3 schools". */
const SITE_KIND_PLURAL: Record<Lang, Record<string, string>> = {
  en: {
    'administration': 'administrations', 'commune-hall': 'commune halls', 'cpas': 'CPAS', 'school': 'schools',
    'library': 'libraries', 'pop': 'PoPs', 'metro-station': 'metro stations', 'hospital': 'hospitals',
    'police': 'police sites', 'fire-station': 'fire stations', 'depot': 'depots', 'datacentre': 'datacentres',
    'community-centre': 'community centres', 'public-space': 'public spaces', 'other': 'other sites',
  },
  fr: {
    'administration': 'administrations', 'commune-hall': 'maisons communales', 'cpas': 'CPAS', 'school': 'écoles',
    'library': 'bibliothèques', 'pop': 'PoP', 'metro-station': 'stations de métro', 'hospital': 'hôpitaux',
    'police': 'sites de police', 'fire-station': 'casernes de pompiers', 'depot': 'dépôts', 'datacentre': 'centres de données',
    'community-centre': 'centres communautaires', 'public-space': 'espaces publics', 'other': 'autres sites',
  },
  nl: {
    'administration': 'administraties', 'commune-hall': 'gemeentehuizen', 'cpas': 'OCMW’s', 'school': 'scholen',
    'library': 'bibliotheken', 'pop': 'PoP’s', 'metro-station': 'metrostations', 'hospital': 'ziekenhuizen',
    'police': 'politiesites', 'fire-station': 'brandweerkazernes', 'depot': 'stelplaatsen', 'datacentre': 'datacenters',
    'community-centre': 'gemeenschapscentra', 'public-space': 'openbare ruimten', 'other': 'andere sites',
  },
};
/** "Jette town hall and 3 schools" in a language. */
export const sitesWords = (parts: readonly SitesPart[], lang: Lang): string => joinWords(parts.map((p) => ('name' in p ? p.name
  : `${p.count} ${SITE_KIND_PLURAL[lang][p.kind] ?? ({ en: `${p.kind} sites`, fr: `sites ${p.kind}`, nl: `${p.kind}-sites` }[lang])}`)), lang);

function days(d: number, lang: Lang): string {
  const whole = Math.abs(d - Math.round(d)) < 1e-6;
  const n = whole ? String(Math.round(d)) : fixed(d, 1, lang);
  const one = whole && Math.round(d) === 1;
  return `${n} ${{ en: one ? 'day' : 'days', fr: one ? 'jour' : 'jours', nl: one ? 'dag' : 'dagen' }[lang]}`;
}
const weeks = (n: number, lang: Lang): string => `${n} ${{ en: n === 1 ? 'week' : 'weeks', fr: n === 1 ? 'semaine' : 'semaines', nl: n === 1 ? 'week' : 'weken' }[lang]}`;

function worksWords(w: WorksiteWords, lang: Lang): string {
  const dates = w.firstDay !== null && w.lastDay !== null ? `${formatDay(w.firstDay, lang)}–${formatDay(w.lastDay, lang)}`
    : w.lastDay !== null ? `${{ en: 'until', fr: 'jusqu’au', nl: 'tot' }[lang]} ${formatDay(w.lastDay, lang)}`
      : { en: 'dates not programmed', fr: 'dates non programmées', nl: 'data niet gepland' }[lang];
  const road = w.road ? ` ${{ en: 'on', fr: 'sur', nl: 'op' }[lang]} ${w.road}` : '';
  const synthetic = w.synthetic ? ` [${{ en: 'synthetic', fr: 'synthétique', nl: 'synthetisch' }[lang]}]` : '';
  return `${{ en: 'Works', fr: 'Le chantier', nl: 'Werf' }[lang]} ${w.id}${road} (${dates})${synthetic}`;
}

function serviceWords(s: ServiceWords, lang: Lang): string {
  // A requested rate shown whole (to 1 Mbit/s up to 999 Gbit/s), not rounded to 3 digits like measured figures.
  if ('bandwidthBps' in s) return `${formatBps(s.bandwidthBps, lang, 6)} ${{ en: 'lit', fr: 'allumés', nl: 'belicht' }[lang]}`;
  const one = s.pairs === 1;
  return `${s.pairs} ${{ en: one ? 'dark pair' : 'dark pairs', fr: one ? 'paire noire' : 'paires noires', nl: one ? 'donker paar' : 'donkere paren' }[lang]}`;
}

// Alert sentences: durations, tenths, shares and bytes as the rules have always written them in English.
/** "90 s", "5 min", "2 h 5 min", "3 d" (fr: j; nl: u, d). */
export function formatDuration(ms: number, lang: Lang = 'en'): string {
  const [h_, d_] = { en: ['h', 'd'], fr: ['h', 'j'], nl: ['u', 'd'] }[lang];
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.floor(m / 60), rm = m % 60;
  if (h < 48) return rm ? `${h} ${h_} ${rm} min` : `${h} ${h_}`;
  return `${Math.round(h / 24)} ${d_}`;
}
/** One decimal at most: "1.5", "2" (the locale's comma in French and Dutch). */
export function tenth(x: number, lang: Lang = 'en'): string {
  const v = Math.round(x * 10) / 10;
  return lang === 'en' ? v.toString() : formatNumber(v, lang, 1);
}
/** Bytes in SI units: "1.5 GB" (fr: Go, Mo, ko, o). */
export function formatBytes(b: number, lang: Lang = 'en'): string {
  const names = lang === 'fr' ? ['Go', 'Mo', 'ko', 'o'] : ['GB', 'MB', 'kB', 'B'];
  const units: Array<[number, string]> = [[1e9, names[0]], [1e6, names[1]], [1e3, names[2]]];
  for (const [f, u] of units) if (Math.abs(b) >= f) return `${tenth(b / f, lang)} ${u}`;
  return `${Math.round(b)} ${names[3]}`;
}
const share = (x: number, lang: Lang): string => formatPercent(x * 100, lang);
const segName = (v: { segment: string; owner: string }, lang: Lang): string => `${{ en: 'Segment', fr: 'Tronçon', nl: 'Segment' }[lang]} ${v.segment} (${v.owner})`;
const intervalsOf = (v: { intervals: number; intervalMs: number }, lang: Lang): string => ({
  en: `threshold ${v.intervals} intervals of ${formatDuration(v.intervalMs, lang)}`,
  fr: `seuil ${v.intervals} intervalles de ${formatDuration(v.intervalMs, lang)}`,
  nl: `drempel ${v.intervals} intervallen van ${formatDuration(v.intervalMs, lang)}`,
}[lang]);
const pollStatus = (st: string | null, lang: Lang): string => st === null ? { en: 'no data', fr: 'aucune donnée', nl: 'geen gegevens' }[lang]
  : lang === 'en' ? st : ({ ok: { fr: 'réussi', nl: 'geslaagd' }, timeout: { fr: 'délai dépassé', nl: 'time-out' }, auth_error: { fr: 'refus d’authentification', nl: 'authenticatiefout' }, error: { fr: 'erreur', nl: 'fout' } } as Record<string, Record<'fr' | 'nl', string>>)[st]?.[lang] ?? st;

/** Device roles (config/schema.ts DeviceRole) as operators read them; English keeps the cadastre's word. */
const DEVICE_ROLE: Record<'fr' | 'nl', Record<string, string>> = {
  fr: { switch: 'commutateur', router: 'routeur', 'wifi-controller': 'contrôleur wifi', ap: 'borne wifi' },
  nl: { switch: 'switch', router: 'router', 'wifi-controller': 'wifi-controller', ap: 'toegangspunt' },
};
const deviceRole = (role: string, lang: Lang): string => (lang === 'en' ? role : DEVICE_ROLE[lang][role] ?? role);
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const isoOr = (t: number | null): string => (t === null ? '—' : new Date(t).toISOString());
const signedBps = (bps: number, lang: Lang): string => `${bps >= 0 ? '+' : ''}${formatBps(bps, lang)}`;

/** "end a (sw-bxl Gi0/1)", "extrémité a (…)", "uiteinde a (…)". */
export const fibreEndName = (e: FibreEndWords, lang: Lang = 'en'): string => `${{ en: 'end', fr: 'extrémité', nl: 'uiteinde' }[lang]} ${e.end} (${e.device} ${e.ifName ?? `ifIndex ${e.ifIndex}`})`;
/** Errored packets per second: "3.2 packets/s", "3,2 paquets/s" (the map's perSecond label). */
const packetsPs = (v: number, lang: Lang): string => `${tenth(v, lang)} ${LABELS[lang].perSecond}`;

type Renderers = { [K in SentenceKey]: Record<Lang, (v: SentenceValues[K]) => string> };

const moved = (v: { movedBps: number; measured: boolean }, lang: Lang): string => v.measured ? formatBps(v.movedBps, lang)
  : `${formatBps(0, lang)} (${{ en: 'no samples in the window', fr: 'aucun échantillon sur la période', nl: 'geen metingen in de periode' }[lang]})`;
const via = (v: { detourMetres: number; path: string[] }, lang: Lang, long: boolean): string => long
  ? { en: `${formatMetres(v.detourMetres, lang)} detour over ${v.path.length} segments`, fr: `détour de ${formatMetres(v.detourMetres, lang)} sur ${v.path.length} tronçons`, nl: `omleiding van ${formatMetres(v.detourMetres, lang)} over ${v.path.length} segmenten` }[lang]
  : { en: `${formatMetres(v.detourMetres, lang)} detour via ${v.path.join(', ')}`, fr: `détour de ${formatMetres(v.detourMetres, lang)} par ${v.path.join(', ')}`, nl: `omleiding van ${formatMetres(v.detourMetres, lang)} via ${v.path.join(', ')}` }[lang];
const overloads = (v: SentenceValues['resilience.detourOverloaded'], lang: Lang): string => {
  const words = v.worst.map((o) => ({
    en: `${o.segment} would carry ${formatBps(o.loadBps, lang)} (${formatPercent(o.loadPct, lang)} of ${formatBps(o.litCapacityBps, lang)})`,
    fr: `${o.segment} porterait ${formatBps(o.loadBps, lang)} (${formatPercent(o.loadPct, lang)} de ${formatBps(o.litCapacityBps, lang)})`,
    nl: `${o.segment} zou ${formatBps(o.loadBps, lang)} dragen (${formatPercent(o.loadPct, lang)} van ${formatBps(o.litCapacityBps, lang)})`,
  }[lang]));
  if (v.more > 0) words.push({ en: `${v.more} more`, fr: `${v.more} autres`, nl: `${v.more} andere` }[lang]);
  return joinWords(words, lang);
};
const upgradeTail = (ids: string[] | null, lang: Lang, diverse: boolean): string => {
  if (ids && ids.length) {
    const list = ids.join(', ');
    return diverse
      ? { en: `; upgrading ${list} would give a diverse pair`, fr: ` ; renforcer ${list} donnerait une paire diverse`, nl: `; een upgrade van ${list} zou een divers paar geven` }[lang]
      : { en: `; upgrading ${list} would make it feasible`, fr: ` ; renforcer ${list} le rendrait réalisable`, nl: `; een upgrade van ${list} zou het haalbaar maken` }[lang];
  }
  return diverse ? { en: '; the topology has no diverse pair even with upgrades', fr: ' ; la topologie n’a pas de paire diverse, même renforcée', nl: '; de topologie heeft zelfs met upgrades geen divers paar' }[lang] : '';
};
const coords = (v: { lon: number; lat: number }, lang: Lang): string => `[${plain(v.lon, lang)}; ${plain(v.lat, lang)}]`.replace('; ', lang === 'en' ? ', ' : ' ; ');

type DetailKey = 'alert.deviceWhere' | 'alert.hotspotWhere' | 'alert.segmentHotDetail' | 'alert.forecastTrend' | 'alert.fibreReading' | 'alert.fibreDegradingDetail' | 'alert.fibreErrorsDetail' | 'alert.noLongerEvaluated';
const SENTENCES: Omit<Renderers, DetailKey> = {
  'relocation.move': {
    en: (v) => `Spot ${v.hotspot} ${v.clients === null ? `had no client sample in open hours over ${days(v.windowDays, 'en')}` : `averaged ${fixed(v.clients, 1, 'en')} clients in open hours over ${days(v.windowDays, 'en')}`}; `
      + `target ${v.target} (${targetKind(v.targetKind, 'en')}) ${v.coveredBySpot ? `is covered within ${Math.round(v.radiusMetres)} m only by this spot` : `has no coverage within ${Math.round(v.radiusMetres)} m`} `
      + `and a fibre site (${v.site}) ${v.siteMetres >= 10_000 ? `${fixed(v.siteMetres / 1000, 1, 'en')} km` : `${Math.round(v.siteMetres)} m`} away. `
      + `Gain ${fixed(v.gain, 2, 'en')} = weight ${plain(v.weight, 'en')} − ${plain(v.costPerMetre, 'en')} × ${fixed(v.siteMetres, 0, 'en')} m − ${plain(v.usageWeight, 'en')} × ${fixed(v.clients ?? 0, 1, 'en')} clients.`,
    fr: (v) => `Le point d’accès ${v.hotspot} ${v.clients === null ? `n’a eu aucun échantillon de clients aux heures d’ouverture sur ${days(v.windowDays, 'fr')}` : `a compté en moyenne ${fixed(v.clients, 1, 'fr')} clients aux heures d’ouverture sur ${days(v.windowDays, 'fr')}`} ; `
      + `la cible ${v.target} (${targetKind(v.targetKind, 'fr')}) ${v.coveredBySpot ? `n’est couverte dans un rayon de ${Math.round(v.radiusMetres)} m que par ce point` : `n’a aucune couverture dans un rayon de ${Math.round(v.radiusMetres)} m`} `
      + `et un site fibré (${v.site}) se trouve à ${v.siteMetres >= 10_000 ? `${fixed(v.siteMetres / 1000, 1, 'fr')} km` : `${Math.round(v.siteMetres)} m`}. `
      + `Gain ${fixed(v.gain, 2, 'fr')} = poids ${plain(v.weight, 'fr')} − ${plain(v.costPerMetre, 'fr')} × ${fixed(v.siteMetres, 0, 'fr')} m − ${plain(v.usageWeight, 'fr')} × ${fixed(v.clients ?? 0, 1, 'fr')} clients.`,
    nl: (v) => `Hotspot ${v.hotspot} ${v.clients === null ? `had geen clientmeting tijdens openingsuren over ${days(v.windowDays, 'nl')}` : `telde gemiddeld ${fixed(v.clients, 1, 'nl')} clients tijdens openingsuren over ${days(v.windowDays, 'nl')}`}; `
      + `doelplaats ${v.target} (${targetKind(v.targetKind, 'nl')}) ${v.coveredBySpot ? `wordt binnen ${Math.round(v.radiusMetres)} m enkel door deze hotspot gedekt` : `heeft geen dekking binnen ${Math.round(v.radiusMetres)} m`} `
      + `en een glasvezelsite (${v.site}) ligt op ${v.siteMetres >= 10_000 ? `${fixed(v.siteMetres / 1000, 1, 'nl')} km` : `${Math.round(v.siteMetres)} m`}. `
      + `Winst ${fixed(v.gain, 2, 'nl')} = gewicht ${plain(v.weight, 'nl')} − ${plain(v.costPerMetre, 'nl')} × ${fixed(v.siteMetres, 0, 'nl')} m − ${plain(v.usageWeight, 'nl')} × ${fixed(v.clients ?? 0, 1, 'nl')} clients.`,
  },
  'resilience.outsideCore': {
    en: (v) => `Cutting ${v.segment} splits a part of the network that is not connected to the core anyway.`,
    fr: (v) => `Couper ${v.segment} scinde une partie du réseau qui n’est de toute façon pas reliée au cœur.`,
    nl: (v) => `Het doorsnijden van ${v.segment} splitst een deel van het net dat sowieso niet met de kern verbonden is.`,
  },
  'resilience.splitsCore': {
    en: (v) => `Cutting ${v.segment} splits the core in two: every site keeps a path to some core site.`,
    fr: (v) => `Couper ${v.segment} scinde le cœur en deux : chaque site garde un chemin vers un site du cœur.`,
    nl: (v) => `Het doorsnijden van ${v.segment} splitst de kern in tweeën: elke site behoudt een pad naar een kernsite.`,
  },
  'resilience.cutOff': {
    en: (v) => `Cutting ${v.segment} cuts off ${sitesWords(v.sites, 'en')} from the core.`,
    fr: (v) => `Couper ${v.segment} isole ${sitesWords(v.sites, 'fr')} du cœur.`,
    nl: (v) => `Het doorsnijden van ${v.segment} snijdt ${sitesWords(v.sites, 'nl')} af van de kern.`,
  },
  'resilience.loop': {
    en: (v) => `${v.segment} is a loop on one site: cutting it isolates nothing.`,
    fr: (v) => `${v.segment} est une boucle sur un seul site : le couper n’isole rien.`,
    nl: (v) => `${v.segment} is een lus op één site: doorsnijden isoleert niets.`,
  },
  'resilience.detour': {
    en: (v) => `Cutting ${v.segment} moves ${moved(v, 'en')} onto a ${via(v, 'en', false)}; no detour segment exceeds ${formatPercent(v.maxLoadPct, 'en')} of its lit capacity.`,
    fr: (v) => `Couper ${v.segment} reporte ${moved(v, 'fr')} sur un ${via(v, 'fr', false)} ; aucun tronçon du détour ne dépasse ${formatPercent(v.maxLoadPct, 'fr')} de sa capacité allumée.`,
    nl: (v) => `Het doorsnijden van ${v.segment} verschuift ${moved(v, 'nl')} naar een ${via(v, 'nl', false)}; geen enkel omleidingssegment overschrijdt ${formatPercent(v.maxLoadPct, 'nl')} van zijn belichte capaciteit.`,
  },
  'resilience.detourOverloaded': {
    en: (v) => `Cutting ${v.segment} moves ${moved(v, 'en')} onto a ${via(v, 'en', v.path.length > 4)}: ${overloads(v, 'en')}, above the ${formatPercent(v.maxLoadPct, 'en')} limit.`,
    fr: (v) => `Couper ${v.segment} reporte ${moved(v, 'fr')} sur un ${via(v, 'fr', v.path.length > 4)} : ${overloads(v, 'fr')}, au-delà de la limite de ${formatPercent(v.maxLoadPct, 'fr')}.`,
    nl: (v) => `Het doorsnijden van ${v.segment} verschuift ${moved(v, 'nl')} naar een ${via(v, 'nl', v.path.length > 4)}: ${overloads(v, 'nl')}, boven de grens van ${formatPercent(v.maxLoadPct, 'nl')}.`,
  },
  'roadworks.capacityAbove': {
    en: (v) => `${worksWords(v.works, 'en')} cover ${wholeMetres(v.coveredMetres, 'en')} of segment ${v.segment}, which is already above ${formatPercent(v.maxLoadPct, 'en')} of its capacity: lay a second cable during these works.`,
    fr: (v) => `${worksWords(v.works, 'fr')} recouvre ${wholeMetres(v.coveredMetres, 'fr')} du tronçon ${v.segment}, déjà au-delà de ${formatPercent(v.maxLoadPct, 'fr')} de sa capacité : posez un second câble pendant ces travaux.`,
    nl: (v) => `${worksWords(v.works, 'nl')} beslaat ${wholeMetres(v.coveredMetres, 'nl')} van segment ${v.segment}, dat al boven ${formatPercent(v.maxLoadPct, 'nl')} van zijn capaciteit zit: leg tijdens deze werken een tweede kabel.`,
  },
  'roadworks.capacityCrossing': {
    en: (v) => `${worksWords(v.works, 'en')} cover ${wholeMetres(v.coveredMetres, 'en')} of segment ${v.segment}, which reaches ${formatPercent(v.maxLoadPct, 'en')} of its capacity around ${formatDay(v.crossesAt, 'en')}: lay a second cable before then (${weeks(v.marginWeeks, 'en')} of margin).`,
    fr: (v) => `${worksWords(v.works, 'fr')} recouvre ${wholeMetres(v.coveredMetres, 'fr')} du tronçon ${v.segment}, qui atteindra ${formatPercent(v.maxLoadPct, 'fr')} de sa capacité vers le ${formatDay(v.crossesAt, 'fr')} : posez un second câble avant cette date (marge de ${weeks(v.marginWeeks, 'fr')}).`,
    nl: (v) => `${worksWords(v.works, 'nl')} beslaat ${wholeMetres(v.coveredMetres, 'nl')} van segment ${v.segment}, dat rond ${formatDay(v.crossesAt, 'nl')} ${formatPercent(v.maxLoadPct, 'nl')} van zijn capaciteit bereikt: leg vóór die datum een tweede kabel (marge van ${weeks(v.marginWeeks, 'nl')}).`,
  },
  'roadworks.reach': {
    en: (v) => `${worksWords(v.works, 'en')} cover ${wholeMetres(v.coveredMetres, 'en')} of the ${wholeMetres(v.backhaulMetres, 'en')} backhaul from ${v.target} (${v.targetKind.replace(/-/g, ' ')}, no hotspot within ${plain(v.radiusMetres, 'en')} m) to fibre site ${v.site}: lay a duct in the open trench.`,
    fr: (v) => `${worksWords(v.works, 'fr')} recouvre ${wholeMetres(v.coveredMetres, 'fr')} des ${wholeMetres(v.backhaulMetres, 'fr')} de raccordement de ${v.target} (${targetKind(v.targetKind, 'fr')}, aucun point d’accès dans un rayon de ${plain(v.radiusMetres, 'fr')} m) au site fibré ${v.site} : posez une gaine dans la tranchée ouverte.`,
    nl: (v) => `${worksWords(v.works, 'nl')} beslaat ${wholeMetres(v.coveredMetres, 'nl')} van de ${wholeMetres(v.backhaulMetres, 'nl')} lange aansluiting van ${v.target} (${targetKind(v.targetKind, 'nl')}, geen hotspot binnen ${plain(v.radiusMetres, 'nl')} m) op glasvezelsite ${v.site}: leg een buis in de open sleuf.`,
  },
  'quote.unknownSite': {
    en: (v) => `${v.field}: unknown site ${v.site}`,
    fr: (v) => `${v.field} : site inconnu ${v.site}`,
    nl: (v) => `${v.field}: onbekende site ${v.site}`,
  },
  'quote.siteNotConnected': {
    en: (v) => `site ${v.site} (${v.name}) has no fibre segment`,
    fr: (v) => `le site ${v.site} (${v.name}) n’a aucun tronçon de fibre`,
    nl: (v) => `site ${v.site} (${v.name}) heeft geen glasvezelsegment`,
  },
  'quote.noNetwork': {
    en: () => 'the network has no site with a segment',
    fr: () => 'le réseau n’a aucun site relié par un tronçon',
    nl: () => 'het net heeft geen site met een segment',
  },
  'quote.sameSite': {
    en: (v) => `both ends connect to site ${v.site} (${v.name}): there is no fibre route to sell`,
    fr: (v) => `les deux extrémités se raccordent au site ${v.site} (${v.name}) : il n’y a pas de liaison de fibre à vendre`,
    nl: (v) => `beide eindpunten sluiten aan op site ${v.site} (${v.name}): er is geen glasvezelverbinding te verkopen`,
  },
  'quote.notConnected': {
    en: (v) => `no fibre route connects ${v.from} and ${v.to}`,
    fr: (v) => `aucune liaison de fibre ne relie ${v.from} et ${v.to}`,
    nl: (v) => `geen glasvezelverbinding verbindt ${v.from} en ${v.to}`,
  },
  'quote.insufficient': {
    en: (v) => `no route from ${v.from} to ${v.to} can carry ${serviceWords(v.service, 'en')}: every route crosses one of ${v.cut.join(', ')}${upgradeTail(v.upgrade, 'en', false)}`,
    fr: (v) => `aucune liaison de ${v.from} à ${v.to} ne peut porter ${serviceWords(v.service, 'fr')} : chaque liaison traverse l’un des tronçons ${v.cut.join(', ')}${upgradeTail(v.upgrade, 'fr', false)}`,
    nl: (v) => `geen verbinding van ${v.from} naar ${v.to} kan ${serviceWords(v.service, 'nl')} dragen: elke verbinding kruist een van ${v.cut.join(', ')}${upgradeTail(v.upgrade, 'nl', false)}`,
  },
  'quote.noDiverse': {
    en: (v) => `a single route carries ${serviceWords(v.service, 'en')} from ${v.from} to ${v.to}, but no two segment-disjoint ones do: every route uses ${v.spof.join(', ')}${upgradeTail(v.upgrade, 'en', true)}`,
    fr: (v) => `une seule liaison porte ${serviceWords(v.service, 'fr')} de ${v.from} à ${v.to}, mais pas deux liaisons sans tronçon commun : chaque liaison emprunte ${v.spof.join(', ')}${upgradeTail(v.upgrade, 'fr', true)}`,
    nl: (v) => `één verbinding draagt ${serviceWords(v.service, 'nl')} van ${v.from} naar ${v.to}, maar geen twee zonder gemeenschappelijk segment: elke verbinding gebruikt ${v.spof.join(', ')}${upgradeTail(v.upgrade, 'nl', true)}`,
  },
  'quote.outsideRegion': {
    en: (v) => `${v.field}: ${coords(v, 'en')} (longitude, latitude) lies outside the network's region (longitude ${plain(v.west, 'en')} to ${plain(v.east, 'en')}, latitude ${plain(v.south, 'en')} to ${plain(v.north, 'en')})${v.swapped ? '; latitude and longitude look swapped: give [longitude, latitude]' : ''}`,
    fr: (v) => `${v.field} : ${coords(v, 'fr')} (longitude ; latitude) est hors de la région du réseau (longitude ${plain(v.west, 'fr')} à ${plain(v.east, 'fr')}, latitude ${plain(v.south, 'fr')} à ${plain(v.north, 'fr')})${v.swapped ? ' ; latitude et longitude semblent inversées : donnez [longitude, latitude]' : ''}`,
    nl: (v) => `${v.field}: ${coords(v, 'nl')} (lengtegraad; breedtegraad) ligt buiten het gebied van het net (lengtegraad ${plain(v.west, 'nl')} tot ${plain(v.east, 'nl')}, breedtegraad ${plain(v.south, 'nl')} tot ${plain(v.north, 'nl')})${v.swapped ? '; breedte- en lengtegraad lijken verwisseld: geef [lengtegraad, breedtegraad]' : ''}`,
  },
  'quote.tooFar': {
    en: (v) => `${v.field}: the nearest site with fibre (${v.site}) is ${formatMetres(v.metres, 'en')} away, beyond the maximum access distance of ${formatMetres(v.maxMetres, 'en')}`,
    fr: (v) => `${v.field} : le site fibré le plus proche (${v.site}) est à ${formatMetres(v.metres, 'fr')}, au-delà de la distance d’accès maximale de ${formatMetres(v.maxMetres, 'fr')}`,
    nl: (v) => `${v.field}: de dichtstbijzijnde glasvezelsite (${v.site}) ligt op ${formatMetres(v.metres, 'nl')}, verder dan de maximale toegangsafstand van ${formatMetres(v.maxMetres, 'nl')}`,
  },
  'quote.bandwidthCap': {
    en: (v) => `${v.field}: at most ${formatBps(v.maxBps, 'en', 6)} (${plain(v.maxBps, 'en')} bit/s), the largest lit capacity of the network`,
    fr: (v) => `${v.field} : au plus ${formatBps(v.maxBps, 'fr', 6)} (${plain(v.maxBps, 'fr')} bit/s), la plus grande capacité allumée du réseau`,
    nl: (v) => `${v.field}: hoogstens ${formatBps(v.maxBps, 'nl', 6)} (${plain(v.maxBps, 'nl')} bit/s), de grootste belichte capaciteit van het net`,
  },
  'error.lang': {
    en: (v) => `lang: unknown language ${JSON.stringify(v.value)}; expected one of ${LANGS.join(', ')}`,
    fr: (v) => `lang : langue inconnue ${JSON.stringify(v.value)} ; valeurs possibles : ${LANGS.join(', ')}`,
    nl: (v) => `lang: onbekende taal ${JSON.stringify(v.value)}; mogelijke waarden: ${LANGS.join(', ')}`,
  },
  'error.isoFormat': {
    en: () => 'expected an ISO 8601 date or date-time, e.g. 2026-11-01T00:00:00Z',
    fr: () => 'date ou date et heure ISO 8601 attendue, p. ex. 2026-11-01T00:00:00Z',
    nl: () => 'ISO 8601-datum of -datum en tijd verwacht, bv. 2026-11-01T00:00:00Z',
  },
  'error.notCalendarDate': {
    en: (v) => `${v.day} is not a calendar date`,
    fr: (v) => `${v.day} n’est pas une date du calendrier`,
    nl: (v) => `${v.day} is geen kalenderdatum`,
  },
  'error.notTimeOfDay': {
    en: (v) => `${v.time} is not a time of day`,
    fr: (v) => `${v.time} n’est pas une heure du jour`,
    nl: (v) => `${v.time} is geen tijdstip van de dag`,
  },
  'error.outsideStore': {
    en: (v) => `outside the times the store holds (${v.from} to ${v.to})`,
    fr: (v) => `hors de la période que la base de mesures contient (du ${v.from} au ${v.to})`,
    nl: (v) => `buiten de periode die de meetdatabank bevat (${v.from} tot ${v.to})`,
  },
  'error.fromBeforeTo': {
    en: () => 'from: must be before to',
    fr: () => 'from : doit précéder la fin de la période',
    nl: () => 'from: moet vóór het einde van de periode liggen',
  },
  'error.windowTooLong': {
    en: (v) => `from: the window may span at most ${v.days} days`,
    fr: (v) => `from : la période couvre au plus ${v.days} jours`,
    nl: (v) => `from: de periode beslaat hoogstens ${v.days} dagen`,
  },
  'error.notJson': {
    en: () => 'body: not valid JSON',
    fr: () => 'body : JSON invalide',
    nl: () => 'body: geen geldige JSON',
  },
  'error.bandwidthCap': {
    en: () => 'at most 1e12 bit/s (1 Tbit/s)',
    fr: () => 'au plus 1e12 bit/s (1 Tbit/s)',
    nl: () => 'hoogstens 1e12 bit/s (1 Tbit/s)',
  },
  'error.wholeBps': {
    en: () => 'expected a whole number of bit/s',
    fr: () => 'un nombre entier de bit/s est attendu',
    nl: () => 'een geheel aantal bit/s verwacht',
  },
  'error.tokenRequired': {
    en: () => 'an Authorization: Bearer <token> header is required',
    fr: () => 'un en-tête Authorization: Bearer <jeton> est requis',
    nl: () => 'een kop Authorization: Bearer <token> is vereist',
  },
  'error.tokenUnknown': {
    en: () => 'unknown or revoked token',
    fr: () => 'jeton inconnu ou révoqué',
    nl: () => 'onbekend of ingetrokken token',
  },
  'error.rateLimited': {
    en: (v) => `too many requests for token ${v.token}; retry in ${v.seconds} s`,
    fr: (v) => `trop de requêtes pour le jeton ${v.token} ; réessayez dans ${v.seconds} s`,
    nl: (v) => `te veel verzoeken voor token ${v.token}; probeer opnieuw over ${v.seconds} s`,
  },
  'error.forbidden': {
    en: (v) => `the ${v.role} role may not use ${v.method} ${v.path} (allowed: ${v.allowed.join(', ')})`,
    fr: (v) => `le rôle ${v.role} ne peut pas utiliser ${v.method} ${v.path} (rôles admis : ${v.allowed.join(', ')})`,
    nl: (v) => `de rol ${v.role} mag ${v.method} ${v.path} niet gebruiken (toegelaten: ${v.allowed.join(', ')})`,
  },
  'error.noRoute': {
    en: (v) => `no route ${v.method} ${v.path}`,
    fr: (v) => `aucune route ${v.method} ${v.path}`,
    nl: (v) => `geen route ${v.method} ${v.path}`,
  },
  'error.bodyTooLarge': {
    en: (v) => `body: larger than the limit of ${v.bytes} bytes`,
    fr: (v) => `body : plus grand que la limite de ${formatNumber(v.bytes, 'fr')} octets`,
    nl: (v) => `body: groter dan de limiet van ${formatNumber(v.bytes, 'nl')} bytes`,
  },
  'error.notFound': {
    en: (v) => ({
      segment: `no segment ${v.id}`, hotspot: `no hotspot ${v.id}`, quote: `no quote ${v.id}`, circuit: `no circuit ${v.id}`,
      site: `unknown site ${v.id}`, administration: `unknown administration ${v.id}`, maintenance: `no maintenance window "${v.id}" declared through the API`,
    })[v.kind],
    fr: (v) => ({
      segment: `aucun segment ${v.id}`, hotspot: `aucun point d’accès ${v.id}`, quote: `aucun devis ${v.id}`, circuit: `aucun circuit ${v.id}`,
      site: `site ${v.id} inconnu`, administration: `administration ${v.id} inconnue`, maintenance: `aucune fenêtre de maintenance « ${v.id} » déclarée par l’API`,
    })[v.kind],
    nl: (v) => ({
      segment: `geen segment ${v.id}`, hotspot: `geen hotspot ${v.id}`, quote: `geen offerte ${v.id}`, circuit: `geen circuit ${v.id}`,
      site: `onbekende site ${v.id}`, administration: `onbekende administratie ${v.id}`, maintenance: `geen onderhoudsvenster "${v.id}" aangemeld via de API`,
    })[v.kind],
  },
  'error.field': {
    en: (v) => fieldSays(v.field, render(v.says, 'en'), 'en'),
    fr: (v) => fieldSays(v.field, render(v.says, 'fr'), 'fr'),
    nl: (v) => fieldSays(v.field, render(v.says, 'nl'), 'nl'),
  },
  'error.stepTooFine': {
    en: (v) => `${v.stepMinutes} min gives more than ${v.maxPoints} points over this window; use a larger step`,
    fr: (v) => `${formatNumber(v.stepMinutes, 'fr')} min donne plus de ${formatNumber(v.maxPoints, 'fr')} points sur cette période ; prenez un pas plus grand`,
    nl: (v) => `${formatNumber(v.stepMinutes, 'nl')} min geeft meer dan ${formatNumber(v.maxPoints, 'nl')} punten over deze periode; neem een grotere stap`,
  },
  'error.monthNotBegun': {
    en: (v) => `${v.month} has not begun`,
    fr: (v) => `${v.month} n’a pas encore commencé`,
    nl: (v) => `${v.month} is nog niet begonnen`,
  },
  'error.unknownRef': {
    en: (v) => `unknown ${v.kind} "${v.id}"`,
    fr: (v) => `${{ site: 'site', device: 'équipement', segment: 'segment' }[v.kind]} « ${v.id} » inconnu`,
    nl: (v) => `onbekend${v.kind === 'site' ? 'e' : ''} ${{ site: 'site', device: 'toestel', segment: 'segment' }[v.kind]} "${v.id}"`,
  },
  'error.cadastreWindow': {
    en: (v) => `"${v.id}" is a window of the cadastre (maintenance.yaml)`,
    fr: (v) => `« ${v.id} » est une fenêtre du cadastre (maintenance.yaml)`,
    nl: (v) => `"${v.id}" is een venster van het kadaster (maintenance.yaml)`,
  },
  'error.notAfterTo': {
    en: () => 'must not be after to',
    fr: () => 'ne peut pas suivre la fin de la période',
    nl: () => 'mag niet na het einde van de periode liggen',
  },
  'error.withinYear': {
    en: () => 'must lie within a year of today',
    fr: () => 'doit se situer à moins d’un an d’aujourd’hui',
    nl: () => 'moet binnen een jaar van vandaag liggen',
  },
  'error.litOnly': {
    en: () => 'burstBps and interface apply to lit circuits only',
    fr: () => 'burstBps et interface ne s’appliquent qu’aux circuits allumés',
    nl: () => 'burstBps en interface gelden alleen voor belichte circuits',
  },
  'error.burstBelow': {
    en: (v) => `must be at least the committed ${v.bps} bit/s`,
    fr: (v) => `doit valoir au moins le débit garanti de ${formatNumber(v.bps, 'fr')} bit/s`,
    nl: (v) => `moet minstens de gewaarborgde ${formatNumber(v.bps, 'nl')} bit/s zijn`,
  },
  'error.notLit': {
    en: (v) => `circuit ${v.circuit} is dark fibre: it has no usage billing (its contracted charges are in /api/revenue)`,
    fr: (v) => `le circuit ${v.circuit} est en fibre noire : il n’a pas de facturation à l’usage (ses montants contractuels sont dans /api/revenue)`,
    nl: (v) => `circuit ${v.circuit} is donkere vezel: het heeft geen verbruiksfacturatie (de contractuele bedragen staan in /api/revenue)`,
  },
  'error.noGeojson': {
    en: () => 'geojson is not available for this list',
    fr: () => 'geojson n’est pas disponible pour cette liste',
    nl: () => 'geojson is niet beschikbaar voor deze lijst',
  },
  'error.noPriceBook': {
    en: (v) => `no price book configured: ${{ quotes: 'quotes', circuits: 'circuits', opportunities: 'roadworks opportunities (valued at the price book\'s civil works per metre)' }[v.feature]} needs pricebook.yaml in the cadastre directory`,
    fr: (v) => `aucun tarif configuré : ${{ quotes: 'les devis', circuits: 'les circuits', opportunities: 'les opportunités de chantiers (valorisées au prix du génie civil par mètre du tarif)' }[v.feature]} demandent pricebook.yaml dans le dossier du cadastre`,
    nl: (v) => `geen tarievenboek ingesteld: ${{ quotes: 'offertes', circuits: 'circuits', opportunities: 'kansen bij wegenwerken (gewaardeerd tegen de burgerlijke bouwkunde per meter van het tarievenboek)' }[v.feature]} vereisen pricebook.yaml in de kadastermap`,
  },
  'error.noProbe': {
    en: (v) => `no probe result: run npm run config:check -- ${v.configDir} --probe`,
    fr: (v) => `aucun résultat de sondage : lancez npm run config:check -- ${v.configDir} --probe`,
    nl: (v) => `geen peilingsresultaat: voer npm run config:check -- ${v.configDir} --probe uit`,
  },
  'alert.deviceDown': {
    en: (v) => `Device ${v.device} has had no successful poll for ${formatDuration(v.heldMs, 'en')} (${v.failed} failed, last ${pollStatus(v.lastStatus, 'en')}), ${intervalsOf(v, 'en')}`,
    fr: (v) => `L’équipement ${v.device} n’a répondu à aucune interrogation depuis ${formatDuration(v.heldMs, 'fr')} (${v.failed} échecs, dernière : ${pollStatus(v.lastStatus, 'fr')}), ${intervalsOf(v, 'fr')}`,
    nl: (v) => `Toestel ${v.device} heeft al ${formatDuration(v.heldMs, 'nl')} geen geslaagde bevraging (${v.failed} mislukt, laatste: ${pollStatus(v.lastStatus, 'nl')}), ${intervalsOf(v, 'nl')}`,
  },
  'alert.deviceUp': {
    en: (v) => `Device ${v.device} answers again: successful polls for ${formatDuration(v.heldMs, 'en')}, ${intervalsOf(v, 'en')}`,
    fr: (v) => `L’équipement ${v.device} répond à nouveau : interrogations réussies depuis ${formatDuration(v.heldMs, 'fr')}, ${intervalsOf(v, 'fr')}`,
    nl: (v) => `Toestel ${v.device} antwoordt opnieuw: geslaagde bevragingen sinds ${formatDuration(v.heldMs, 'nl')}, ${intervalsOf(v, 'nl')}`,
  },
  'alert.deviceAuth': {
    en: (v) => `Device ${v.device} refuses our SNMP credentials (auth_error) for ${formatDuration(v.heldMs, 'en')}`,
    fr: (v) => `L’équipement ${v.device} refuse nos identifiants SNMP (auth_error) depuis ${formatDuration(v.heldMs, 'fr')}`,
    nl: (v) => `Toestel ${v.device} weigert onze SNMP-gegevens (auth_error) sinds ${formatDuration(v.heldMs, 'nl')}`,
  },
  'alert.deviceAuthOk': {
    en: (v) => `Device ${v.device} accepts our SNMP credentials again (last poll ${v.lastStatus})`,
    fr: (v) => `L’équipement ${v.device} accepte à nouveau nos identifiants SNMP (dernière interrogation : ${pollStatus(v.lastStatus, 'fr')})`,
    nl: (v) => `Toestel ${v.device} aanvaardt onze SNMP-gegevens opnieuw (laatste bevraging: ${pollStatus(v.lastStatus, 'nl')})`,
  },
  'alert.hotspotDown': {
    en: (v) => `Hotspot ${v.hotspot} (${v.name}, ${v.commune}) ${v.noData ? 'has sent no data' : 'is not up'} for ${formatDuration(v.heldMs, 'en')}, ${intervalsOf(v, 'en')}`,
    fr: (v) => `Le point d’accès ${v.hotspot} (${v.name}, ${v.commune}) ${v.noData ? 'n’envoie plus de données' : 'est hors service'} depuis ${formatDuration(v.heldMs, 'fr')}, ${intervalsOf(v, 'fr')}`,
    nl: (v) => `Hotspot ${v.hotspot} (${v.name}, ${v.commune}) ${v.noData ? 'stuurt geen gegevens meer' : 'is buiten dienst'} sinds ${formatDuration(v.heldMs, 'nl')}, ${intervalsOf(v, 'nl')}`,
  },
  'alert.hotspotUp': {
    en: (v) => `Hotspot ${v.hotspot} (${v.name}, ${v.commune}) is up with ${v.clients} clients for ${formatDuration(v.heldMs, 'en')}, ${intervalsOf(v, 'en')}`,
    fr: (v) => `Le point d’accès ${v.hotspot} (${v.name}, ${v.commune}) est en service avec ${formatNumber(v.clients, 'fr')} clients depuis ${formatDuration(v.heldMs, 'fr')}, ${intervalsOf(v, 'fr')}`,
    nl: (v) => `Hotspot ${v.hotspot} (${v.name}, ${v.commune}) is in dienst met ${formatNumber(v.clients, 'nl')} clients sinds ${formatDuration(v.heldMs, 'nl')}, ${intervalsOf(v, 'nl')}`,
  },
  'alert.hotspotUnderused': {
    en: (v) => `Hotspot ${v.hotspot} (${v.name}, ${v.commune}) averaged ${tenth(v.meanNow, 'en')} clients in open hours over the last ${v.windowDays} days (the ${v.windowDays} days before: ${v.meanPrev === null ? 'no data' : `${tenth(v.meanPrev, 'en')} clients`}), threshold ${tenth(v.threshold, 'en')} clients`,
    fr: (v) => `Le point d’accès ${v.hotspot} (${v.name}, ${v.commune}) a compté en moyenne ${tenth(v.meanNow, 'fr')} clients aux heures d’ouverture sur les ${v.windowDays} derniers jours (les ${v.windowDays} jours précédents : ${v.meanPrev === null ? 'aucune donnée' : `${tenth(v.meanPrev, 'fr')} clients`}), seuil ${tenth(v.threshold, 'fr')} clients`,
    nl: (v) => `Hotspot ${v.hotspot} (${v.name}, ${v.commune}) telde gemiddeld ${tenth(v.meanNow, 'nl')} clients tijdens openingsuren over de laatste ${v.windowDays} dagen (de ${v.windowDays} dagen ervoor: ${v.meanPrev === null ? 'geen gegevens' : `${tenth(v.meanPrev, 'nl')} clients`}), drempel ${tenth(v.threshold, 'nl')} clients`,
  },
  'alert.segmentHot': {
    en: (v) => `${segName(v, 'en')} ${v.direction === 'ab' ? 'a→b' : 'b→a'} at ${share(v.share, 'en')} of ${formatBps(v.capacityBps, 'en')}${v.hot ? ` for ${formatDuration(v.heldMs, 'en')}, threshold ${share(v.threshold, 'en')}` : `, under the ${share(v.threshold, 'en')} threshold for ${formatDuration(v.heldMs, 'en')}`}`,
    fr: (v) => `${segName(v, 'fr')} ${v.direction === 'ab' ? 'a→b' : 'b→a'} à ${share(v.share, 'fr')} de ${formatBps(v.capacityBps, 'fr')}${v.hot ? ` depuis ${formatDuration(v.heldMs, 'fr')}, seuil ${share(v.threshold, 'fr')}` : `, sous le seuil de ${share(v.threshold, 'fr')} depuis ${formatDuration(v.heldMs, 'fr')}`}`,
    nl: (v) => `${segName(v, 'nl')} ${v.direction === 'ab' ? 'a→b' : 'b→a'} op ${share(v.share, 'nl')} van ${formatBps(v.capacityBps, 'nl')}${v.hot ? ` sinds ${formatDuration(v.heldMs, 'nl')}, drempel ${share(v.threshold, 'nl')}` : `, onder de drempel van ${share(v.threshold, 'nl')} sinds ${formatDuration(v.heldMs, 'nl')}`}`,
  },
  'alert.forecastAbove': {
    en: (v) => `${segName(v, 'en')} p95 trend at ${share(v.levelShare, 'en')} of ${formatBps(v.capacityBps, 'en')}, already above maxLoad ${share(v.maxLoad, 'en')}`,
    fr: (v) => `${segName(v, 'fr')} : tendance p95 à ${share(v.levelShare, 'fr')} de ${formatBps(v.capacityBps, 'fr')}, déjà au-delà de maxLoad ${share(v.maxLoad, 'fr')}`,
    nl: (v) => `${segName(v, 'nl')}: p95-trend op ${share(v.levelShare, 'nl')} van ${formatBps(v.capacityBps, 'nl')}, al boven maxLoad ${share(v.maxLoad, 'nl')}`,
  },
  'alert.forecastCrossing': {
    en: (v) => `${segName(v, 'en')} forecast to reach maxLoad ${share(v.maxLoad, 'en')} of ${formatBps(v.capacityBps, 'en')} on ${new Date(v.crossesAt).toISOString().slice(0, 10)}, within ${v.horizonDays} days`,
    fr: (v) => `${segName(v, 'fr')} : maxLoad ${share(v.maxLoad, 'fr')} de ${formatBps(v.capacityBps, 'fr')} prévu le ${formatDay(v.crossesAt, 'fr')}, dans les ${v.horizonDays} jours`,
    nl: (v) => `${segName(v, 'nl')}: maxLoad ${share(v.maxLoad, 'nl')} van ${formatBps(v.capacityBps, 'nl')} verwacht op ${formatDay(v.crossesAt, 'nl')}, binnen ${v.horizonDays} dagen`,
  },
  'alert.forecastClear': {
    en: (v) => `${segName(v, 'en')} p95 trend at ${share(v.levelShare, 'en')} of ${formatBps(v.capacityBps, 'en')}, not reaching maxLoad ${share(v.maxLoad, 'en')} within ${v.horizonDays} days`,
    fr: (v) => `${segName(v, 'fr')} : tendance p95 à ${share(v.levelShare, 'fr')} de ${formatBps(v.capacityBps, 'fr')}, sans atteindre maxLoad ${share(v.maxLoad, 'fr')} dans les ${v.horizonDays} jours`,
    nl: (v) => `${segName(v, 'nl')}: p95-trend op ${share(v.levelShare, 'nl')} van ${formatBps(v.capacityBps, 'nl')}, bereikt maxLoad ${share(v.maxLoad, 'nl')} niet binnen ${v.horizonDays} dagen`,
  },
  'alert.fibreDark': {
    en: (v) => `${segName(v, 'en')} ${fibreEndName(v.end, 'en')} rx ${formatDbm(v.rxDbm, 'en')}, below its low alarm ${formatDbm(v.lowAlarmDbm, 'en')}`,
    fr: (v) => `${segName(v, 'fr')} : ${fibreEndName(v.end, 'fr')}, puissance reçue ${formatDbm(v.rxDbm, 'fr')}, sous son alarme basse de ${formatDbm(v.lowAlarmDbm, 'fr')}`,
    nl: (v) => `${segName(v, 'nl')}: ${fibreEndName(v.end, 'nl')}, ontvangen vermogen ${formatDbm(v.rxDbm, 'nl')}, onder zijn lage alarm van ${formatDbm(v.lowAlarmDbm, 'nl')}`,
  },
  'alert.fibreLit': {
    en: (v) => `${segName(v, 'en')} rx above the low alarm at ${v.ends === 1 ? 'its measured end' : 'both ends'}`,
    fr: (v) => `${segName(v, 'fr')} : puissance reçue au-dessus de l’alarme basse ${v.ends === 1 ? 'à son extrémité mesurée' : 'aux deux extrémités'}`,
    nl: (v) => `${segName(v, 'nl')}: ontvangen vermogen boven het lage alarm ${v.ends === 1 ? 'aan het gemeten uiteinde' : 'aan beide uiteinden'}`,
  },
  'alert.fibreDegrading': {
    en: (v) => `${segName(v, 'en')} ${fibreEndName(v.end, 'en')} rx ${formatDbm(v.rxDbm, 'en')} forecast to reach its low alarm ${formatDbm(v.lowAlarmDbm, 'en')} on ${isoDay(v.crossesAt)}, within ${v.horizonDays} days`,
    fr: (v) => `${segName(v, 'fr')} : ${fibreEndName(v.end, 'fr')}, puissance reçue ${formatDbm(v.rxDbm, 'fr')}, prévue à son alarme basse de ${formatDbm(v.lowAlarmDbm, 'fr')} le ${formatDay(v.crossesAt, 'fr')}, dans les ${v.horizonDays} jours`,
    nl: (v) => `${segName(v, 'nl')}: ${fibreEndName(v.end, 'nl')}, ontvangen vermogen ${formatDbm(v.rxDbm, 'nl')}, verwacht op zijn lage alarm van ${formatDbm(v.lowAlarmDbm, 'nl')} op ${formatDay(v.crossesAt, 'nl')}, binnen ${v.horizonDays} dagen`,
  },
  'alert.fibreSteady': {
    en: (v) => `${segName(v, 'en')} rx not forecast to reach its low alarm within ${v.horizonDays} days`,
    fr: (v) => `${segName(v, 'fr')} : puissance reçue non prévue à l’alarme basse dans les ${v.horizonDays} jours`,
    nl: (v) => `${segName(v, 'nl')}: ontvangen vermogen niet verwacht op het lage alarm binnen ${v.horizonDays} dagen`,
  },
  'alert.fibreErrors': {
    en: (v) => `${segName(v, 'en')} errored packets at ${packetsPs(v.errorsPs, 'en')}, ${v.above ? `above ${packetsPs(v.thresholdPs, 'en')}` : `under the ${packetsPs(v.thresholdPs, 'en')} threshold`}`,
    fr: (v) => `${segName(v, 'fr')} : paquets en erreur à ${packetsPs(v.errorsPs, 'fr')}, ${v.above ? `au-delà de ${packetsPs(v.thresholdPs, 'fr')}` : `sous le seuil de ${packetsPs(v.thresholdPs, 'fr')}`}`,
    nl: (v) => `${segName(v, 'nl')}: foutieve pakketten op ${packetsPs(v.errorsPs, 'nl')}, ${v.above ? `boven ${packetsPs(v.thresholdPs, 'nl')}` : `onder de drempel van ${packetsPs(v.thresholdPs, 'nl')}`}`,
  },
  'alert.collectorBacklog': {
    en: (v) => `Collector ${v.collector} spool at ${formatBytes(v.spoolBytes, 'en')}${v.batches === null ? '' : ` (${v.batches} batches)`}, threshold ${formatBytes(v.thresholdBytes, 'en')}; ${v.dropped} points dropped, threshold ${v.thresholdDropped}`,
    fr: (v) => `Collecteur ${v.collector} : file d’attente de ${formatBytes(v.spoolBytes, 'fr')}${v.batches === null ? '' : ` (${v.batches} lots)`}, seuil ${formatBytes(v.thresholdBytes, 'fr')} ; ${v.dropped} points perdus, seuil ${v.thresholdDropped}`,
    nl: (v) => `Collector ${v.collector}: wachtrij van ${formatBytes(v.spoolBytes, 'nl')}${v.batches === null ? '' : ` (${v.batches} batches)`}, drempel ${formatBytes(v.thresholdBytes, 'nl')}; ${v.dropped} punten verloren, drempel ${v.thresholdDropped}`,
  },
  // The printable quote: English keeps the document's figures as it always wrote them (toFixed, no grouping).
  'doc.quoteIntro': {
    en: (v) => `Brussels-Capital Region pooled fibre network — single-window offer${v.customer ? ` for ${v.customer}` : ''}.`,
    fr: (v) => `Réseau de fibre mutualisé de la Région de Bruxelles-Capitale — offre du guichet unique${v.customer ? ` pour ${v.customer}` : ''}.`,
    nl: (v) => `Gedeeld glasvezelnet van het Brussels Hoofdstedelijk Gewest — aanbod van het enig loket${v.customer ? ` voor ${v.customer}` : ''}.`,
  },
  'doc.quoteService': {
    en: (v) => ('bandwidthBps' in v.service ? `Lit capacity, ${formatBps(v.service.bandwidthBps, 'en', 6)} committed` : `Dark fibre, ${v.service.pairs} pair${v.service.pairs === 1 ? '' : 's'}`),
    fr: (v) => ('bandwidthBps' in v.service ? `Capacité activée, ${formatBps(v.service.bandwidthBps, 'fr', 6)} garantis` : `Fibre noire, ${v.service.pairs} paire${v.service.pairs === 1 ? '' : 's'}`),
    nl: (v) => ('bandwidthBps' in v.service ? `Geactiveerde capaciteit, ${formatBps(v.service.bandwidthBps, 'nl', 6)} gegarandeerd` : `Donkere vezel, ${v.service.pairs} ${v.service.pairs === 1 ? 'paar' : 'paren'}`),
  },
  'doc.termMonths': {
    en: (v) => `${v.months} ${v.months === 1 ? 'month' : 'months'}`,
    fr: (v) => `${v.months} mois`,
    nl: (v) => `${v.months} ${v.months === 1 ? 'maand' : 'maanden'}`,
  },
  'doc.accessBuild': {
    en: (v) => `access build of ${Math.round(v.metres)} m from [${v.lon.toFixed(6)}, ${v.lat.toFixed(6)}]`,
    fr: (v) => `raccordement de ${wholeMetres(v.metres, 'fr')} depuis [${fixed(v.lon, 6, 'fr')} ; ${fixed(v.lat, 6, 'fr')}]`,
    nl: (v) => `aansluiting van ${wholeMetres(v.metres, 'nl')} vanaf [${fixed(v.lon, 6, 'nl')}; ${fixed(v.lat, 6, 'nl')}]`,
  },
  'doc.accessBuildLine': {
    en: (v) => `Access build at ${v.end} end, ${v.metres} m (one-off)`,
    fr: (v) => `Raccordement à l’extrémité ${v.end}, ${wholeMetres(v.metres, 'fr')} (unique)`,
    nl: (v) => `Aansluiting aan eindpunt ${v.end}, ${wholeMetres(v.metres, 'nl')} (eenmalig)`,
  },
  'doc.bandwidthLine': {
    en: (v) => `Bandwidth, monthly × ${v.months}`,
    fr: (v) => `Bande passante, mensuel × ${v.months}`,
    nl: (v) => `Bandbreedte, maandelijks × ${v.months}`,
  },
  'doc.distanceLine': {
    en: (v) => `Distance, monthly × ${v.months}`,
    fr: (v) => `Distance, mensuel × ${v.months}`,
    nl: (v) => `Afstand, maandelijks × ${v.months}`,
  },
  'doc.discountLine': {
    en: (v) => `Term discount ${(v.basisPoints / 100).toFixed(2)} % on the recurring part`,
    fr: (v) => `Remise de durée de ${fixed(v.basisPoints / 100, 2, 'fr')} % sur la partie récurrente`,
    nl: (v) => `Looptijdkorting van ${fixed(v.basisPoints / 100, 2, 'nl')} % op het terugkerende deel`,
  },
  'doc.operatorShare': {
    en: (v) => `Single-window operator (${(v.millionths / 10_000).toFixed(2)} %)`,
    fr: (v) => `Opérateur du guichet unique (${fixed(v.millionths / 10_000, 2, 'fr')} %)`,
    nl: (v) => `Operator van het enig loket (${fixed(v.millionths / 10_000, 2, 'nl')} %)`,
  },
};

// The details of alert descriptions (operators read them in Alertmanager and GET /api/alerts).
const DETAILS: Pick<Renderers, DetailKey> = {
  'alert.deviceWhere': {
    // English names the role as the cadastre writes it (operators grep for it), lower case as it always has.
    en: (v) => `${v.role} at ${v.site}, ${v.target}`,
    fr: (v) => `${capital(deviceRole(v.role, 'fr'))} du site ${v.site}, adresse ${v.target}`,
    nl: (v) => `${capital(deviceRole(v.role, 'nl'))} op site ${v.site}, adres ${v.target}`,
  },
  'alert.hotspotWhere': {
    en: (v) => `AP ${v.apName} served by controller ${v.controller}`,
    fr: (v) => `Borne ${v.apName} gérée par le contrôleur ${v.controller}`,
    nl: (v) => `Toegangspunt ${v.apName} beheerd door controller ${v.controller}`,
  },
  'alert.segmentHotDetail': {
    en: (v) => `5-minute average of ${formatBps(v.bps, 'en')} in the bucket starting ${isoOr(v.bucketStart)} (a→b ${formatBps(v.abBps, 'en')}, b→a ${formatBps(v.baBps, 'en')}); fires after ${v.buckets} consecutive buckets above, resolves after ${v.buckets} below`,
    fr: (v) => `Moyenne sur 5 minutes de ${formatBps(v.bps, 'fr')} dans l’intervalle commençant à ${isoOr(v.bucketStart)} (a→b ${formatBps(v.abBps, 'fr')}, b→a ${formatBps(v.baBps, 'fr')}) ; se déclenche après ${v.buckets} intervalles consécutifs au-dessus du seuil, se résout après ${v.buckets} en dessous`,
    nl: (v) => `5-minutengemiddelde van ${formatBps(v.bps, 'nl')} in het interval vanaf ${isoOr(v.bucketStart)} (a→b ${formatBps(v.abBps, 'nl')}, b→a ${formatBps(v.baBps, 'nl')}); gaat af na ${v.buckets} opeenvolgende intervallen boven de drempel, verdwijnt na ${v.buckets} eronder`,
  },
  'alert.forecastTrend': {
    en: (v) => `Daily p95 trend ${signedBps(v.slopeBpsPerDay, 'en')} per day over ${days(v.days, 'en')}`,
    fr: (v) => `Tendance du p95 journalier : ${signedBps(v.slopeBpsPerDay, 'fr')} par jour sur ${days(v.days, 'fr')}`,
    nl: (v) => `Dagelijkse p95-trend: ${signedBps(v.slopeBpsPerDay, 'nl')} per dag over ${days(v.days, 'nl')}`,
  },
  'alert.fibreReading': {
    en: (v) => `Latest reading ${isoOr(v.latestAt)}`,
    fr: (v) => `Dernière mesure ${isoOr(v.latestAt)}`,
    nl: (v) => `Laatste meting ${isoOr(v.latestAt)}`,
  },
  'alert.fibreDegradingDetail': {
    en: (v) => `${capital(fibreEndName(v.end, 'en'))} at ${formatDbm(v.rxDbm, 'en')}, margin ${v.marginDb === null ? '—' : formatDb(v.marginDb, 'en')}, ${v.trendDbPerWeek === null ? 'no trend' : `trend ${formatDb(v.trendDbPerWeek, 'en', true)}`} over ${days(v.windowDays, 'en')}`,
    fr: (v) => `${capital(fibreEndName(v.end, 'fr'))} à ${formatDbm(v.rxDbm, 'fr')}, marge ${v.marginDb === null ? '—' : formatDb(v.marginDb, 'fr')}, ${v.trendDbPerWeek === null ? 'pas de tendance' : `tendance ${formatDb(v.trendDbPerWeek, 'fr', true)}`} sur ${days(v.windowDays, 'fr')}`,
    nl: (v) => `${capital(fibreEndName(v.end, 'nl'))} op ${formatDbm(v.rxDbm, 'nl')}, marge ${v.marginDb === null ? '—' : formatDb(v.marginDb, 'nl')}, ${v.trendDbPerWeek === null ? 'geen trend' : `trend ${formatDb(v.trendDbPerWeek, 'nl', true)}`} over ${days(v.windowDays, 'nl')}`,
  },
  'alert.fibreErrorsDetail': {
    en: (v) => `Mean over the last ${v.windowMinutes} min: in ${v.inPs === null ? '—' : packetsPs(v.inPs, 'en')}, out ${v.outPs === null ? '—' : packetsPs(v.outPs, 'en')}`,
    fr: (v) => `Moyenne sur les ${v.windowMinutes} dernières minutes : entrée ${v.inPs === null ? '—' : packetsPs(v.inPs, 'fr')}, sortie ${v.outPs === null ? '—' : packetsPs(v.outPs, 'fr')}`,
    nl: (v) => `Gemiddelde over de laatste ${v.windowMinutes} min: in ${v.inPs === null ? '—' : packetsPs(v.inPs, 'nl')}, uit ${v.outPs === null ? '—' : packetsPs(v.outPs, 'nl')}`,
  },
  'alert.noLongerEvaluated': {
    en: () => 'no longer evaluated: rule disabled or subject removed',
    fr: () => 'plus évaluée : règle désactivée ou sujet retiré',
    nl: () => 'niet langer geëvalueerd: regel uitgeschakeld of onderwerp verwijderd',
  },
};
const RENDER: Renderers = { ...SENTENCES, ...DETAILS };

/**
 * An alert's description in a language: its summary, then the detail operators need (where the device is, the
 * figures behind the summary), each a sentence of this catalogue.
 */
export function alertDescription(says: Sentence, detail: Sentence | undefined, lang: Lang): string {
  const summary = render(says, lang);
  if (!detail) return `${summary}.`;
  return `${summary}. ${render(detail, lang)}.`;
}

/** A sentence in a language. */
export function render(s: Sentence, lang: Lang): string {
  return (RENDER[s.key][lang] as (v: SentenceValues[typeof s.key]) => string)(s.values);
}

/** Every sentence kind (for tests that render each one). */
export const SENTENCE_KEYS = Object.keys(RENDER) as SentenceKey[];
