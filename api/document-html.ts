// What the printable documents (the quote, a circuit's monthly statement) share: the A4 page style, the names of
// the cadastre's sites and owners (an unknown id reads as itself), and the step from hono's `html` template to
// the page's text.
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Cadastre } from '../config/schema.js';

/** The page's <style> element; `metaLabelEm` is the width of the label column of the `meta` table, `print` adds print rules. */
export function documentStyle(metaLabelEm: number, print = ''): HtmlEscapedString {
  return raw(`<style>
  body { font: 11pt/1.4 system-ui, sans-serif; margin: 2cm; color: #111; }
  h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 12pt; margin: 1.4em 0 .4em; border-bottom: 1px solid #999; }
  table { border-collapse: collapse; width: 100%; } td, th { padding: 2px 6px; text-align: left; border-bottom: 1px solid #ddd; }
  .n { text-align: right; font-variant-numeric: tabular-nums; } .total td { font-weight: bold; border-top: 2px solid #111; }
  .meta td:first-child { color: #555; width: ${metaLabelEm}em; } .rules { font-size: 9pt; color: #444; }
  @media print { body { margin: 1cm; }${print} }
</style>`);
}

/** The site and owner names by id, as the cadastre gives them. */
export function cadastreNames(cadastre: Pick<Cadastre, 'sites' | 'owners'>): { site: (id: string) => string; owner: (id: string) => string } {
  const sites = new Map(cadastre.sites.map((s) => [s.id, s.name]));
  const owners = new Map(cadastre.owners.map((o) => [o.id, o.name]));
  return { site: (id) => sites.get(id) ?? id, owner: (id) => owners.get(id) ?? id };
}

/** The document's text; `what` names it in the error should a fragment ever be asynchronous. */
export function documentText(doc: HtmlEscapedString | Promise<HtmlEscapedString>, what: string): string {
  // Nothing interpolated is a Promise, so hono's html answers synchronously.
  if (doc instanceof Promise) throw new Error(`${what} html: unexpected asynchronous fragment`);
  return doc.toString();
}
