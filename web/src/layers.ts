// The layer switches and the legend: a layer whose data the role may not see is hidden, one whose data could
// not be had is greyed with the reason.
import { $ } from './html.js';
import { t, td, type Key } from './i18n.js';
import { GROUPS, type Group } from './mapview.js';
import { renderLegend } from './legend.js';
import { page } from './page.js';
import { onDriftShown, showDrift } from './drift.js';
import { rerenderSelection } from './selection.js';
import { state, visible, type Dataset } from './state.js';

const LAYER_LABEL: Record<Exclude<Group, 'drift'>, Key> = {
  segments: 'lSegments', sites: 'lSites', hotspots: 'lHotspots', targets: 'lTargets', relocation: 'lRelocation', bridges: 'lBridges', works: 'lWorks', circuits: 'lCircuits', transit: 'lMetro', roads: 'lRoads',
};
const LAYER_DATA: Partial<Record<Group, Dataset>> = { segments: 'segments', sites: 'sites', hotspots: 'hotspots', targets: 'targets', relocation: 'relocation', bridges: 'resilience', works: 'worksites', circuits: 'circuits', drift: 'drift' };
const layerLabel = (g: Group): string => (g === 'drift' ? td('lDrift') : t(LAYER_LABEL[g]));

/** What depends on the drift answer besides its marks: the legend's probe date, the open details. */
export function driftChanged(): void {
  showDrift();
  renderToggles();
  renderLegendPanel();
  rerenderSelection();
}

export function renderToggles(): void {
  const { view } = page;
  const el = $('layer-toggles');
  el.innerHTML = '';
  for (const g of Object.keys(GROUPS) as Group[]) {
    const ds = LAYER_DATA[g];
    const a = ds ? state.avail[ds] : 'ok';
    if (a === 'forbidden') { view.setVisible(g, false); continue; }
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = `layer-${g}`;
    box.checked = visible[g] && (a === 'ok' || a === 'loading');
    box.disabled = a !== 'ok' && a !== 'loading';
    box.addEventListener('change', () => {
      visible[g] = box.checked; view.setVisible(g, box.checked); renderLegendPanel();
      if (g === 'drift') { rerenderSelection(); if (box.checked) onDriftShown(driftChanged); }
    });
    label.append(box, ` ${layerLabel(g)}`);
    if (box.disabled) {
      const note = document.createElement('span');
      note.className = 'na';
      note.textContent = ` (${a === 'unreachable' ? t('unreachable') : t('notAvailable')})`;
      if (g === 'drift' && a === 'missing') note.title = td('driftNoProbe');
      label.append(note);
    }
    el.append(label);
    view.setVisible(g, box.checked);
  }
}

export function renderLegendPanel(): void {
  const { view } = page;
  const ok = (d: Dataset, g: Group): boolean => state.avail[d] === 'ok' && visible[g];
  renderLegend($('legend'), view.colourMode, view.scaleMax, {
    hotspots: ok('hotspots', 'hotspots'), targets: ok('targets', 'targets'), sites: ok('sites', 'sites'), relocation: ok('relocation', 'relocation'),
    bridges: ok('resilience', 'bridges'),
    works: ok('worksites', 'works') ? view.worksiteStatuses : null,
    opportunities: ok('opportunities', 'works'),
    circuits: ok('circuits', 'circuits'),
    drift: ok('drift', 'drift') ? state.drift?.probedAt ?? null : null,
  });
}
