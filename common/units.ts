// Numbers users read, with their units, in the reader's language: the one formatter of bit rates, percentages and
// days for the server (alerts, API sentences, quotes) and the map (web/src/i18n.ts). Pure and browser-safe.
// Units are spelled one way everywhere: bit/s, kbit/s, Mbit/s, Gbit/s, Tbit/s, %, dBm; a space between number and
// unit. Numbers follow the locale through Intl ("6,68 Gbit/s" in French and Dutch, "6.68 Gbit/s" in English).

export const LANGS = ['fr', 'nl', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** The Intl locale of each language (Belgian French and Dutch; British English). */
export const LOCALES: Record<Lang, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };

// Intl formatters are costly to build and the server formats thousands of figures per answer: one per option set.
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) { f = new Intl.NumberFormat(LOCALES[lang], options); numberFormats.set(key, f); }
  return f;
}

/** A plain number in the locale, at most `fractionDigits` decimals. */
export function formatNumber(v: number, lang: Lang = 'en', fractionDigits = 1): string {
  return numberFormat(lang, { maximumFractionDigits: fractionDigits }).format(v);
}

const BPS_UNITS: ReadonlyArray<[number, string]> = [[1e12, 'Tbit/s'], [1e9, 'Gbit/s'], [1e6, 'Mbit/s'], [1e3, 'kbit/s']];

/**
 * Bits per second with the largest SI unit that keeps the number ≥ 1, to `significantDigits` significant digits
 * (3 by default: "6.68 Gbit/s", "640 Mbit/s", "10 Gbit/s"; quotes ask for more, to show a requested rate whole).
 */
export function formatBps(bps: number, lang: Lang = 'en', significantDigits = 3): string {
  const f = numberFormat(lang, { maximumSignificantDigits: significantDigits });
  for (const [scale, unit] of BPS_UNITS) if (Math.abs(bps) >= scale) return `${f.format(bps / scale)} ${unit}`;
  return `${f.format(bps)} bit/s`;
}

/** A percentage given in percent (0–100, not a share): "86 %", "12,5 %". */
export function formatPercent(pct: number, lang: Lang = 'en', fractionDigits = 0): string {
  return `${formatNumber(pct, lang, fractionDigits)} %`;
}

/** The UTC day of an instant, ISO 8601: "2027-09-12". */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

// English months spelled out by hand: ICU 72+ abbreviates September as "Sept" in en-GB, so the sentence of the
// same forecast would change with the Node build.
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayFormats = new Map<Lang, Intl.DateTimeFormat>();

/** The UTC day of an instant for readers: "12 Sep 2027", "12 sept. 2027", "12 sep 2027". */
export function formatDay(ms: number, lang: Lang = 'en'): string {
  const d = new Date(ms);
  if (lang === 'en') return `${d.getUTCDate()} ${EN_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  let f = dayFormats.get(lang);
  if (!f) { f = new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }); dayFormats.set(lang, f); }
  return f.format(d);
}

/** Optical power: "-14.10 dBm", "-14,10 dBm" (two decimals, as transceivers report hundredths). */
export function formatDbm(dbm: number, lang: Lang = 'en'): string {
  return `${numberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false }).format(dbm)} dBm`;
}

/** A power difference: "3.40 dB"; `perWeek` for a trend, signed: "+0.40 dB/week", "-0,40 dB/semaine". */
export function formatDb(db: number, lang: Lang = 'en', perWeek = false): string {
  const n = numberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false, ...(perWeek ? { signDisplay: 'always' as const } : {}) }).format(db);
  return perWeek ? `${n} ${{ en: 'dB/week', fr: 'dB/semaine', nl: 'dB/week' }[lang]}` : `${n} dB`;
}
