// Faults a simulated device can be given (CLI flag, control endpoint, or the library API).
import { z } from 'zod';

export const FaultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('down') }).strict(),
  z.object({ kind: z.literal('slow'), delayMs: z.number().int().min(1).max(120_000) }).strict(),
  z.object({ kind: z.literal('reboot') }).strict(),
  z.object({ kind: z.literal('counters32') }).strict(),
  z.object({ kind: z.literal('partial'), dropRows: z.number().int().min(1).max(10_000) }).strict(),
  z.object({ kind: z.literal('malformed') }).strict(),
  z.object({ kind: z.literal('dup-names') }).strict(),
  z.object({ kind: z.literal('no-ap-status') }).strict(),
  z.object({ kind: z.literal('no-ap-table') }).strict(),
]);

export type Fault =
  | { kind: 'down' }                     // no answer at all
  | { kind: 'slow'; delayMs: number }    // answers late
  | { kind: 'reboot' }                   // one-shot: sysUpTime and counters restart from zero now
  | { kind: 'counters32' }               // no ifXTable HC columns: only 32-bit ifInOctets/ifOutOctets, wrapping at 2^32
  | { kind: 'partial'; dropRows: number }// some ifTable/ifXTable rows missing
  | { kind: 'malformed' }                // truncated/garbage UDP replies
  // Quirks of real devices (issue 17):
  | { kind: 'dup-names' }                // unmapped ports named like the first measuring interface (a ProCurve's two lo0)
  | { kind: 'no-ap-status' }             // controller without the AP status column
  | { kind: 'no-ap-table' };             // controller that answers but has no AP or radio table

// Compile-time check that the schema and the published type agree.
const sameShape: z.infer<typeof FaultSchema> extends Fault ? (Fault extends z.infer<typeof FaultSchema> ? true : never) : never = true;
void sameShape;

/** Parses `kind[:arg]` (slow:MS, partial:ROWS). */
export function parseFault(spec: string): Fault {
  const [kind, arg] = spec.split(':', 2);
  const n = arg === undefined ? undefined : Number(arg);
  const raw = kind === 'slow' ? { kind, delayMs: n ?? 2000 }
    : kind === 'partial' ? { kind, dropRows: n ?? 1 }
      : { kind };
  const r = FaultSchema.safeParse(raw);
  if (!r.success) {
    throw new Error(`invalid fault "${spec}": expected down, slow[:MS], reboot, counters32, partial[:ROWS], malformed, dup-names, no-ap-status or no-ap-table`);
  }
  return r.data;
}

/** Parses a CLI `--fault dev=kind[:arg]`. */
export function parseFaultFlag(flag: string): { device: string; fault: Fault } {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new Error(`invalid --fault "${flag}": expected DEVICE=KIND[:ARG]`);
  return { device: flag.slice(0, eq), fault: parseFault(flag.slice(eq + 1)) };
}
