// The page's only way to the API: same origin, Bearer token from sessionStorage, and an answer that says
// which of the four things happened (data, not allowed for the role, not there, API unreachable), so
// that every panel can show the right state instead of guessing.
import { lang } from './i18n.js';

const TOKEN_KEY = 'irisnet.token';

export type Result<T> =
  | { kind: 'ok'; data: T }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'forbidden'; message: string }
  | { kind: 'missing'; message: string }
  | { kind: 'invalid'; status: number; message: string; body: unknown }
  | { kind: 'unreachable'; message: string };

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}
export function setToken(t: string | null): void {
  if (t) sessionStorage.setItem(TOKEN_KEY, t);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function errorMessage(body: unknown, status: number): string {
  if (body && typeof body === 'object' && 'error' in body) {
    const e = (body as { error: { message?: unknown } }).error;
    if (e && typeof e.message === 'string') return e.message;
  }
  return `HTTP ${status}`;
}

export async function request<T>(path: string, init: { method?: string; body?: unknown; accept?: string } = {}): Promise<Result<T>> {
  // The API writes its sentences (explanations, refusals, errors) in the language of the page.
  const headers: Record<string, string> = { Accept: init.accept ?? 'application/json', 'Accept-Language': lang() };
  const tk = token();
  if (tk) headers.Authorization = `Bearer ${tk}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  } catch (e) {
    return { kind: 'unreachable', message: e instanceof Error ? e.message : String(e) };
  }
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try { body = JSON.parse(text); } catch { /* keep the text */ }
  }
  if (res.ok) return { kind: 'ok', data: body as T };
  const message = errorMessage(body, res.status);
  if (res.status === 401) return { kind: 'unauthorized', message };
  if (res.status === 403) return { kind: 'forbidden', message };
  if (res.status === 404 || res.status === 501) return { kind: 'missing', message };
  // A proxy or the API itself answering 502/503/504 means the figures cannot be had right now.
  if (res.status >= 502 && res.status <= 504) return { kind: 'unreachable', message };
  return { kind: 'invalid', status: res.status, message, body };
}

export const get = <T>(path: string): Promise<Result<T>> => request<T>(path);

/** `?from=…&to=…` plus extra parameters. */
export function query(params: Record<string, string | number | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) sp.set(k, String(v));
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** A list answer is `{ items, …meta }`; older or other shapes are accepted as a bare array. */
export function items<T>(data: unknown): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === 'object' && Array.isArray((data as { items?: unknown }).items)) return (data as { items: T[] }).items;
  return [];
}
