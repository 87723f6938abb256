// The quote tool: pick A and B on the map (a site, or any point), choose the service, term and
// protection, POST /api/quotes; draw the route(s) and show the price with its breakdowns, or the
// segments that block the service when it is not feasible; open the printable quote.
import type { FeatureCollection, LineString, Position } from 'geojson';
import type { AppState } from './state.js';
import type { MapView } from './mapview.js';
import { request } from './api.js';
import { euros, metres, num, t, date } from './i18n.js';
import { $, esc } from './html.js';

type End = string | [number, number];
interface PriceView {
  setupCents?: number; oneOffCents?: number; recurringCents?: number; discountCents?: number; totalCents?: number; termMonths?: number;
  monthly?: { totalCents?: number };
  segments?: Array<{ route: number; id: string; owner: string; metres: number; monthlyCents: number }>;
  owners?: Array<{ owner: string; metres: number; monthlyCents: number; revenueCents: number }>;
  revenueSplit?: { operatorCents?: number };
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Segment ids of each route in the answer, whatever its exact nesting. */
export function routesOf(data: unknown): string[][] {
  if (!isObj(data)) return [];
  const raw = Array.isArray(data.routes) ? data.routes : isObj(data.route) ? [data.route] : [];
  return raw.map((r) => (isObj(r) && Array.isArray(r.segments) ? r.segments.map((s) => (isObj(s) ? String(s.id) : String(s))) : Array.isArray(r) ? r.map(String) : []));
}

/** Blocking segment ids of a 422 answer. */
export function blockingOf(body: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 3 || !isObj(v)) return;
    // api/routes/quotes.ts answers 422 with `infeasible.blockingSegments` (the cut lacking capacity).
    for (const key of ['blocking', 'blockingSegments', 'cut']) {
      const list = v[key];
      if (Array.isArray(list)) for (const x of list) found.add(isObj(x) ? String(x.id) : String(x));
      else if (isObj(list)) visit(list, depth + 1);
    }
    if (isObj(v.error)) visit(v.error, depth + 1);
    if (isObj(v.infeasible)) visit(v.infeasible, depth + 1);
    if (isObj(v.details)) visit(v.details, depth + 1);
  };
  visit(body, 0);
  return [...found];
}

export class QuoteTool {
  private a: End | null = null;
  private b: End | null = null;
  private picking: 'a' | 'b' | null = null;
  private allowed = 'loading';
  /** The last answer, kept as data so that a language switch re-renders it. */
  private last: { kind: 'priced'; data: Record<string, unknown>; routes: string[][] } | { kind: 'infeasible'; message: string; blocking: string[] } | { kind: 'error'; message: string } | null = null;
  private service: 'lit' | 'dark' = 'lit';

  constructor(private readonly el: HTMLElement, private readonly view: MapView, private readonly state: AppState, private readonly onPicking: (on: boolean) => void) {
    $('tab-details').addEventListener('click', () => this.showTab(false));
    $('tab-quote').addEventListener('click', () => this.showTab(true));
    this.render();
  }

  showTab(quote: boolean): void {
    $('tab-details').setAttribute('aria-selected', String(!quote));
    $('tab-quote').setAttribute('aria-selected', String(quote));
    $('details').hidden = quote;
    this.el.hidden = !quote;
    if (!quote) this.stopPicking();
  }

  setAllowed(a: string): void {
    this.allowed = a;
    $('tab-quote').hidden = a === 'forbidden';
    if (a === 'forbidden') this.showTab(false);
    this.render();
  }

  private endLabel(e: End | null): string {
    if (e === null) return '—';
    if (typeof e === 'string') return this.state.sites.find((s) => s.id === e)?.name ?? e;
    return `${num(e[1], 5)}, ${num(e[0], 5)}`;
  }

  private stopPicking(): void {
    this.picking = null;
    this.onPicking(false);
    this.view.map.getCanvas().style.cursor = '';
  }

