// Drift from the cadastre (GET /api/drift, operator only): where the last `config:check --probe` found the live
// devices disagreeing with the cadastre. A segment item marks its segment; a device item (no segment) marks the
// device's site; the details of a site or segment list their items in the reader's language with what to do.
// The answer is a file the probe writes (the API speaks no SNMP), so it changes only when someone probes: it is
// re-read on the devices' 15 s rhythm while the layer is shown (and while there is no probe yet, so that the
// switch comes alive when one lands), a cheap read that shows a probe run from a terminal without a reload.
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { DriftAnswer, DriftItem } from '../../api/routes/drift.js';
import { driftFacts, driftWords, type DriftKindWords, type DriftSeenWords } from '../../common/i18n.js';
import { get, token, type Result } from './api.js';
import { esc } from './html.js';
import { date, lang, td } from './i18n.js';
import { page } from './page.js';
import { availOf, state, ui, visible } from './state.js';

// Every kind the API names has its words in the catalogue (a new kind fails to compile here until it has them).
const KINDS_HAVE_WORDS: DriftItem['kind'] extends DriftKindWords ? true : false = true;
void KINDS_HAVE_WORDS;
// And the catalogue words every fact the API carries (a field added to DriftItem.seen fails here until it does).
type SeenKey = keyof NonNullable<DriftItem['seen']>;
const FACTS_HAVE_WORDS: [Exclude<SeenKey, keyof DriftSeenWords>, Exclude<keyof DriftSeenWords, SeenKey>] extends [never, never] ? true : false = true;
void FACTS_HAVE_WORDS;

export const DRIFT_REFRESH_MS = 15_000;

const deviceSite = (): Map<string, string> => new Map(state.devices.filter((d) => d.site).map((d) => [d.id, d.site as string]));

/** The drift items of a site's devices (segment items included: the measuring device is at the site). */
export function siteDrift(site: string): DriftItem[] {
  const at = deviceSite();
  return (state.drift?.items ?? []).filter((i) => at.get(i.device) === site);
}

export function segmentDrift(segment: string): DriftItem[] {
  return (state.drift?.items ?? []).filter((i) => i.segment === segment);
}

/** Draws the marks: segments with a segment item, sites with a device item. */
export function showDrift(): void {
  const items = state.drift?.items ?? [];
  const at = deviceSite();
  const perSegment = new Map<string, number>();
  const perSite = new Map<string, number>();
  for (const i of items) {
    if (i.segment) perSegment.set(i.segment, (perSegment.get(i.segment) ?? 0) + 1);
    else { const s = at.get(i.device); if (s) perSite.set(s, (perSite.get(s) ?? 0) + 1); }
  }
  const segments: Array<Feature<LineString>> = [...perSegment].flatMap(([id, count]) => {
    const coordinates = state.segmentGeometry.get(id);
    return coordinates ? [{ type: 'Feature' as const, geometry: { type: 'LineString' as const, coordinates }, properties: { id, owner: state.segments.get(id)?.owner ?? '', count } }] : [];
  });
  const sites: Array<Feature<Point>> = state.sites.filter((s) => perSite.has(s.id)).map((s) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: s.coordinates }, properties: { id: s.id, commune: s.commune, count: perSite.get(s.id) },
  }));
  page.view.setData('drift-segments', { type: 'FeatureCollection', features: segments } satisfies FeatureCollection<LineString>);
  page.view.setData('drift-sites', { type: 'FeatureCollection', features: sites } satisfies FeatureCollection<Point>);
}

/** Takes an answer of GET /api/drift (404: no probe yet, kept as `missing`). */
export function takeDrift(r: Result<unknown>): void {
  state.avail.drift = availOf(r);
  state.drift = r.kind === 'ok' ? (r.data as DriftAnswer) : null;
  showDrift();
}

/** The drift section of a site's or segment's details: each item's title, what the probe saw, what to do. */
export function driftHtml(items: readonly DriftItem[]): string {
  if (state.avail.drift !== 'ok' || !state.drift || (!items.length && !visible.drift)) return '';
  const probed = `<p class="muted">${esc(td('driftProbedAt'))}: ${esc(date(state.drift.probedAt))}</p>`;
  if (!items.length) return `<h3>${esc(td('lDrift'))}</h3>${probed}<p>${esc(td('driftNone'))}</p>`;
  const l = lang();
  const li = items.map((i) => {
    const w = driftWords(i, l);
    // What the probe saw, worded in the reader's language; a result file written before the facts has only the
    // probe's own English sentence, shown as such (folded in French and Dutch, named as English).
    const facts = driftFacts(i, l);
    const seen = facts.length ? `<p class="drift-seen"><em>${esc(td('driftSeen'))}:</em> ${esc(facts.join(' '))}</p>`
      : l === 'en' ? `<p class="muted">${esc(td('driftRaw'))}: ${esc(i.message)}</p>`
        : `<details><summary>${esc(td('driftRaw'))}</summary><p class="muted">${esc(i.message)}</p></details>`;
    if (!w) return `<li data-drift="${esc(i.kind)}">${seen}</li>`;
    return `<li data-drift="${esc(i.kind)}"><strong>${esc(w.title)}</strong><p>${esc(w.what)}</p>${seen}<p><em>${esc(td('driftTodo'))}:</em> ${esc(w.todo)}</p></li>`;
  }).join('');
  return `<h3>${esc(td('lDrift'))} <span class="badge drift">${esc(String(items.length))}</span></h3>${probed}<ul class="drift">${li}</ul>`;
}

async function refreshDrift(onChange: () => void): Promise<void> {
  const a = state.avail.drift;
  if (!token() || !window.irisnet?.loaded || !((a === 'ok' && visible.drift) || a === 'missing')) return;
  const seq = ui.loadSeq;
  const r = await get<unknown>('/api/drift');
  if (seq !== ui.loadSeq || (r.kind !== 'ok' && r.kind !== 'missing')) return;
  const before = JSON.stringify(state.drift);
  const availBefore = state.avail.drift;
  takeDrift(r);
  // Redrawn (and the open details re-rendered) only when the probe's answer changed.
  if (JSON.stringify(state.drift) !== before || state.avail.drift !== availBefore) onChange();
}

/** Starts the periodic re-read (one at a time); `onChange` redraws what depends on it besides the marks. */
export function watchDrift(onChange: () => void): void {
  let running: Promise<void> | undefined;
  setInterval(() => { running ??= refreshDrift(onChange).catch(() => undefined).finally(() => { running = undefined; }); }, DRIFT_REFRESH_MS);
}

/** When the layer is switched on: read again at once (the probe may have run since the page loaded). */
export function onDriftShown(onChange: () => void): void {
  void refreshDrift(onChange).catch(() => undefined);
}
