// English words to look for in French and Dutch texts (the API's sentences, the map's visible text).
/** Words only English uses (not French or Dutch too: fibre, place, social, sites, distance are French; of, open, school, had, even are Dutch): any of them in a FR/NL text is a leak. */
export const ENGLISH_WORDS = new Set([
  'the', 'moves', 'onto', 'detour', 'would', 'with', 'and', 'to', 'from', 'no', 'cutting', 'cuts', 'carry', 'carries',
  'above', 'limit', 'works', 'cover', 'lay', 'cable', 'before', 'then', 'weeks', 'margin', 'spot', 'target',
  'covered', 'only', 'by', 'this', 'away', 'weight', 'days', 'day', 'unknown', 'both', 'ends', 'there', 'every',
  'crosses', 'upgrading', 'feasible', 'single', 'ones', 'uses', 'lies', 'outside', 'network', 'core', 'loop',
  'splits', 'keeps', 'path', 'already', 'capacity', 'its', 'lit', 'dark', 'pair', 'pairs', 'backhaul', 'duct',
  'trench', 'until', 'synthetic', 'programmed', 'samples', 'window', 'nearest', 'beyond', 'largest',
  'language', 'expected', 'most', 'at', 'more', 'which', 'reaches', 'around', 'during', 'these', 
  'hours', 'averaged', 'sample', 'within', 'coverage', 'has', 'isolates', 'nothing', 'connected', 'anyway',
  'some', 'exceeds', 'segments', 'schools', 'town', 'hall', 'give', 'look', 'swapped', 
  'access', 'one', 'connects', 'can', 'but', 'do', 'does', 'not', 'sell', 'connect', 'library',
  'housing', 'other', 'topology', 'make', 'it', 'if', 'answers', 'again', 'successful', 'polls', 'poll', 'threshold',
  'intervals', 'device', 'refuses', 'accepts', 'credentials', 'sent', 'up', 'under', 'forecast', 'reach', 'reaching',
  'spool', 'dropped', 'last', 'failed', 'before', 'averaged',
  'average', 'bucket', 'buckets', 'starting', 'fires', 'resolves', 'consecutive', 'below', 'daily', 'latest', 'reading',
  'mean', 'longer', 'evaluated', 'disabled', 'removed', 'subject', 'rule', 'served', 'address',
  'monthly', 'bandwidth', 'month', 'months', 'offer', 'pooled', 'committed', 'build', 'recurring', 'discount', 'term',
  'charge', 'rounded', 'half', 'whole', 'lengths', 'share', 'goes', 'owners',
  'header', 'required', 'revoked', 'requests', 'retry', 'allowed', 'larger', 'declared', 'through', 'result',
]);

/** The English words of a text (letters of any script; ids and names in the values are chosen free of English). */
export function englishWordsIn(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => ENGLISH_WORDS.has(w));
}