  /** Called by the map click handler while picking: a site id or a [lon, lat]. */
  picked(e: End): void {
    if (this.picking === 'a') this.a = e;
    else if (this.picking === 'b') this.b = e;
    this.stopPicking();
    this.render();
  }

  render(): void {
    if (this.allowed === 'forbidden') { this.el.innerHTML = `<p class="na">${esc(t('notAllowed'))}</p>`; return; }
    const keep = this.formValues();
    this.el.innerHTML = `
      <form id="quote-form" novalidate>
        <div class="quote-end"><span>${esc(t('pointA'))}: <strong id="quote-a">${esc(this.endLabel(this.a))}</strong></span>
          <button type="button" id="pick-a" aria-pressed="${this.picking === 'a'}">${esc(t('pickOnMap'))}</button></div>
        ${this.siteSelect('a')}
        <div class="quote-end"><span>${esc(t('pointB'))}: <strong id="quote-b">${esc(this.endLabel(this.b))}</strong></span>
          <button type="button" id="pick-b" aria-pressed="${this.picking === 'b'}">${esc(t('pickOnMap'))}</button></div>
        ${this.siteSelect('b')}
        <p class="muted" ${this.picking ? '' : 'hidden'}>${esc(t('pickHint'))}</p>
        <fieldset><legend>${esc(t('service'))}</legend>
          <label><input type="radio" name="service" value="lit" ${this.service === 'lit' ? 'checked' : ''}> ${esc(t('lit'))}</label>
          <label><input type="radio" name="service" value="dark" ${this.service === 'dark' ? 'checked' : ''}> ${esc(t('dark'))}</label>
        </fieldset>
        <div ${this.service === 'lit' ? '' : 'hidden'}><label for="quote-mbps">${esc(t('bandwidth'))}</label><input type="number" id="quote-mbps" min="1" step="1" value="${esc(keep.mbps ?? '1000')}"></div>
        <div ${this.service === 'dark' ? '' : 'hidden'}><label for="quote-pairs">${esc(t('pairsAsked'))}</label><input type="number" id="quote-pairs" min="1" step="1" value="${esc(keep.pairs ?? '1')}"></div>
        <label for="quote-term">${esc(t('term'))}</label><input type="number" id="quote-term" min="1" max="240" step="1" value="${esc(keep.term ?? '36')}">
        <label for="quote-protection">${esc(t('protection'))}</label>
        <select id="quote-protection"><option value="none">${esc(t('none'))}</option><option value="diverse" ${keep.protection === 'diverse' ? 'selected' : ''}>${esc(t('diverse'))}</option></select>
        <p><button type="submit" id="quote-submit" ${this.a !== null && this.b !== null ? '' : 'disabled'}>${esc(t('getQuote'))}</button></p>
      </form>
      <div id="quote-result" aria-live="polite">${this.resultHtml()}</div>`;
    for (const which of ['a', 'b'] as const) {
      const sel = document.getElementById(`quote-${which}-site`) as HTMLSelectElement | null;
      sel?.addEventListener('change', () => { if (sel.value) { this[which] = sel.value; this.render(); } });
    }
    $('pick-a').addEventListener('click', () => this.startPicking('a'));
    $('pick-b').addEventListener('click', () => this.startPicking('b'));
    for (const r of this.el.querySelectorAll<HTMLInputElement>('input[name=service]')) r.addEventListener('change', () => { this.service = r.value as 'lit' | 'dark'; this.render(); });
    $('quote-form').addEventListener('submit', (e) => { e.preventDefault(); void this.submit(); });
    this.bindResult();
  }

  /** The keyboard way to an end: a list of the sites (the map click does the same with the pointer). */
  private siteSelect(which: 'a' | 'b'): string {
    const current = this[which];
    const sites = [...this.state.sites].sort((x, y) => x.name.localeCompare(y.name));
    return `<label class="visually-hidden" for="quote-${which}-site">${esc(which === 'a' ? t('pointA') : t('pointB'))} — ${esc(t('site'))}</label>
      <select id="quote-${which}-site"><option value="">${esc(t('site'))}…</option>${sites.map((s) =>
        `<option value="${esc(s.id)}" ${current === s.id ? 'selected' : ''}>${esc(s.name)}</option>`).join('')}</select>`;
  }

