// Shared answer and input helpers for every route module: one error shape, the zod issue → 400 naming the
// field mapping (zodProblem, used by api/openapi.ts's defaultHook), one way to answer a list as JSON, GeoJSON or CSV.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { Window } from '../analytics/model.js';
import { STORE_TIME_RANGE } from '../store/schema.js';
import { fieldSays, langFromAcceptLanguage, LANGS, parseLang, render, sentence, type Lang, type Sentence, type SentenceValues } from '../common/i18n.js';

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * An error answered to the client as `{ error: { code, message, field? } }` with its HTTP status. `says`: the
 * message as a sentence of the catalogue, said in the request's language when answered (api/app.ts onError).
 */
export class ApiError extends HTTPException {
  constructor(
    readonly httpStatus: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
    readonly says?: Sentence,
  ) {
    super(httpStatus, { message });
    this.name = 'ApiError';
  }

  body(lang: Lang = 'en'): ErrorBody {
    const message = this.says ? render(this.says, lang) : this.message;
    return { error: { code: this.code, message, ...(this.field !== undefined ? { field: this.field } : {}) } };
  }
}

export const badRequest = (field: string, message: string): ApiError => new ApiError(400, 'bad_request', message, field);
/** A 400 naming `field`, its message a sentence of the catalogue (English in the error, the reader's language when answered). */
export const badRequestSaying = (field: string, says: Sentence): ApiError => apiErrorSaying(400, 'bad_request', says, field);
/** A 400 naming `field`, said "field: reason" (the reason a sentence of the catalogue). */
export const badRequestAt = (field: string, reason: Sentence): ApiError => badRequestSaying(field, sentence('error.field', { field, says: reason }));

/** `?lang=` of every route (documented once, by defineRoute): the language of the answer's sentences. */
export const LangQuery = z.object({
  lang: z.enum(LANGS).optional().describe('language of the sentences (fr, nl or en); default: Accept-Language, else en'),
});

/**
 * The language of the answer: `?lang=` when given (anything else than fr, nl or en is a 400 naming `lang`), else
 * the first of fr, nl, en in Accept-Language, else English. Only sentences change with it; data stays the same.
 */
export function requestLang(c: Context): Lang {
  const q = c.req.query('lang');
  if (q !== undefined) {
    const l = parseLang(q);
    if (!l) throw badRequest('lang', render(sentence('error.lang', { value: q }), langFromAcceptLanguage(c.req.header('Accept-Language')) ?? 'en'));
    return l;
  }
  return langFromAcceptLanguage(c.req.header('Accept-Language')) ?? 'en';
}

/** An analytics result with its sentence rendered in `lang` into `field` (the structured `i18n` left out). */
export function spoken<T extends { i18n: Sentence }, F extends keyof T & string>(item: T, field: F, lang: Lang): Spoken<T> {
  const { i18n, ...rest } = item;
  return { ...rest, [field]: render(i18n, lang) } as unknown as Spoken<T>;
}
/** An analytics result as answered: without its structured sentence (distributes over unions). */
export type Spoken<T> = T extends unknown ? Omit<T, 'i18n'> : never;
/** An error whose message is a sentence of the catalogue: English in the error, the reader's language when answered. */
export const apiErrorSaying = (status: ContentfulStatusCode, code: string, says: Sentence, field?: string, headers: Record<string, string> = {}): ApiError =>
  new ApiError(status, code, render(says, 'en'), field, headers, says);
/** 404: no such segment, hotspot, quote, circuit, site, administration or maintenance window. */
export const notFound = (kind: SentenceValues['error.notFound']['kind'], id: string): ApiError => apiErrorSaying(404, 'not_found', sentence('error.notFound', { kind, id }));
/** The price book, or 409 "no price book configured" for the features that price, naming the file that switches them on. */
export function requirePriceBook<T>(priceBook: T | undefined, feature: SentenceValues['error.noPriceBook']['feature']): T {
  if (!priceBook) throw apiErrorSaying(409, 'not_configured', sentence('error.noPriceBook', { feature }));
  return priceBook;
}

