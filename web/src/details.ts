// The details panel of a selected segment, hotspot, site or target: its figures with units, and for a
// segment (or a hotspot, when the API offers it) a chart of the window.
import type { AppState } from './state.js';
import { get, query } from './api.js';
import { bps, date, lang, metres, num, pct, t } from './i18n.js';
import { formatDb, formatDbm } from '../../common/units.js';
import { esc, figures } from './html.js';
import { drawChart } from './chart.js';
import { driftHtml, segmentDrift, siteDrift } from './drift.js';
import { kindLabel } from './legend.js';
import type { Hotspot, SegmentFigures, Site, Target } from './model.js';
import { ALERT, VIRIDIS } from './palette.js';

function header(el: HTMLElement, kind: string, title: string, close: () => void): HTMLElement {
  el.innerHTML = `<div class="details-head"><h3 id="details-title">${esc(kind)} ${esc(title)}</h3>
    <button type="button" class="close" aria-label="${esc(t('close'))}">✕</button></div><div class="details-body"></div>`;
  el.querySelector('button.close')?.addEventListener('click', close);
  return el.querySelector('.details-body') as HTMLElement;
}

const windowQuery = (s: AppState, extra: Record<string, string | number> = {}): string =>
  query({ from: new Date(s.window.from).toISOString(), to: new Date(s.window.to).toISOString(), ...extra });

/** A chart step giving at most ~500 points, a whole number of 5-minute buckets. */
function step(s: AppState): string {
  const buckets = Math.max(1, Math.ceil((s.window.to - s.window.from) / 500 / 300_000));
  return `${buckets * 5}m`;
}

export function showSegment(el: HTMLElement, s: SegmentFigures, state: AppState, close: () => void): void {
  const body = header(el, t('segment'), s.id, close);
  const dir = (label: string, d: SegmentFigures['ab']): string =>
    `<tr><th scope="row">${esc(label)}</th><td class="n">${esc(bps(d.meanBps))}<br><span class="muted">${esc(pct(d.meanUtilisationPct))}</span></td>
      <td class="n" data-figure="p95">${esc(bps(d.p95Bps))}<br><span class="muted">${esc(pct(d.p95UtilisationPct))}</span></td>
      <td class="n">${esc(bps(d.maxBps))}<br><span class="muted">${esc(pct(d.maxUtilisationPct))}</span></td><td class="n">${esc(num(d.samples, 0))}</td></tr>`;
  body.innerHTML = `
    ${figures([
      [t('owner'), s.ownerName],
      [t('sites'), `${s.aName} — ${s.bName}`],
      [t('length'), metres(s.lengthMetres)],
      [t('capacity'), bps(s.litCapacityBps)],
      [t('pairs'), `${num(s.pairs.total, 0)} / ${num(s.pairs.lit, 0)} / ${num(s.pairs.reserved, 0)}`],
      [t('freeDark'), num(s.freeDarkPairs, 0)],
      [t('sellableBps'), bps(s.sellableBps)],
      ...(s.reserved && (s.reserved.bps > 0 || s.reserved.pairs > 0)
        ? [[t('reservedByCircuits'), `${bps(s.reserved.bps)} · ${num(s.reserved.pairs, 0)} ${t('darkPairs').toLowerCase()}`] as [string, string]]
        : []),
    ])}
    <table class="directions"><thead><tr><th>${esc(t('direction'))}</th><th class="n">${esc(t('mean'))}</th><th class="n">${esc(t('p95'))}</th><th class="n">${esc(t('max'))}</th><th class="n">${esc(t('samples'))}</th></tr></thead>
    <tbody>${dir(`a→b`, s.ab)}${dir(`b→a`, s.ba)}</tbody></table>
    ${driftHtml(segmentDrift(s.id))}
    ${fibreHtml(s)}
    ${errorsHtml(s)}
    ${cutHtml(state, s.id)}
    <h3>${esc(t('chart'))}</h3><div class="chart" role="img" aria-label="${esc(t('chart'))}"><p class="loading">${esc(t('loading'))}</p></div>`;
  const chartEl = body.querySelector('.chart') as HTMLElement;
  void get<{ points: Array<{ time: string; abMeanBps: number | null; baMeanBps: number | null; abMaxBps: number | null; baMaxBps: number | null }> }>(
    `/api/segments/${encodeURIComponent(s.id)}/series${windowQuery(state, { step: step(state) })}`,
  ).then((r) => {
    if (!chartEl.isConnected) return;
    if (r.kind !== 'ok') { chartEl.innerHTML = `<p class="na">${esc(r.kind === 'forbidden' ? t('notAllowed') : t('notAvailable'))}</p>`; return; }
    const pts = r.data.points ?? [];
    if (!pts.some((p) => p.abMeanBps !== null || p.baMeanBps !== null)) { chartEl.innerHTML = `<p class="na">${esc(t('noSeries'))}</p>`; return; }
    drawChart(chartEl, pts.map((p) => Date.parse(p.time) / 1000), [
      { label: `a→b ${t('mean')}`, values: pts.map((p) => p.abMeanBps), colour: VIRIDIS[1] },
      { label: `b→a ${t('mean')}`, values: pts.map((p) => p.baMeanBps), colour: '#E69F00' },
      { label: `a→b ${t('max')}`, values: pts.map((p) => p.abMaxBps), colour: VIRIDIS[1], dash: [4, 3] },
      { label: `b→a ${t('max')}`, values: pts.map((p) => p.baMaxBps), colour: '#E69F00', dash: [4, 3] },
    ], 'bps');
  });
  const rxEl = body.querySelector('.rx-chart') as HTMLElement | null;
  if (rxEl) drawRx(rxEl, s.id, state);
}

