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
import type { ShardBench } from './shard.js';
import type { StartBench } from './start.js';
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
  /** The real collector at ~10,000 and ~50,000 interfaces in one shard; absent in results written before it existed. */
  shard?: Section<ShardBench>;
  /** The first `npm start`; absent in results written before it existed. */
  start?: Section<StartBench>;
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

function shardMd(x: ShardBench): string {
  const rows = x.sizes.map((s) => [
    `${int(s.switches * 48)} (${int(s.switches)} × 48-port)`, int(s.interfaces), `${s.simProcesses}`, `${s.intervalSeconds} × ${s.rounds}`,
    f(s.roundSpanSeconds, 1), f(s.cpuSecondsPerRound, 2), f(s.cpuSecondsPer1000If, 3), `**${f(s.cpuShare * 100, 1)} %**`, f(s.peakRssMiB, 0),
    int(s.pointsPerRound), `${f(s.storeWriteMsPerRound, 0)} (${f(s.storeWritesPerRound, 0)} writes)`, `${int(s.pollsOk)} / ${int(s.pollsFailed)}`,
    `${int(s.devicesExactlyOnce)} / ${int(s.switches)}`, `${f(s.spoolBatchesAtEnd, 0)} (${int(s.spoolBytesAtEnd)} B)`,
    `${f(s.pollMeanMs, 0)} / ${f(s.pollMaxMs, 0)}`, s.simCpuShare.map((v) => `${f(v * 100, 0)} %`).join(' + '),
    `${(s.simRunQueueShare ?? []).map((v) => `${f(v * 100, 0)} %`).join(' + ')} / ${f((s.collectorRunQueueShare ?? NaN) * 100, 0)} %`,
    s.loadAverage ? `${f(s.loadAverage[0], 1)} → ${f(s.loadAverage[1], 1)}` : '–',
  ]);
  const large = x.sizes[x.sizes.length - 1];
  const out = [
    'The real collector (`collector/cli.ts` → `startCollector`, its own process, production defaults: 64 polls in flight, timeout 2 s, 1 retry, '
    + 'phases spread over the interval, rollups on) polls one shard of simulated 48-port switches (sim/scale.ts) and writes to the bench\'s influxd. '
    + 'After a warm-up interval (first counter samples), each measured round is one grid-aligned interval. '
    + '"CPU share" = collector CPU s per round ÷ interval (the share of the interval, and of one core, the collector used); '
    + '"round span" = first poll start → last poll end of a round (polls are spread over the interval by design); '
    + '"store write ms" = influxd\'s own time in write requests per round (/debug/vars); "exactly once" = devices with one `poll` point on each of their measured ticks; '
    + '"interfaces with a rate" = interface points with in_bps in the store per round; "CPU s per 1,000 if" is per interface with a rate; "spool" = batches (bytes) waiting at the end; "simulator CPU" = each simulator process\'s CPU ÷ wall time; '
    + '"waiting for a core" = the time the simulators\' and the collector\'s main threads were runnable but not running ÷ wall time (/proc/PID/schedstat): '
    + 'well above 0, the shared machine, not the process, was short of CPU.',
    '',
    table(['interfaces (switches)', 'interfaces with a rate/round', 'sim processes', 'interval s × rounds', 'round span s', 'CPU s/round', 'CPU s per 1,000 if', 'CPU share of interval',
      'peak RSS MiB', 'points/round', 'store write ms/round', 'polls ok / failed', 'exactly once', 'spool at end', 'poll mean / max ms', 'simulator CPU',
      'waiting for a core: simulator / collector', 'load average'], rows),
  ];
  if (x.sizes.length > 1 && Number.isFinite(x.cpuPerIfRatio)) {
    out.push('', `CPU per interface, ${int(large.switches * 48)} ÷ ${int(x.sizes[0].switches * 48)} interfaces: **${f(x.cpuPerIfRatio, 2)}×** (1 = the cost grows linearly with the interfaces).`);
  }
  if (x.headroom) {
    const at = large.intervalSeconds === 60 ? 'at a 60 s interval'
      : `at a ${large.intervalSeconds} s interval, **~${int(x.headroom.interfacesAt60s)}** at 60 s`;
    out.push('', `Headroom: at ${f(x.headroom.coreBudget * 100, 0)} % of a core, one shard holds **~${int(x.headroom.interfacesAtMeasuredInterval)} interfaces** ${at} (from the CPU per interface at ${int(x.headroom.fromInterfaces ?? large.interfaces)} interfaces, the largest size polled cleanly; memory and the agents' answers are the other limits).`);
  }
  out.push(...x.notes.map((n) => `\nNote: ${n}.`));
  return out.join('\n');
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
    '–', '–', fitAtP95(x) > 0 ? `≈ ${f(fitAtP95(x), 0)} (extrapolated, both)` : '– (the line through the measured scales does not extrapolate)', '', top ? `${mib(top.idleRssBytes)} (measured)` : `≈ ${mib(t.rssBytes - (t.peakBytes - t.rssBytes))} (extrapolated)`, `≈ ${mib(t.rssBytes)} (extrapolated)`, `≈ ${mib(t.peakBytes)} at a rebuild (extrapolated)`, `${f(x.fits.memory.perSeriesBucket, 1)} + ${f(x.fits.memory.perSeries, 0)} a series (fit)`, '–',
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
    `Rollups in memory = ${f(x.fits.memory.perSeries, 0)} bytes a series + ${f(x.fits.memory.perSeriesBucket, 1)} bytes a series-bucket (least squares through the measured scales; `
    + `largest deviation of a measured scale ${f(x.fits.memory.maxDeviation * 100, 0)} %); full load = ${f(x.fits.cold.slope * 1e6, 0)} ms per million series-buckets `
    + `${x.fits.cold.intercept >= 0 ? '+' : '−'} ${f(Math.abs(x.fits.cold.intercept) / 1000, 1)} s (largest deviation ${f(x.fits.cold.maxDeviation * 100, 0)} %). `
    + `The ${t.scale}× row over 30 days is these fits at ${int(t.seriesBuckets)} series-buckets, the idle process ${top ? `measured at ${t.scale}×` : `on the line through the measured scales' idle processes (${f(x.fits.idle.slope / 2 ** 20, 1)} MiB per 1× of cadastre)`}.`,
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
  out.push('', '## First start: `npm start` on a fresh var/, until the map and until 30 days of history', '');
  if (r.start?.ok) {
    const x = r.start.value;
    out.push(table(['days', 'the map after s', '× goal (60 s)', 'points before the map', 'API at the map line', 'history complete after s', 'points after the map', 'stopped (SIGINT)', 'load average before / after'],
      [[String(x.days), f(x.mapSeconds, 1), `**${f(x.ratioToGoal, 2)}**`, int(x.firstPhasePoints), `${x.apiStatusAtMap}`, f(x.historySeconds, 1), int(x.olderPoints),
        x.stoppedCleanly ? `cleanly in ${f(x.stopSeconds, 1)} s` : `not cleanly (exit ${x.exitCode})`,
        `${x.loadAverageBefore.map((v) => f(v, 1)).join(' ')} / ${x.loadAverageAfter.map((v) => f(v, 1)).join(' ')}`]]));
    out.push('', 'scripts/start.ts in a child as `npm start` runs it (own temporary `--var`, `--port 0`, `--influx-port 0`, the map already built): '
      + 'the raw points and rollups of the last day are written before the map line, the older days after it, newest first; '
      + '"API at the map line" is GET /api/segments with the operator\'s demo token from var/demo-tokens.json.');
  } else out.push(r.start ? na(r.start) : 'not run');
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
  out.push('', '## Collector per shard', '');
  if (r.shard?.ok) out.push(shardMd(r.shard.value));
  else out.push(r.shard ? na(r.shard) : 'not run');
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