/** The first issue of a zod error as "field: reason", field being the dotted path ("field : reason" in French). */
export function zodProblem(error: z.ZodError, lang: Lang = 'en'): { field: string; message: string } {
  const issue = error.issues[0];
  // An issue at the root is the body itself (queries and path parameters are always objects): e.g. `[]` or `null`.
  const field = issue && issue.path.length ? issue.path.map(String).join('.') : 'body';
  // Our refinements say their reason as a sentence of the catalogue (`params.says`), zod's own issues through its locale.
  const says = (issue as { params?: { says?: Sentence } } | undefined)?.params?.says;
  return { field, message: fieldSays(field, says ? render(says, lang) : issue ? issue.message : 'invalid request', lang) };
}

// zod's own messages ("Invalid input: expected number, received string") in the reader's language: zod 4 ships
// them as locales. They go in per parse (`{ error }`), never through a global z.config, which every concurrent
// request would share. A message a schema writes itself (our refinements) outranks the locale and stays as written.
const ZOD_LOCALE: Record<Lang, z.core.$ZodErrorMap> = { en: z.locales.en().localeError, fr: z.locales.fr().localeError, nl: z.locales.nl().localeError };

/**
 * The first problem of `value` against `schema` in `lang`, as zodProblem says it; null when the value is valid.
 * The validators report a failure in English (zod's default locale): for French and Dutch the failing value is
 * parsed again, only then, with zod's locale of the language.
 */
export async function zodProblemIn(schema: z.ZodType, value: unknown, lang: Lang): Promise<{ field: string; message: string } | null> {
  const r = await schema.safeParseAsync(value, { error: ZOD_LOCALE[lang] });
  return r.success ? null : zodProblem(r.error, lang);
}

/**
 * Validates the query string (first value of each parameter) against a zod object schema; routes get their
 * query validated by their definition (api/openapi.ts), this serves sendList's `format`.
 */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const lang = requestLang(c);
  // Synchronous (sendList answers synchronously): the query schemas have no asynchronous refinement.
  const r = schema.safeParse(c.req.query(), { error: ZOD_LOCALE[lang] });
  if (!r.success) {
    const p = zodProblem(r.error, lang);
    throw badRequest(p.field, p.message);
  }
  return r.data;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const RANGE = { from: new Date(STORE_TIME_RANGE.from).toISOString().slice(0, 10), to: new Date(STORE_TIME_RANGE.to).toISOString().slice(0, 10) };

/** Why an ISO 8601 date or date-time is refused, or null: a real calendar date and time inside the store's range. */
export function isoProblem(s: string): Sentence | null {
  const m = ISO.exec(s);
  if (!m) return sentence('error.isoFormat', {});
  const [y, mo, d, h = '0', mi = '0', sec = '0'] = m.slice(1, 7).map((v) => v ?? undefined) as string[];
  // Date.parse rolls 2026-02-30 over to 2 March: the fields must survive a round trip through the calendar.
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCFullYear() !== Number(y) || day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d)) return sentence('error.notCalendarDate', { day: `${y}-${mo}-${d}` });
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return sentence('error.notTimeOfDay', { time: `${h}:${mi}:${sec}` });
  const ms = isoToMs(s);
  if (Number.isNaN(ms)) return sentence('error.isoFormat', {});
  if (ms < STORE_TIME_RANGE.from || ms > STORE_TIME_RANGE.to) return sentence('error.outsideStore', RANGE);
  return null;
}

/** An ISO 8601 date or date-time (UTC unless it says otherwise): a real calendar date inside the store's range. */
export const IsoTime = z.string()
  .superRefine((s, ctx) => { const p = isoProblem(s); if (p) ctx.addIssue({ code: 'custom', message: render(p, 'en'), params: { says: p } }); })
  .meta({ format: 'date-time' });

/** Parses an ISO 8601 string as UTC when it carries no offset. */
export function isoToMs(s: string): number {
  // A date-time without an offset would be local time for Date.parse: the API speaks UTC.
  const withZone = /T/.test(s) && !/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? `${s}Z` : s;
  return Date.parse(withZone);
}

export const WINDOW_DEFAULT_MS = 30 * 86_400_000;
/** Longest window accepted: the figures cache holds every 5-minute bucket of it. */
export const WINDOW_MAX_MS = 400 * 86_400_000;

