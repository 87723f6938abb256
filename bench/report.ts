// The bench report: one JSON document (bench/results/latest.json) and its markdown rendering
// (bench/results/latest.md, also printed). Ratios are against a baseline measured in the same run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PollingBench, ToolRound } from './polling.js';
import type { IngestBench } from './ingest.js';
import type { ApiBench } from './api.js';
import type { PlanningScale } from './planning.js';
import type { MapBench } from './map.js';
import type { ResilienceBench } from './resilience.js';
import type { AvailabilityBench } from './availability.js';
import type { AlertsBench } from './alerts.js';
import type { ScaleBench, ScaleRow } from './scale.js';

/** A section's figures, or why there are none. */
export type Section<T> = { ok: true; seconds: number; value: T } | { ok: false; seconds: number; reason: string };

export interface Machine {
  cpus: number;
  model: string;
  memoryGiB: number;
  node: string;
  kernel: string;
  loadAverageAtStart: number[];
  date: string;
}

export interface ScaleOut {
  intervalSeconds: number;
  /** Collector CPU ms per poll of one 48-port switch (measured, against the simulator, largest size). */
  cpuMsPerDevice: number;
  /** Share of a core we allow the collector to use on average (headroom for replays, bursts, GC). */
  coreBudget: number;
  devicesPerCore: number;
  assumption: string;
  devicesNeeded: number;
  coresNeeded: number;
}

export interface BenchResults {
  machine: Machine;
  totalSeconds: number;
  polling: Section<PollingBench>;
  ingest: Section<IngestBench>;
  api: Section<ApiBench>;
  planning: Section<PlanningScale[]>;
  map: Section<MapBench>;
  resilience: Section<ResilienceBench>;
  /** Absent in results written before it existed. */
  availability?: Section<AvailabilityBench>;
  alerts: Section<AlertsBench>;
  /** The API at 1×, 10×, 100× the demo (absent in results written before it existed). */
  scale?: Section<ScaleBench>;
  scaleOut?: ScaleOut;
}

/** Devices one core holds, and what the whole network needs, from the measured CPU cost per poll. */
export function scaleOut(cpuMsPerDevice: number, intervalSeconds = 60, coreBudget = 0.5): ScaleOut {
  const devicesPerCore = Math.floor((intervalSeconds * 1000 * coreBudget) / cpuMsPerDevice);
  // IRISnet's pooled network ~170 switches and routers, wifi.brussels ~20 controllers (a controller with ~60
  // APs answers about as many values as a 48-port switch), doubled for growth.
  const devicesNeeded = (170 + 20) * 2;
  return {
    intervalSeconds, cpuMsPerDevice, coreBudget, devicesPerCore,
    assumption: '~170 switches/routers (pooled network) + ~20 wifi controllers (wifi.brussels, ~60 APs each ≈ one 48-port switch of values), ×2 for growth = 380 devices',
    devicesNeeded, coresNeeded: (devicesNeeded * cpuMsPerDevice) / (intervalSeconds * 1000),
  };
}

