// The network summary panel, from GET /api/network/summary (api/schemas.ts NetworkSummary).
import type { z } from 'zod';
import type { NetworkSummary } from '../../api/schemas.js';
import { bps, date, num, pct, t } from './i18n.js';
import { esc } from './html.js';

type Summary = z.infer<typeof NetworkSummary>;

function isSummary(v: unknown): v is Summary {
  return v !== null && typeof v === 'object' && 'network' in v && 'owners' in v && 'hottest' in v;
}

/** Renders the summary; `owner` narrows the per-owner table to one owner; clicking a segment id selects it. */
export function renderSummary(el: HTMLElement, avail: string, data: unknown, owner: string, select: (id: string) => void): void {
  if (avail === 'loading') { el.innerHTML = `<p class="loading">${esc(t('loading'))}</p>`; return; }
  if (avail === 'forbidden') { el.innerHTML = `<p class="na">${esc(t('notAllowed'))}</p>`; return; }
  if (avail !== 'ok' || !isSummary(data)) { el.innerHTML = `<p class="na">${esc(avail === 'unreachable' ? t('unreachable') : t('notAvailable'))}</p>`; return; }
  const s = data;
  const owners = s.owners.filter((o) => !owner || o.owner === owner);
  const forecasts = s.forecasts
    .filter((f) => f.crossesAt !== null)
    .sort((a, b) => (a.crossesAt ?? '').localeCompare(b.crossesAt ?? ''))
    .slice(0, 10);
  const segLink = (id: string): string => `<button type="button" class="link" data-segment="${esc(id)}">${esc(id)}</button>`;
  el.innerHTML = `
    <table><tbody>
      <tr><th scope="row">${esc(t('networkUtil'))}</th><td class="n" data-figure="network-util">${esc(pct(s.network.utilisationPct))}</td></tr>
      <tr><th scope="row">${esc(t('sellable'))}</th><td class="n" data-figure="sellable-gbps">${esc(bps(s.sellable.totalGbps * 1e9))}</td></tr>
      <tr><th scope="row">${esc(t('sellableKm'))}</th><td class="n" data-figure="sellable-gbps-km">${esc(num(s.sellable.gbpsKm, 0))} Gbit/s·km</td></tr>
      <tr><th scope="row">${esc(t('darkPairKm'))}</th><td class="n" data-figure="dark-pair-km">${esc(num(s.darkPairs.pairKm, 0))} ${esc(t('pairsAsked').toLowerCase())}·km</td></tr>
    </tbody></table>
    <h3>${esc(t('perOwner'))}</h3>
    <table><thead><tr><th>${esc(t('owner'))}</th><th class="n">%</th><th class="n">Gbit/s</th><th class="n">${esc(t('pairsAsked').toLowerCase())}·km</th></tr></thead><tbody>
      ${owners.map((o) => `<tr><td>${esc(o.name)}</td><td class="n">${esc(pct(o.utilisationPct))}</td><td class="n">${esc(num(o.sellableGbps, 1))}</td><td class="n">${esc(num(o.freeDarkPairKm, 0))}</td></tr>`).join('')}
    </tbody></table>
    <h3>${esc(t('hottest'))}</h3>
    <table><tbody>
      ${s.hottest.map((h) => `<tr><td>${segLink(h.id)}</td><td class="n">${esc(pct(h.p95UtilisationPct))}</td><td class="n">${esc(bps(h.p95Bps))}</td></tr>`).join('')}
    </tbody></table>
    <h3>${esc(t('forecasts'))}</h3>
    ${forecasts.length ? `<table><tbody>${forecasts.map((f) => `<tr><td>${segLink(f.id)}</td><td class="n">${f.crossingBeyondYears ? "≥ " : ""}${esc(date(f.crossesAt, false))}${f.aboveNow ? ' ⚠' : ''}</td></tr>`).join('')}</tbody></table>`
      : `<p class="muted">${esc(t('noCrossing'))}</p>`}`;
  for (const b of el.querySelectorAll<HTMLButtonElement>('button[data-segment]')) b.addEventListener('click', () => select(b.dataset.segment ?? ''));
}

/** The roadworks opportunities, best first: each sentence is a button that shows it on the map. */
export function renderOpportunities(el: HTMLElement, avail: string, items: ReadonlyArray<Record<string, unknown>>, show: (index: number) => void): void {
  if (avail === 'loading') { el.innerHTML = `<p class="loading">${esc(t('loading'))}</p>`; return; }
  if (avail !== 'ok') { el.innerHTML = `<p class="na">${esc(avail === 'forbidden' ? t('notAllowed') : t('notAvailable'))}</p>`; return; }
  if (items.length === 0) { el.innerHTML = `<p class="muted">${esc(t('noOpportunity'))}</p>`; return; }
  el.innerHTML = `<ol class="opportunities">${items.slice(0, 10).map((o, i) =>
    `<li><button type="button" class="link" data-opportunity="${i}">${esc(String(o.sentence ?? ''))}</button></li>`).join('')}</ol>`;
  for (const b of el.querySelectorAll<HTMLButtonElement>('button[data-opportunity]')) b.addEventListener('click', () => show(Number(b.dataset.opportunity)));
}