/** Fibre health of both ends (GET /api/segments fibre{}): rx, margin, trend, the date it reaches the alarm. */
function fibreHtml(s: SegmentFigures): string {
  const f = s.fibre;
  if (!f || !f.ends.length) return '';
  const label = { ok: t('fibreOk'), degrading: t('fibreDegrading'), warning: t('fibreWarning'), dark: t('fibreDark'), unknown: t('fibreUnknown') };
  // The one formatter of optical power and power differences (common/units.ts), as the alerts write them.
  const dbm = (v: number | null): string => (v === null ? '—' : formatDbm(v, lang()));
  const rows = f.ends.map((e) => `<tr><th scope="row">${esc(e.end)} <span class="muted">${esc(e.device)} ${esc(e.ifName ?? String(e.ifIndex))}</span></th>
    <td class="n" data-figure="rx-${esc(e.end)}">${esc(dbm(e.latestRxDbm))}</td>
    <td class="n">${esc(e.marginDb === null ? '—' : formatDb(e.marginDb, lang()))}</td>
    <td class="n">${esc(e.trendDbPerWeek === null ? '—' : formatDb(e.trendDbPerWeek, lang(), true))}</td>
    <td class="n" data-figure="crosses-${esc(e.end)}">${esc(e.crossesAt === null ? '—' : date(e.crossesAt, false))}</td></tr>`).join('');
  return `<h4>${esc(t('fibreHealth'))}: <span class="badge" data-figure="fibre-status">${esc(label[f.status])}</span></h4>
    <table class="fibre"><thead><tr><th>${esc(t('end'))}</th><th class="n">${esc(t('rxPower'))}</th><th class="n">${esc(t('marginDb'))}</th>
    <th class="n">${esc(t('trend'))}</th><th class="n">${esc(t('crossesAt'))}</th></tr></thead><tbody>${rows}</tbody></table>
    <div class="chart rx-chart" role="img" aria-label="${esc(t('rxChart'))}"><p class="loading">${esc(t('loading'))}</p></div>`;
}

/** The rx points the trend is fitted to, per end, with each end's low alarm. */
function drawRx(el: HTMLElement, id: string, state: AppState): void {
  void get<{ fibre: NonNullable<SegmentFigures['fibre']>; series: Array<{ end: string; points: Array<{ time: string; rxDbm: number }> }> }>(
    `/api/segments/${encodeURIComponent(id)}/optics${windowQuery(state)}`,
  ).then((r) => {
    if (!el.isConnected) return;
    if (r.kind !== 'ok') { el.innerHTML = `<p class="na">${esc(r.kind === 'forbidden' ? t('notAllowed') : t('notAvailable'))}</p>`; return; }
    const times = [...new Set(r.data.series.flatMap((s) => s.points.map((p) => Date.parse(p.time) / 1000)))].sort((a, b) => a - b);
    if (!times.length) { el.innerHTML = `<p class="na">${esc(t('noSeries'))}</p>`; return; }
    const colours = [VIRIDIS[1], '#E69F00'];
    const series = r.data.series.flatMap((s, i) => {
      const at = new Map(s.points.map((p) => [Date.parse(p.time) / 1000, p.rxDbm]));
      const alarm = r.data.fibre.ends.find((e) => e.end === s.end)?.lowAlarmDbm ?? null;
      return [
        { label: `${t('rxPower')} ${s.end}`, values: times.map((x) => at.get(x) ?? null), colour: colours[i % 2] },
        ...(alarm === null ? [] : [{ label: `${t('lowAlarm')} ${s.end}`, values: times.map(() => alarm), colour: ALERT, dash: [4, 3] }]),
      ];
    });
    drawChart(el, times, series, 'dbm');
  });
}

/** The measuring interface's error and discard rates (out = a→b, in = b→a), when it was polled. */
function errorsHtml(s: SegmentFigures): string {
  const e = s.errors;
  if (!e) return '';
  const pps = (v: number | null): string => (v === null ? '—' : `${num(v, 2)} ${t('perSecond')}`);
  return `<h4>${esc(t('linkErrors'))}</h4><table class="errors"><thead><tr><th>${esc(t('direction'))}</th>
    <th class="n">${esc(t('errors'))}</th><th class="n">${esc(t('discards'))}</th></tr></thead><tbody>
    <tr><th scope="row">a→b</th><td class="n" data-figure="out-errors">${esc(pps(e.outErrorsPs))}</td><td class="n">${esc(pps(e.outDiscardsPs))}</td></tr>
    <tr><th scope="row">b→a</th><td class="n" data-figure="in-errors">${esc(pps(e.inErrorsPs))}</td><td class="n">${esc(pps(e.inDiscardsPs))}</td></tr>
    </tbody></table>`;
}

