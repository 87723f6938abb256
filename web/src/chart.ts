// A small time-series chart (uPlot) for a segment's two directions, its rx power, or a hotspot's clients.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { bps, date, lang, num } from './i18n.js';
import { formatDbm } from '../../common/units.js';

export interface Series { label: string; values: Array<number | null>; colour: string; dash?: number[] }

/** Draws into `el` (replacing what was there); times in epoch seconds; `unit` picks the axis format. */
export function drawChart(el: HTMLElement, times: number[], series: Series[], unit: 'bps' | 'clients' | 'dbm'): uPlot {
  el.innerHTML = '';
  const fmt = (v: number | null): string => (v === null ? '—' : unit === 'bps' ? bps(v) : unit === 'dbm' ? formatDbm(v, lang()) : num(v, 1));
  return new uPlot({
    width: Math.max(260, el.clientWidth || 300),
    height: 180,
    scales: { x: { time: true } },
    series: [
      { value: (_u: uPlot, v: number | null) => (v === null ? '—' : date(v * 1000)) },
      ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 1.5, dash: s.dash, value: (_u: uPlot, v: number | null) => fmt(v) })),
    ],
    axes: [
      { values: (_u: uPlot, vals: number[]) => vals.map((v) => date(v * 1000, false)) , size: 30 },
      { values: (_u: uPlot, vals: number[]) => vals.map((v) => fmt(v)), size: 70 },
    ],
    legend: { live: true },
  }, [times, ...series.map((s) => s.values)], el);
}