const f = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : '–');
const int = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '–');
const table = (head: string[], rows: string[][]): string => [
  `| ${head.join(' | ')} |`, `| ${head.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const na = (s: { ok: false; reason: string }): string => `not available: ${s.reason}`;

function pollingMd(p: PollingBench): string {
  const groups = new Map<string, ToolRound[]>();
  for (const r of p.rows) groups.set(`${r.agent}:${r.devices}`, [...(groups.get(`${r.agent}:${r.devices}`) ?? []), r]);
  const rows: string[][] = [];
  for (const rs of groups.values()) {
    const base = rs.find((r) => r.tool === 'collector');
    for (const r of rs) {
      rows.push([
        `${r.devices} × ${r.agent === 'sim' ? 'simulated 48-port switch' : 'Debian snmpd'}`, r.tool, int(r.interfaces), f(r.wallMs, 0), f(r.cpuSeconds, 3),
        f(r.cpuSecondsPer1000If, 3), int(r.valuesPerRound), `${f(r.agentCpuShare * 100, 0)} %`, String(r.failures),
        base && r !== base ? `${f(r.wallMs / base.wallMs, 2)}×` : '1', base && r !== base ? `${f(r.cpuSecondsPer1000If / base.cpuSecondsPer1000If, 2)}×` : '1',
      ]);
    }
  }
  return [
    `Every device polled once per round, ${p.concurrency} polls in flight for every tool, max-repetitions 25, v2c over loopback. `
    + 'Ratios are the tool\'s figure ÷ the collector\'s in the same group (above 1 = the collector is ahead). '
    + '"Agent CPU" is the agents\' CPU time over the rounds ÷ their wall time (100 % = one core busy answering).',
    '',
    table(['agents', 'poller', 'interfaces', 'wall ms/round', 'CPU s/round', 'CPU s per 1,000 if', 'values/round', 'agent CPU', 'failed polls', 'wall ratio', 'CPU ratio'], rows),
    ...p.notes.map((n) => `\nNote: ${n}.`),
    '',
    'What limits each:',
    '- **collector**: one GETBULK over all its columns at once (10 IF-MIB columns + sysUpTime), continued per column: a 48-port '
    + 'switch is two or three requests, against the simulator (which answers GETBULK as RFC 3416 says: non-repeaters + '
    + 'repetitions × repeaters) and against snmpd alike. Against the simulator, the one Node process that simulates every agent '
    + 'sets the wall time (see "agent CPU": near 100 %, that process is saturated).',
    '- **snmpbulkwalk**: a process per walk (two a device: ifTable and ifXTable), each walking one column after another (26 requests a '
    + '48-port switch); its CPU is mostly process start-up and output formatting, which is why it costs most per interface, and most of all '
    + 'against snmpd (few interfaces a device, same start-up).',
    '- **prometheus-snmp-exporter**: one subtree walk after another (11 here, ~2 requests each), in Go; against the simulator its wall '
    + 'time is, like the collector\'s, bound by the agent; its CPU per interface is 1.5–2× the collector\'s.',
  ].join('\n');
}

const mib = (bytes: number): string => int(bytes / 2 ** 20);

/** The scale section: one row per measured scale, then the extrapolated 100× × 30 days and where one API process stops. */
export function scaleMd(x: ScaleBench): string {
  const o = x.outgrowing;
  const t = o.target;
  const rows = x.rows.map((r) => ('notStarted' in r ? [
    `${r.scale}×`, int(r.segments), int(r.hotspots), String(r.days), `API ${r.notStarted}`, ...Array<string>(14).fill('–'),
  ] : [
    `${r.scale}×`, int(r.segments), int(r.hotspots), String(r.days), f(r.startSeconds, 1), int(r.points), int(r.pointsPerSecond),
    f(r.coldMs / 1000, 1), f(r.influxdAloneMs / 1000, 1), f(r.coldRatio, 2),
    `${f(r.warm.segments.p50Ms, 1)} / ${f(r.warm.segments.p95Ms, 1)}`, `${f(r.warm.hotspots.p50Ms, 1)} / ${f(r.warm.hotspots.p95Ms, 1)}`,
    `${f(r.recomputed.segments.p50Ms, 0)} / ${f(r.recomputed.segments.p95Ms, 0)}`, `${f(r.recomputed.hotspots.p50Ms, 0)} / ${f(r.recomputed.hotspots.p95Ms, 0)}`,
    mib(r.idleRssBytes), mib(r.rssBytes), mib(r.peakRssBytes), f(r.bytesPerSeriesBucket, 1), f(r.coldMsPerMillion, 0),
  ]));
  const measured = x.rows.filter((r): r is ScaleRow => !('notStarted' in r));
  const top = measured.find((r) => r.scale === t.scale);
  const seg = x.demo.segments * t.scale;
  const hot = x.demo.hotspots * t.scale;
  rows.push([
    `**${t.scale}× (extrapolated)**`, int(seg), int(hot), '30', '–', `≈ ${int(t.seriesBuckets)}`, '–', `≈ ${f(t.coldMs / 1000, 0)} (extrapolated)`, '–', '–',
    '–', '–', `≈ ${f(fitAtP95(x), 0)} (extrapolated, both)`, '', top ? `${mib(top.idleRssBytes)} (measured)` : `≈ ${mib(t.rssBytes - (t.peakBytes - t.rssBytes))} (extrapolated)`, `≈ ${mib(t.rssBytes)} (extrapolated)`, `≈ ${mib(t.peakBytes)} at a rebuild (extrapolated)`, f(x.fits.memory.slope, 1), '–',
  ]);
  const out = [
    'Rollups only (`interface_5m` per segment, `hotspot_5m` per hotspot: what the figures read), written into a database per scale; the API as its own process '
    + '(startApi from api/cli.ts, the generated cadastre from a directory, InfluxDB and tokens from the environment, no warm-up so that the first request is the cold load). '
    + 'A series-bucket is one series (segment or hotspot) for one 5-minute bucket. Cold = first `GET /api/segments` + first `GET /api/hotspots` over the whole window; '
    + `warm = the same window again (the cached answer), recomputed = a window one more bucket shorter each time (figures computed afresh); ${measured[0]?.runs ?? 0} requests each, p50 / p95. `
    + 'Resident memory from /proc/<pid>/status (VmRSS; peak VmHWM).',
    '',
    table(['scale', 'segments', 'hotspots', 'days', 'start s', 'rollup points', 'written points/s', 'cold s', 'influxd alone s', 'cold ÷ influxd', 'warm segments ms', 'warm hotspots ms',
      'recomputed segments ms', 'recomputed hotspots ms', 'idle MiB', 'resident MiB', 'peak MiB', 'bytes / series-bucket', 'cold ms / M series-buckets'], rows),
    '',
    `Linear in series-buckets: resident rollups = ${f(x.fits.memory.slope, 1)} bytes × series-buckets ${x.fits.memory.intercept >= 0 ? '+' : '−'} ${mib(Math.abs(x.fits.memory.intercept))} MiB `
    + `(largest deviation of a measured scale from the line ${f(x.fits.memory.maxDeviation * 100, 0)} %); full load = ${f(x.fits.cold.slope * 1e6, 0)} ms per million series-buckets `
    + `${x.fits.cold.intercept >= 0 ? '+' : '−'} ${f(Math.abs(x.fits.cold.intercept) / 1000, 1)} s (largest deviation ${f(x.fits.cold.maxDeviation * 100, 0)} %). `
    + `The ${t.scale}× row over 30 days is that line at ${int(t.seriesBuckets)} series-buckets, the idle process ${top ? `measured at ${t.scale}×` : `on the line through the measured scales' idle processes (${f(x.fits.idle.slope / 2 ** 20, 1)} MiB per 1× of cadastre)`}.`,
    ...x.rows.filter((r) => 'notStarted' in r).map((r) => `\n**${r.scale}×: the API process did not start** (${'notStarted' in r ? r.notStarted : ''}): no figures measured for ${int(r.segments)} segments and ${int(r.hotspots)} hotspots; the line through the other scales stands in.`),
    '',
    `**Where one API process stops being enough** (budget: ${f(x.budgetBytes / 2 ** 30, 0)} GiB resident at the peak, which is idle + 2 × the rollups because the hourly background rebuild `
    + `holds a second copy until it swaps; full load at most ${f(x.coldLimitMs / 60_000, 0)} min): memory at **${f(o.memoryLimitScale, 0)}×** the demo over 30 days, `
    + `full load at **${f(o.coldLimitScale, 0)}×**: one process holds up to ~${f(o.limitScale, 0)}× (${o.limitedBy} first). `
    + `At ${t.scale}× (${int(seg)} segments, ${int(hot)} hotspots, 30 days): ≈ ${f(t.rssBytes / 2 ** 30, 1)} GiB resident, ≈ ${f(t.peakBytes / 2 ** 30, 1)} GiB at a rebuild, full load ≈ ${f(t.coldMs / 60_000, 1)} min.`,
    '',
    `- (b) Partitioning by segment and hotspot across API instances: **${o.instances} instances** at ${t.scale}× (each within ${f(x.budgetBytes / 2 ** 30, 0)} GiB at its peak, its full load ≈ ${f(t.coldMs / o.instances / 60_000, 1)} min if the store serves them all at once).`,
  ];
  if (x.store) {
    out.push(`- (a) Figures computed in the store (PERCENTILE/MEAN/MAX … GROUP BY segment over the 30-day rollups, per request): at the naive InfluxQL query's measured speed `
      + `(${int(x.store.naivePointsPerSecond)} points/s, ${x.store.source}) one \`GET /api/segments\` at ${t.scale}× scans ${int(x.demo.segments * t.scale * 8640)} rollup points: `
      + `≈ ${f(x.store.segmentsRequestSeconds, 0)} s, \`GET /api/hotspots\` ≈ ${f(x.store.hotspotsRequestSeconds, 0)} s: not an interactive answer on InfluxDB 1.x; a columnar store (InfluxDB 3) would have to be ${int(x.store.segmentsRequestSeconds)}× faster to answer within a second.`);
  } else out.push('- (a) Figures computed in the store: no naive-query speed available (run the api section in the same run).');
  return out.join('\n');
}

