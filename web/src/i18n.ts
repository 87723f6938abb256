// The map's language. Every visible string goes through t(), read from the one catalogue the API shares
// (common/i18n.ts); numbers and dates through Intl in the chosen locale, so that "1 234,5" / "1.234,5" /
// "1,234.5" follow the language the user picked. The API is asked in the same language (web/src/api.ts).
import { DRIFT_LABELS, LABELS, type DriftLabelKey, type LabelKey } from '../../common/i18n.js';
import { formatBps, formatPercent, LANGS, LOCALES as LOCALE, type Lang } from '../../common/units.js';

export { LANGS, type Lang };

export type Key = LabelKey;

let current: Lang = 'en';
const listeners: Array<() => void> = [];

export function lang(): Lang { return current; }
export function locale(): string { return LOCALE[current]; }
export function t(key: Key): string { return LABELS[current][key]; }
/** The drift layer's labels (their own block of common/i18n.ts). */
export function td(key: DriftLabelKey): string { return DRIFT_LABELS[current][key]; }
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
