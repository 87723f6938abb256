// Brussels local time without Intl: the traffic model evaluates millions of minutes, and the EU rule
// (summer time from the last Sunday of March to the last Sunday of October, switching at 01:00 UTC) is fixed.
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MINUTES = 7 * 1440;

const transitions = new Map<number, readonly [number, number]>();

/** Epoch ms of 01:00 UTC on the last Sunday of a month (0-based). */
function lastSunday0100(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  const back = lastDay.getUTCDay(); // 0 = Sunday
  return Date.UTC(year, month, lastDay.getUTCDate() - back, 1, 0, 0);
}

function summerTime(year: number): readonly [number, number] {
  let t = transitions.get(year);
  if (!t) {
    t = [lastSunday0100(year, 2), lastSunday0100(year, 9)] as const;
    transitions.set(year, t);
  }
  return t;
}

// The last year looked up: almost every call falls in it, and new Date() per minute is the model's hot spot.
let yearFrom = 0;
let yearTo = -1;
let yearDst: readonly [number, number] = [0, 0];

/** Offset of Europe/Brussels from UTC at tMs, in minutes (60 or 120). */
export function brusselsOffsetMinutes(tMs: number): number {
  if (tMs < yearFrom || tMs >= yearTo) {
    const year = new Date(tMs).getUTCFullYear();
    yearFrom = Date.UTC(year, 0, 1);
    yearTo = Date.UTC(year + 1, 0, 1);
    yearDst = summerTime(year);
  }
  return tMs >= yearDst[0] && tMs < yearDst[1] ? 120 : 60;
}

/** Minute of the local week (Monday 00:00 = 0) for a UTC epoch minute. */
export function localMinuteOfWeek(utcMinute: number): number {
  const local = utcMinute + brusselsOffsetMinutes(utcMinute * MINUTE_MS);
  const day = Math.floor(local / 1440);
  // 1970-01-01 was a Thursday: Monday-based day of week is (day + 3) mod 7.
  const dow = (((day + 3) % 7) + 7) % 7;
  return dow * 1440 + (((local % 1440) + 1440) % 1440);
}

/** "HH:MM" to minutes of the day. */
export function hhmmToMinutes(s: string): number {
  const [h, m] = s.split(':').map(Number);
  return h * 60 + m;
}
