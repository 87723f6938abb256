// Quote ids. The quotes themselves live in the records store (store/records.ts), with the circuits that
// accept them; earlier versions' JSON files are imported from <dataDir>/quotes/ on first start.
import { randomBytes } from 'node:crypto';

/** Q-<UTC date>-<8 hex digits>: sortable by day, unguessable enough to share. */
export const QUOTE_ID = /^Q-\d{8}-[0-9a-f]{8}$/;

export function newQuoteId(now: number): string {
  const day = new Date(now).toISOString().slice(0, 10).replace(/-/g, '');
  return `Q-${day}-${randomBytes(4).toString('hex')}`;
}

/** Whether a quote's validity has passed at `now`: the offer no longer holds (it cannot be accepted). */
export function isExpired(quote: { validUntil: string }, now: number): boolean {
  return Date.parse(quote.validUntil) <= now;
}
