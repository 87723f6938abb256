// segment-hot: the latest complete 5-minute buckets against a share of lit capacity, either direction.
import { sentence } from '../../common/i18n.js';
import { BUCKET_MS } from '../../store/schema.js';
import { defineRule, groupBy, segmentLabels, type SegmentBucketIn } from './rule.js';

export const segmentHot = defineRule({
  name: 'segment-hot',
  evaluate(ctx) {
    const input = ctx.input.segmentBuckets;
    if (!input) return false;
    const bySegment = groupBy(input.filter((b) => b.time + BUCKET_MS <= ctx.now), (b) => b.segment);
    for (const seg of ctx.cadastre.segments) {
      const cfg = ctx.settings(seg.id);
      if (!cfg.enabled) continue;
      const buckets = bySegment.get(seg.id) ?? [];
      const latest = buckets[buckets.length - 1];
      // The rollup of the last bucket may land a little late: one missing bucket is not yet "no data".
      const lastComplete = Math.floor(ctx.now / BUCKET_MS) * BUCKET_MS - BUCKET_MS;
      if (!latest || latest.time < lastComplete - BUCKET_MS) { ctx.undecided(seg.id); continue; }
      const cap = seg.litCapacityBps;
      const hot = (b: SegmentBucketIn): boolean => Math.max(b.abBps, b.baBps) / cap > cfg.threshold;
      const state = hot(latest);
      let run = 1;
      for (let i = buckets.length - 1; i > 0 && buckets[i].time - buckets[i - 1].time === BUCKET_MS && hot(buckets[i - 1]) === state; i--) run++;
      const ab = latest.abBps >= latest.baBps;
      const share = (ab ? latest.abBps : latest.baBps) / cap;
      const heldMs = run * BUCKET_MS;
      const says = sentence('alert.segmentHot', {
        segment: seg.id, owner: ctx.owners.get(seg.owner)?.name ?? seg.owner, direction: ab ? 'ab' : 'ba', share, capacityBps: cap, heldMs, threshold: cfg.threshold, hot: state,
      });
      ctx.observe(seg.id, cfg.severity, segmentLabels(ctx, seg), {
        active: state, heldMs, forMs: cfg.buckets * BUCKET_MS, says,
        detail: sentence('alert.segmentHotDetail', { bps: ab ? latest.abBps : latest.baBps, bucketStart: latest.time, abBps: latest.abBps, baBps: latest.baBps, buckets: cfg.buckets }),
        value: share,
      });
    }
    return true;
  },
});
