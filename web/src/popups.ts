// Map popups: one at a time, text escaped line by line.
import * as maplibregl from 'maplibre-gl';
import { esc } from './html.js';
import type { Move } from './model.js';
import { page } from './page.js';
import { state } from './state.js';

let popup: maplibregl.Popup | null = null;

export function showTextPopup(text: string, cls: string, at: maplibregl.LngLat): void {
  popup?.remove();
  popup = new maplibregl.Popup({ closeButton: true, maxWidth: '320px' })
    .setLngLat(at)
    .setHTML(`<div class="${cls}">${text.split('\n').map((l) => `<p>${esc(l)}</p>`).join('')}</div>`)
    .addTo(page.view.map);
}

export function showMovePopup(m: Move, at: maplibregl.LngLat): void {
  popup?.remove();
  const h = state.hotspots.find((x) => x.id === m.hotspot);
  const tg = state.targets.find((x) => x.id === m.target);
  popup = new maplibregl.Popup({ closeButton: true, maxWidth: '320px' })
    .setLngLat(at)
    .setHTML(`<div class="move-popup"><strong>${esc(h?.name ?? m.hotspot)} → ${esc(tg?.name ?? m.target)}</strong>
      <p>${esc(m.explanation)}</p></div>`)
    .addTo(page.view.map);
}
