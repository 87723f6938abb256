// The status line above the map: loading, errors (with a retry), or nothing.
import { $, esc } from './html.js';
import { t } from './i18n.js';

export function setStatus(text: string, kind: 'info' | 'error' | 'none' = 'info', retry?: () => void): void {
  const el = $('status');
  el.className = `status ${kind === 'error' ? 'error' : ''}`;
  el.innerHTML = kind === 'none' ? '' : `${esc(text)}${retry ? ` <button type="button" id="retry">${esc(t('retry'))}</button>` : ''}`;
  if (retry) $('retry').addEventListener('click', retry);
  $('map').setAttribute('aria-busy', kind === 'info' ? 'true' : 'false');
}
