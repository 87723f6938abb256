// A legend for every colour and size scale on the map, drawn from the same palettes the layers use.
import { ALERT, AVAIL, CIVIDIS, DRIFT, FIBRE_COLOURS, FIBRE_STATUSES, MUTED, OK, VIRIDIS } from './palette.js';
import { CIRCUIT_COLOUR, TARGET_COLOURS, TARGET_KINDS, WORKS_COLOURS, type ColourMode } from './mapview.js';
import { date, lang, num, t, td } from './i18n.js';
import { kindLabel as kindOf } from '../../common/i18n.js';

function ramp(palette: readonly string[], min: number, max: number, title: string, unit = '', openEnded = false): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => `<span>${f === 1 && openEnded ? '≥ ' : ''}${num(min + (max - min) * f, max - min < 10 ? 1 : 0)}${unit}</span>`).join('');
  return `<div class="legend-block"><div>${title}</div>
    <div class="legend-ramp" role="img" aria-label="${title}: ${num(min)} – ${num(max)}" style="background:linear-gradient(to right,${palette.join(',')})"></div>
    <div class="legend-ticks">${ticks}</div></div>`;
}

const row = (swatch: string, label: string): string => `<div class="legend-row">${swatch}<span>${label}</span></div>`;
const dot = (fill: string, stroke = '#fff', size = 14, width = 1): string =>
  `<span class="swatch" aria-hidden="true" style="background:${fill};border:${width}px solid ${stroke};width:${size}px;height:${size}px"></span>`;

/** A site or target kind in the page's language (the one catalogue, common/i18n.ts). */
export function kindLabel(kind: string): string {
  return kindOf(kind, lang());
}

export function renderLegend(el: HTMLElement, mode: ColourMode, scaleMax: { sellable: number; dark: number }, shown: { targets: boolean; hotspots: boolean; sites: boolean; relocation: boolean; bridges: boolean; works: string[] | null; opportunities: boolean; circuits?: boolean; drift?: string | null }): void {
  const parts: string[] = [];
  if (mode === 'util') parts.push(ramp(VIRIDIS, 0, 100, t('legendUtil')), row(`<span class="swatch line" style="background:${MUTED}"></span>`, t('noSeries')));
  else if (mode === 'sellable') parts.push(ramp(CIVIDIS, 0, scaleMax.sellable, t('legendSellable'), '', true));
  else if (mode === 'fibre') {
    const label = { ok: t('fibreOk'), degrading: t('fibreDegrading'), warning: t('fibreWarning'), dark: t('fibreDark'), unknown: t('fibreUnknown') };
    parts.push(`<div class="legend-block">${t('legendFibre')}:${FIBRE_STATUSES.map((k) => row(`<span class="swatch line" style="background:${FIBRE_COLOURS[k]}"></span>`, label[k])).join('')}</div>`);
  } else parts.push(ramp(CIVIDIS, 0, scaleMax.dark, t('legendDark'), '', true));
  parts.push(`<div class="legend-block">${t('legendWidth')}:
    ${[['100 Mbit/s', 2], ['1 Gbit/s', 3], ['10 Gbit/s', 5], ['100 Gbit/s', 7]].map(([l, w]) => row(`<span class="swatch line" style="height:${w}px;background:#333"></span>`, String(l))).join('')}</div>`);
  if (shown.hotspots) {
    parts.push(`<div class="legend-block">${t('legendHotspot')}:
      ${row(dot(OK, '#fff', 6), `${num(0.5)} ${t('meanClients').toLowerCase()}`)}${row(dot(OK, '#fff', 9), `${num(2)}`)}${row(dot(OK, '#fff', 13), `${num(5)}`)}
      ${row(dot('#fff', ALERT, 12, 3), t('underused'))}${row(dot(OK, '#fff', 12), t('used'))}</div>`);
  }
  if (shown.sites) parts.push(`<div class="legend-block">${t('availLegend')}:${row(dot(AVAIL.full), t('availFull'))}${row(dot(AVAIL.met), t('availMet'))}${row(dot(AVAIL.breach, '#000', 14, 2), t('availBreach'))}${row(dot(AVAIL.none), t('availNone'))}</div>`, row('<span class="swatch" aria-hidden="true" style="border:0;font-weight:bold;text-align:center;line-height:14px;color:#000;text-shadow:0 0 2px #F0E442,0 0 2px #F0E442">×</span>', t('deviceDown')));
  if (shown.targets) {
    parts.push(`<div class="legend-block">${t('kinds')}:${TARGET_KINDS.map((k) => row(dot(TARGET_COLOURS[k]), kindLabel(k))).join('')}</div>`);
  }
  if (shown.bridges) parts.push(row('<span class="swatch line" style="height:6px;background:repeating-linear-gradient(to right,#fff 0 4px,#444 4px 10px)"></span>', t('lBridges')));
  if (shown.works) {
    parts.push(`<div class="legend-block">${t('worksite')}:${shown.works.map((st, i) => row(`<span class="swatch" aria-hidden="true" style="border-radius:2px;background:${WORKS_COLOURS[i % WORKS_COLOURS.length]}"></span>`, st)).join('')}</div>`);
  }
  if (shown.opportunities) parts.push(row('<span class="swatch line" style="height:8px;background:#F0E442;border:1px solid #999"></span>', t('opportunities')));
  if (shown.circuits) parts.push(row(`<span class="swatch line" style="height:4px;background:${CIRCUIT_COLOUR}"></span>`, t('lCircuits')));
  if (shown.drift) {
    const mark = `<span class="swatch" aria-hidden="true" style="border:0;font-weight:bold;text-align:center;line-height:14px;color:${DRIFT};text-shadow:0 0 2px #fff">≠</span>`;
    parts.push(`<div class="legend-block">${td('lDrift')} (${td('driftProbedAt').toLowerCase()}: ${date(shown.drift)}):${row(mark, td('driftSite'))}${row(`<span class="swatch line" style="height:4px;background:repeating-linear-gradient(to right,${DRIFT} 0 8px,transparent 8px 12px)"></span>`, td('driftSegment'))}</div>`);
  }
  if (shown.relocation) parts.push(row('<span class="swatch line" style="background:repeating-linear-gradient(to right,#000 0 6px,transparent 6px 9px)"></span>', `${t('lRelocation')} →`));
  el.innerHTML = parts.join('');
}
