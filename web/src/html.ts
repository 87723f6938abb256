// Tiny helpers for building the panels' HTML from API data: everything interpolated is escaped, by the same
// function as the server's pages (hono's escapeToBuffer: pure string code, browser-safe, & < > " ' escaped).
import { escapeToBuffer } from 'hono/utils/html';

export function esc(v: unknown): string {
  const buffer: [string] = [''];
  escapeToBuffer(String(v ?? ''), buffer);
  return buffer[0];
}

export function $(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page: #${id} missing`);
  return el;
}

export function $input(id: string): HTMLInputElement { return $(id) as HTMLInputElement; }
export function $select(id: string): HTMLSelectElement { return $(id) as HTMLSelectElement; }

/** A table of label/value rows; values are escaped, labels too. */
export function figures(rows: Array<[string, string]>): string {
  return `<table><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td class="n">${esc(v)}</td></tr>`).join('')}</tbody></table>`;
}