  private formValues(): { mbps?: string; pairs?: string; term?: string; protection?: string } {
    const v = (id: string): string | undefined => (document.getElementById(id) as HTMLInputElement | null)?.value;
    return { mbps: v('quote-mbps'), pairs: v('quote-pairs'), term: v('quote-term'), protection: v('quote-protection') };
  }

  private startPicking(which: 'a' | 'b'): void {
    this.picking = which;
    this.onPicking(true);
    this.view.map.getCanvas().style.cursor = 'crosshair';
    this.render();
    this.view.map.getCanvas().focus();
  }

  private drawRoutes(routes: string[][], blocking: string[]): void {
    const line = (id: string): Position[] | undefined => this.state.segmentGeometry.get(id);
    const fc = (ids: Array<[string, number]>): FeatureCollection<LineString> => ({
      type: 'FeatureCollection',
      features: ids.flatMap(([id, route]) => {
        const c = line(id);
        return c ? [{ type: 'Feature' as const, properties: { id, route }, geometry: { type: 'LineString' as const, coordinates: c } }] : [];
      }),
    });
    this.view.setData('quote-routes', fc(routes.flatMap((r, i) => r.map((id): [string, number] => [id, i]))));
    this.view.setData('quote-blocking', fc(blocking.map((id): [string, number] => [id, 0])));
  }

  private async submit(): Promise<void> {
    if (this.a === null || this.b === null) return;
    const f = this.formValues();
    const body: Record<string, unknown> = {
      from: this.a, to: this.b, termMonths: Number(f.term), protection: f.protection ?? 'none',
      service: this.service === 'lit' ? { kind: 'lit', bandwidthBps: Math.round(Number(f.mbps) * 1e6) } : { kind: 'dark', pairs: Number(f.pairs) },
    };
    const resultEl = $('quote-result');
    resultEl.innerHTML = `<p class="loading">${esc(t('loading'))}</p>`;
    const r = await request<Record<string, unknown>>('/api/quotes', { method: 'POST', body });
    if (r.kind === 'ok') {
      const routes = routesOf(r.data);
      this.drawRoutes(routes, []);
      this.fitTo(routes.flat());
      this.last = { kind: 'priced', data: r.data, routes };
    } else if (r.kind === 'invalid' && r.status === 422) {
      const blocking = blockingOf(r.body);
      this.drawRoutes([], blocking);
      this.fitTo(blocking);
      this.last = { kind: 'infeasible', message: r.message, blocking };
    } else {
      this.drawRoutes([], []);
      this.last = { kind: 'error', message: r.kind === 'forbidden' ? t('notAllowed') : r.kind === 'missing' ? t('notAvailable') : r.kind === 'unreachable' ? t('unreachable') : r.message };
    }
    resultEl.innerHTML = this.resultHtml();
    this.bindResult();
  }

  private resultHtml(): string {
    const l = this.last;
    if (!l) return '';
    if (l.kind === 'priced') return this.priceHtml(l.data, l.routes);
    if (l.kind === 'infeasible') {
      return `<div class="quote-infeasible" data-quote="infeasible"><h3>${esc(t('infeasible'))}</h3><p>${esc(l.message)}</p>
        <h4>${esc(t('blocking'))}</h4><ul>${l.blocking.map((id) => `<li data-segment="${esc(id)}">${esc(id)}</li>`).join('')}</ul></div>`;
    }
    return `<p class="error" role="alert">${esc(l.message)}</p>`;
  }

