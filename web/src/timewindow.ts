// The time window controls: the last N days (in whole 5-minute buckets), or whole local days picked.
import { $, $input, $select } from './html.js';

export function windowFromControls(): { from: number; to: number } | null {
  const v = $select('window').value;
  const FIVE_MIN = 300_000;
  if (v !== 'custom') {
    const to = Math.floor(Date.now() / FIVE_MIN) * FIVE_MIN;
    return { from: to - Number(v) * 86_400_000, to };
  }
  const f = $input('from').value;
  const tt = $input('to').value;
  if (!f || !tt) return null;
  // Whole local days: from the start of the first to the end of the last.
  const from = new Date(`${f}T00:00:00`).getTime();
  const to = new Date(`${tt}T00:00:00`).getTime() + 86_400_000;
  return from < to ? { from, to } : null;
}

export function wireTimeWindow(load: () => void): void {
  $select('window').addEventListener('change', () => {
    const custom = $select('window').value === 'custom';
    $('custom-window').hidden = !custom;
    if (!custom) load();
  });
  $('apply-window').addEventListener('click', load);
}
