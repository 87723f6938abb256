// The side panels and controls filled from the figures: the window label, summary and opportunities, the
// owner and commune filters, the segment finder, and the details of the selection.
import { $, $input, $select, esc } from './html.js';
import { date, t } from './i18n.js';
import type { ColourMode } from './mapview.js';
import { renderOpportunities, renderSummary } from './summary.js';
import { renderLegendPanel } from './layers.js';
import { page } from './page.js';
import { rerenderSelection, selectSegment, zoomToOpportunity } from './selection.js';
import { state } from './state.js';

function communeSegments(commune: string): Set<string> | null {
  if (!commune) return null;
  const inCommune = new Set(state.sites.filter((s) => s.commune === commune).map((s) => s.id));
  return new Set([...state.segments.values()].filter((s) => inCommune.has(s.a) || inCommune.has(s.b)).map((s) => s.id));
}

export function applyFilters(): void {
  const commune = $select('commune').value;
  page.view.setFilters($select('owner').value, commune, communeSegments(commune));
}

export function renderSummaryPanel(): void {
  renderSummary($('summary'), state.avail.summary, state.summary, $select('owner').value, (id) => selectSegment(id));
  const el = $('opportunities');
  el.parentElement!.hidden = state.avail.opportunities === 'forbidden';
  renderOpportunities(el, state.avail.opportunities, state.opportunities, (i) => zoomToOpportunity(i));
}

export function renderWindowLabel(): void {
  const w = state.window;
  $('role').textContent = w.to > w.from ? `${date(w.from, false)} – ${date(w.to - 1, false)}` : '';
}

export function renderAll(): void {
  renderWindowLabel();
  renderLegendPanel();
  renderSummaryPanel();
  rerenderSelection();
}

function fillSelect(id: string, values: Array<[string, string]>): void {
  const sel = $select(id);
  const keep = sel.value;
  sel.innerHTML = `<option value="" data-i18n="all">${esc(t('all'))}</option>${values.map(([v, l]) => `<option value="${esc(v)}">${esc(l)}</option>`).join('')}`;
  if (values.some(([v]) => v === keep)) sel.value = keep;
}

/** The segment finder, owner and commune choices from the figures drawn. */
export function fillChoices(): void {
  const findSel = $select('find-segment');
  findSel.innerHTML = `<option value="">…</option>${[...state.segments.values()].map((x) => `<option value="${esc(x.id)}">${esc(x.id)} — ${esc(x.aName)} / ${esc(x.bName)}</option>`).join('')}`;
  const owners = [...new Set([...state.segments.values()].map((s) => s.owner))].sort();
  const ownerNames = new Map([...state.segments.values()].map((x) => [x.owner, x.ownerName]));
  fillSelect('owner', owners.map((o) => [o, ownerNames.get(o) ?? o]));
  const communes = [...new Set([...state.sites.map((s) => s.commune), ...state.hotspots.map((h) => h.commune ?? '')].filter(Boolean))].sort();
  fillSelect('commune', communes.map((c) => [c, c]));
}

/** Filters, colour mode, the relocation's move count and the keyboard way to a segment. */
export function wireControls(reloadRelocation: () => void): void {
  const { view } = page;
  $select('owner').addEventListener('change', () => { applyFilters(); renderSummaryPanel(); });
  $select('commune').addEventListener('change', applyFilters);
  for (const r of document.querySelectorAll<HTMLInputElement>('input[name=colour]')) {
    r.addEventListener('change', () => { view.setColourMode(r.value as ColourMode); renderLegendPanel(); });
  }
  $input('moves').addEventListener('change', reloadRelocation);
  // The keyboard way to a segment's details (the map click does the same with the pointer).
  $select('find-segment').addEventListener('change', () => {
    const id = $select('find-segment').value;
    if (!id) return;
    selectSegment(id);
    const line = state.segmentGeometry.get(id);
    if (line) {
      const lons = line.map((p) => p[0]);
      const lats = line.map((p) => p[1]);
      view.map.fitBounds([[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]], { padding: 80, maxZoom: 16, duration: 0 });
    }
  });
}