  /** Shows the whole of the drawn route(s) or blocking segments. */
  private fitTo(ids: readonly string[]): void {
    const pts = ids.flatMap((id) => this.state.segmentGeometry.get(id) ?? []);
    if (pts.length === 0) return;
    const lons = pts.map((p) => p[0]);
    const lats = pts.map((p) => p[1]);
    this.view.map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 60, maxZoom: 15, duration: 0 });
  }

  private ownerName(owner: string): string {
    for (const s of this.state.segments.values()) if (s.owner === owner) return s.ownerName;
    return owner;
  }

  private priceHtml(data: Record<string, unknown>, routes: string[][]): string {
    const p = (isObj(data.price) ? data.price : data) as PriceView;
    const id = typeof data.id === 'string' ? data.id : '';
    const totalMetres = (i: number): number => (p.segments ?? []).filter((s) => s.route === i).reduce((a, s) => a + s.metres, 0);
    return `<div class="quote-price" data-quote="priced" data-quote-id="${esc(id)}">
      <h3>${esc(t('price'))}${id ? ` — ${esc(id)}` : ''}</h3>
      ${routes.map((r, i) => `<p>${esc(t('route'))} ${i + 1}: ${esc(num(r.length, 0))} ${esc(t('segment').toLowerCase())}(s), ${esc(metres(totalMetres(i)))}</p>`).join('')}
      <table><tbody>
        <tr><th scope="row">${esc(t('setup'))}</th><td class="n">${esc(euros(p.oneOffCents ?? p.setupCents))}</td></tr>
        <tr><th scope="row">${esc(t('monthly'))}</th><td class="n">${esc(euros(p.monthly?.totalCents))}</td></tr>
        <tr><th scope="row">${esc(t('total'))} (${esc(num(p.termMonths ?? null, 0))})</th><td class="n" data-figure="total">${esc(euros(p.totalCents))}</td></tr>
      </tbody></table>
      <h4>${esc(t('perSegment'))}</h4>
      <table><thead><tr><th>${esc(t('segment'))}</th><th>${esc(t('owner'))}</th><th class="n">${esc(t('length'))}</th><th class="n">${esc(t('monthly'))}</th></tr></thead><tbody>
        ${(p.segments ?? []).map((s) => `<tr><td>${esc(s.id)}${s.route ? ' (2)' : ''}</td><td>${esc(this.ownerName(s.owner))}</td><td class="n">${esc(metres(s.metres))}</td><td class="n">${esc(euros(s.monthlyCents))}</td></tr>`).join('')}
      </tbody></table>
      <h4>${esc(t('perOwnerSplit'))}</h4>
      <table><thead><tr><th>${esc(t('owner'))}</th><th class="n">${esc(t('length'))}</th><th class="n">${esc(t('total'))}</th></tr></thead><tbody>
        ${(p.owners ?? []).map((o) => `<tr><td>${esc(this.ownerName(o.owner))}</td><td class="n">${esc(metres(o.metres))}</td><td class="n">${esc(euros(o.revenueCents))}</td></tr>`).join('')}
        ${p.revenueSplit?.operatorCents !== undefined ? `<tr><td>IRISnet (single window)</td><td></td><td class="n">${esc(euros(p.revenueSplit.operatorCents))}</td></tr>` : ''}
      </tbody></table>
      ${typeof data.validUntil === 'string' ? `<p class="muted">${esc(date(data.validUntil, false))}</p>` : ''}
      ${id ? `<p><button type="button" id="quote-print">${esc(t('printable'))}</button></p>` : ''}
    </div>`;
  }

  private bindResult(): void {
    const btn = document.getElementById('quote-print');
    const box = this.el.querySelector<HTMLElement>('[data-quote-id]');
    if (!btn || !box) return;
    btn.addEventListener('click', () => void this.openPrintable(box.dataset.quoteId ?? ''));
  }

  /** The printable quote needs the Bearer token, so it is fetched here and shown from a blob: URL. */
  private async openPrintable(id: string): Promise<void> {
    const r = await request<string>(`/api/quotes/${encodeURIComponent(id)}.html`, { accept: 'text/html' });
    if (r.kind !== 'ok') return;
    const url = URL.createObjectURL(new Blob([String(r.data)], { type: 'text/html' }));
    window.open(url, '_blank', 'noopener');
  }
}