const fitAtP95 = (x: ScaleBench): number => x.fits.recomputedP95.intercept + x.fits.recomputedP95.slope * x.outgrowing.target.seriesBuckets;

export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const out: string[] = [
    '# irisnet-telemetry benchmarks',
    '',
    `Taken ${m.date} on ${m.cpus} cores (${m.model}), ${f(m.memoryGiB, 0)} GiB RAM, Node ${m.node}, Linux ${m.kernel}; `
    + `load average at start ${m.loadAverageAtStart.map((x) => x.toFixed(1)).join(' / ')} (a shared machine: absolute times move from run to run, the ratios less). `
    + `Whole run: ${f(r.totalSeconds, 0)} s (${(['polling', 'ingest', 'api', 'planning', 'map', 'resilience', 'alerts'] as const).map((k) => `${k} ${f(r[k].seconds, 0)} s`).join(', ')}).`,
    '',
    '## Polling: collector vs snmpbulkwalk vs prometheus-snmp-exporter',
    '',
    r.polling.ok ? pollingMd(r.polling.value) : na(r.polling),
    '',
    '## Ingest into InfluxDB',
    '',
  ];
  if (r.ingest.ok) {
    const i = r.ingest.value;
    out.push(table(['sink', 'points', 'batch', 'in flight', 's', 'points/s', 'stored'], i.rows.map((x) => [x.sink, int(x.points), int(x.batchPoints), String(x.inFlight), f(x.seconds, 2), int(x.pointsPerSecond), int(x.stored)])));
    out.push('', `Collector writer ÷ raw fetch at the same batches: **${f(i.ratio, 2)}×** (each the better of two runs, taken in turns; run to run they vary by up to 2× here). The points are ${int(i.rows[0]?.points ?? 0)} \`interface\` points of 24,000 existing series (500 switches × 48 ports), one poll of all of them a minute.`);
  } else out.push(na(r.ingest));
  out.push('', '## API: GET /api/segments, 30 days of demo history', '');
  if (r.api.ok) {
    const a = r.api.value;
    out.push(table(['segments', 'days', 'raw points', 'rollup points', 'cold ms', 'warm p50 ms', 'warm p95 ms', 'naive InfluxQL PERCENTILE ms', 'ratio'],
      [[String(a.segments), String(a.days), int(a.rawPoints), int(a.rollupPoints), f(a.coldMs, 0), f(a.p50Ms, 1), f(a.p95Ms, 1), f(a.naiveMs, 0), `**${f(a.ratio, 0)}×**`]]));
    out.push('', `Warm over ${a.runs} requests; the naive query is PERCENTILE/MEAN/MAX over the raw points GROUP BY segment (fastest of 2 runs).`);
    if (a.influxdAloneMs !== undefined) out.push('', `First load (cold) ÷ influxd alone answering the same rollup statements (CSV, read to the end, no parsing): ${f(a.coldMs, 0)} ms ÷ ${f(a.influxdAloneMs, 0)} ms = **${f(a.coldRatio, 2)}×** (target ≤ 1.5×; influxd alone is timed just before and just after the cold load, the faster counting).`);
  } else out.push(na(r.api));
  out.push('', '## Planning: quote (route + price) and relocation plan', '');
  if (r.planning.ok) {
    const rows = r.planning.value;
    out.push(table(['network', 'sites', 'segments', 'hotspots', 'targets', 'quote median ms', 'quote p95 ms', 'feasible', 'relocation K=10 ms', 'relocation K=100 ms'],
      rows.map((x) => [x.label, int(x.sites), int(x.segments), int(x.hotspots), int(x.targets), f(x.quoteMedianMs, 2), f(x.quoteP95Ms, 2), `${x.feasible}/${x.quotes}`, f(x.relocationK10Ms, 1), f(x.relocationK100Ms, 1)])));
    const one = rows.find((x) => x.label === 'generated 1×');
    const ten = rows.find((x) => x.label === 'generated 10×');
    if (one && ten) out.push('', `Growth 1× → 10× (10× sites, segments, hotspots, targets): quote ×${f(ten.quoteMedianMs / one.quoteMedianMs, 1)}, relocation K=10 ×${f(ten.relocationK10Ms / one.relocationK10Ms, 1)}, K=100 ×${f(ten.relocationK100Ms / one.relocationK100Ms, 1)}.`);
  } else out.push(na(r.planning));
  out.push('', '## Map: time until idle with every layer (headless Chromium)', '');
  if (r.map.ok) {
    const x = r.map.value;
    out.push(table(['runs', 'median ms', '× goal (1.5 s)', 'each run ms', 'features drawn'], [[String(x.idleMs.length), f(x.medianMs, 0), f(x.ratioToGoal, 2), x.idleMs.map((v) => f(v, 0)).join(', '), Object.entries(x.features).map(([k, v]) => `${k} ${v}`).join(', ')]]));
  } else out.push(na(r.map));
  out.push('', '## Resilience: every N-1 cut', '');
  if (r.resilience.ok) {
    const x = r.resilience.value;
    out.push(table(['network', 'sites', 'segments', 'bridges', 'N-1 detours', 'median ms', 'min ms'], [[x.source, int(x.sites), int(x.segments), int(x.bridges), int(x.cuts), f(x.medianMs, 1), f(x.minMs, 1)]]));
  } else out.push(na(r.resilience));
  out.push('', '## Availability: a month of the whole demo network, warm', '');
  if (r.availability?.ok) {
    const x = r.availability.value;
    out.push(table(['month', 'sites', 'segments', '5-minute buckets', 'site outages', 'median ms', 'CPU ms', 'share of the 1 s budget'],
      [[x.month, int(x.sites), int(x.segments), int(x.buckets), int(x.outages), f(x.medianMs, 1), f(x.medianCpuMs, 1), `**${f(x.budgetRatio, 3)}**`]]));
  } else out.push(r.availability ? na(r.availability) : 'not run');
  out.push('', '## Alerts: one evaluation of every rule', '');
  if (r.alerts.ok) {
    const x = r.alerts.value;
    out.push(table(['segments', 'devices', 'hotspots', 'evaluation ms (reads + rules + state)', 'rules alone ms', 'interval s', 'share of interval'],
      [[int(x.segments), int(x.devices), int(x.hotspots), f(x.tickMs, 1), f(x.evaluateMs, 2), f(x.intervalMs / 1000, 0), `${f(x.sharePct, 2)} %`]]));
  } else out.push(na(r.alerts));
  out.push('', '## Scale: the API at 1×, 10× and 100× the demo', '');
  out.push(r.scale ? (r.scale.ok ? scaleMd(r.scale.value) : na(r.scale)) : 'not run');
  out.push('', '## Scale out, on paper', '');
  if (r.scaleOut) {
    const s = r.scaleOut;
    out.push(`One poll of a 48-port switch costs the collector **${f(s.cpuMsPerDevice, 2)} ms of CPU** (measured above, against the simulator at the largest size). `
      + `At a ${s.intervalSeconds} s interval and at most ${f(s.coreBudget * 100, 0)} % of a core on average, **one collector core holds ~${int(s.devicesPerCore)} devices**. `
      + `Assumption: ${s.assumption}: that is ${f(s.coresNeeded * 100, 1)} % of one core — one collector process is enough; shard (\`--shard i/n\`) only past ~${int(s.devicesPerCore)} devices per core, or to poll from several places.`);
  } else out.push('not available: no collector polling figure');
  return `${out.join('\n')}\n`;
}

export function writeResults(r: BenchResults, mdFile: string, jsonFile: string): string {
  const md = renderMarkdown(r);
  mkdirSync(dirname(mdFile), { recursive: true });
  writeFileSync(mdFile, md);
  writeFileSync(jsonFile, `${JSON.stringify(r, null, 2)}\n`);
  return md;
}