export const WindowQuery = z.object({
  from: IsoTime.optional().describe('window start, ISO 8601 (UTC); default `to` − 30 days'),
  to: IsoTime.optional().describe('window end (exclusive), ISO 8601 (UTC); default now'),
});
export type WindowQuery = z.infer<typeof WindowQuery>;

/** The window [from, to) from validated `from`/`to`; default the last 30 days before `now`. */
export function resolveWindow(q: WindowQuery, now: number): Window {
  const to = q.to !== undefined ? isoToMs(q.to) : now;
  const from = q.from !== undefined ? isoToMs(q.from) : to - WINDOW_DEFAULT_MS;
  if (!(from < to)) throw badRequestSaying('from', sentence('error.fromBeforeTo', {}));
  if (to - from > WINDOW_MAX_MS) throw badRequestSaying('from', sentence('error.windowTooLong', { days: WINDOW_MAX_MS / 86_400_000 }));
  return { from, to };
}


export const FormatQuery = z.object({
  format: z.enum(['json', 'geojson', 'csv']).default('json').describe('answer format: json (default), geojson or csv'),
});
export type ListFormatName = z.infer<typeof FormatQuery>['format'];

export type Geometry =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'LineString'; coordinates: number[][] }
  | { type: 'MultiLineString'; coordinates: number[][][] }
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export type CsvValue = string | number | boolean | null | undefined;

export interface ListOptions<T> {
  /** GeoJSON geometry of an item; without it `?format=geojson` is refused with 400. */
  geometry?: (item: T) => Geometry | null;
  /** GeoJSON feature properties; default: the item itself. */
  properties?: (item: T) => Record<string, unknown>;
  /** CSV columns in order; default: every leaf of the items, flattened with dotted names. */
  columns?: Array<{ name: string; value: (item: T) => CsvValue }>;
  /** Top-level members added beside `items` in JSON (e.g. the window) and to the FeatureCollection. */
  meta?: Record<string, unknown>;
  /** File name offered for CSV downloads, without extension. */
  filename?: string;
}

/** Flattens nested objects into dotted keys; arrays become JSON text (CSV cells hold one value). */
export function flatten(value: unknown, prefix = '', out: Record<string, CsvValue> = {}): Record<string, CsvValue> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value)) {
    out[prefix] = JSON.stringify(value);
  } else if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out[prefix] = value;
  } else {
    out[prefix] = String(value);
  }
  return out;
}

/** RFC 4180 cell: quoted when it holds a comma, quote or line break; formulas are defused for spreadsheets. */
export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv<T>(items: readonly T[], columns?: ListOptions<T>['columns']): string {
  let header: string[];
  let rows: CsvValue[][];
  if (columns) {
    header = columns.map((col) => col.name);
    rows = items.map((it) => columns.map((col) => col.value(it)));
  } else {
    const flat = items.map((it) => flatten(it));
    const keys = new Set<string>();
    for (const f of flat) for (const k of Object.keys(f)) keys.add(k);
    header = [...keys];
    rows = flat.map((f) => header.map((k) => f[k]));
  }
  return [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n';
}

export function toFeatureCollection<T>(items: readonly T[], opts: ListOptions<T>): Record<string, unknown> {
  const geometry = opts.geometry;
  if (!geometry) throw badRequestAt('format', sentence('error.noGeojson', {}));
  return {
    type: 'FeatureCollection',
    ...(opts.meta ?? {}),
    features: items.map((it) => ({
      type: 'Feature',
      geometry: geometry(it),
      properties: opts.properties ? opts.properties(it) : it,
    })),
  };
}

/** Answers a list in the format the request asks for (`?format=json|geojson|csv`). */
export function sendList<T>(c: Context, items: readonly T[], opts: ListOptions<T> = {}): Response {
  const { format } = parseQuery(c, FormatQuery);
  if (format === 'csv') {
    c.header('Content-Type', 'text/csv; charset=utf-8');
    if (opts.filename) c.header('Content-Disposition', `inline; filename="${opts.filename}.csv"`);
    return c.body(toCsv(items, opts.columns));
  }
  if (format === 'geojson') {
    c.header('Content-Type', 'application/geo+json; charset=utf-8');
    return c.body(JSON.stringify(toFeatureCollection(items, opts)));
  }
  return c.json({ ...(opts.meta ?? {}), items });
}