/** What cutting the segment would do (GET /api/resilience), when the role may see it. */
function cutHtml(state: AppState, id: string): string {
  const cut = state.cuts.get(id);
  if (!cut) return '';
  return `<h3>${esc(t('resilience'))}</h3>
    ${cut.bridge ? `<p><span class="badge alert">${esc(t('bridge'))}</span></p>` : ''}
    <p>${esc(cut.sentence)}</p>
    ${cut.cutOff.length ? `<h4>${esc(t('cutOff'))} (${esc(num(cut.cutOff.length, 0))})</h4><ul>${cut.cutOff.slice(0, 20).map((c) => `<li>${esc(c.name)} <span class="muted">${esc(kindLabel(c.kind))}</span></li>`).join('')}</ul>` : ''}
    ${cut.detour && cut.detour.overloaded.length ? `<h4>${esc(t('overloaded'))}</h4><table><tbody>${cut.detour.overloaded.map((o) =>
      `<tr><td>${esc(o.segment)}</td><td class="n">${esc(bps(o.loadBps))} / ${esc(bps(o.limitBps))}</td><td class="n">${esc(pct(o.loadPct))}</td></tr>`).join('')}</tbody></table>` : ''}`;
}

export function showHotspot(el: HTMLElement, h: Hotspot, state: AppState, close: () => void): void {
  const body = header(el, t('hotspot'), h.name ?? h.id, close);
  body.innerHTML = `${figures([
    ['id', h.id],
    [t('commune'), h.commune ?? '—'],
    [t('meanClients'), num(h.meanClients ?? null, 2)],
    [t('p95Clients'), num(h.p95Clients ?? null, 2)],
    [t('openHoursMean'), num(h.openHoursMeanClients ?? null, 2)],
    [t('activeShare'), pct(h.activeShare === null || h.activeShare === undefined ? null : h.activeShare * 100)],
    [t('rank'), num(h.rank ?? null, 0)],
    [t('samples'), num(h.samples ?? null, 0)],
  ])}
  <p>${h.underused ? `<span class="badge alert">${esc(t('underused'))}</span>` : `<span class="badge ok">${esc(t('used'))}</span>`}</p>
  <h3>${esc(t('chart'))}</h3><div class="chart" role="img" aria-label="${esc(t('chart'))}"><p class="loading">${esc(t('loading'))}</p></div>`;
  const chartEl = body.querySelector('.chart') as HTMLElement;
  void get<{ points: Array<{ time: string; meanClients?: number | null; clients?: number | null; maxClients?: number | null }> }>(
    `/api/hotspots/${encodeURIComponent(h.id)}/series${windowQuery(state, { step: step(state) })}`,
  ).then((r) => {
    if (!chartEl.isConnected) return;
    if (r.kind !== 'ok' || !Array.isArray(r.data.points)) { chartEl.innerHTML = `<p class="na">${esc(r.kind === 'forbidden' ? t('notAllowed') : t('notAvailable'))}</p>`; return; }
    const pts = r.data.points;
    drawChart(chartEl, pts.map((p) => Date.parse(p.time) / 1000), [
      { label: t('meanClients'), values: pts.map((p) => p.meanClients ?? p.clients ?? null), colour: VIRIDIS[1] },
    ], 'clients');
  });
}

export function showSite(el: HTMLElement, s: Site, state: AppState, close: () => void): void {
  const body = header(el, t('site'), s.name, close);
  const devs = state.devices.filter((d) => d.site === s.id);
  const a = state.siteAvailability.get(s.id);
  const availability = a ? `${pct(a.pct)}${a.breach ? ` — ${t('availBreach')}` : ''}` : '—';
  body.innerHTML = `${figures([['id', s.id], [t('commune'), s.commune], ['', kindLabel(s.kind)], [t('availability'), availability]])}
    <h3>${esc(t('devices'))}</h3>
    ${state.avail.devices === 'forbidden' ? `<p class="na">${esc(t('notAllowed'))}</p>` : devs.length === 0 ? `<p class="na">${esc(t('noDevice'))}</p>` :
      `<table><thead><tr><th>id</th><th>${esc(t('status'))}</th><th>${esc(t('lastSeen'))}</th></tr></thead><tbody>
      ${devs.map((d) => `<tr><td>${esc(d.id)}</td><td>${d.down ? `<span class="badge alert">${esc(t('down'))}</span>` : `<span class="badge ok">${esc(t('up'))}</span>`}</td><td>${esc(date(d.lastSeen ?? null))}</td></tr>`).join('')}
      </tbody></table>`}
    ${driftHtml(siteDrift(s.id))}`;
}

export function showTarget(el: HTMLElement, tg: Target, close: () => void): void {
  const body = header(el, t('target'), tg.name, close);
  body.innerHTML = figures([['id', tg.id], ['', kindLabel(tg.kind)], [t('commune'), tg.commune ?? '—'], [t('weight'), num(tg.weight ?? null, 2)]]);
}
