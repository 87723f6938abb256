// The relocation plan: requested with the window and the number of moves, drawn as arrows.
import { get, query, type Result } from './api.js';
import { $input } from './html.js';
import { renderLegendPanel, renderToggles } from './layers.js';
import { moves as parseMoves, movesToMap } from './model.js';
import { page } from './page.js';
import { availOf, state, ui } from './state.js';

export function relocationRequest(): Promise<Result<unknown>> {
  const k = Math.max(1, Math.min(50, Number($input('moves').value) || 5));
  const q = query({ from: new Date(state.window.from).toISOString(), to: new Date(state.window.to).toISOString(), moves: k });
  return get<unknown>(`/api/relocation${q}`);
}

export function showRelocation(r: Result<unknown>): void {
  state.avail.relocation = availOf(r);
  state.moves = r.kind === 'ok'
    ? parseMoves(r.data, (id) => state.hotspots.find((h) => h.id === id)?.coordinates ?? null, (id) => state.targets.find((x) => x.id === id)?.coordinates ?? null)
    : [];
  const { lines, heads } = movesToMap(state.moves);
  page.view.setData('relocation-lines', lines);
  page.view.setData('relocation-heads', heads);
}

/** Re-plans with the current move count, unless a newer load started meanwhile. */
export async function loadRelocation(seq: number): Promise<void> {
  const r = await relocationRequest();
  if (seq !== ui.loadSeq) return;
  showRelocation(r);
  renderToggles();
  renderLegendPanel();
}
