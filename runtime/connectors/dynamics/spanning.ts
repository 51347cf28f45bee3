// When one `$batch` across entity sets beats one request stream per set (the service's request quota counts requests).

/**
 * True when the writes, grouped by entity set, need fewer requests as one `$batch` spanning the sets
 * (`size` operations a request) than as separate per-set requests (UpsertMultiple or a per-set `$batch`).
 */
export function spanningIsCheaper(groupSizes: readonly number[], size: number): boolean {
  if (groupSizes.length < 2) return false;
  const per = Math.max(1, size);
  const perSet = groupSizes.reduce((n, g) => n + Math.ceil(g / per), 0);
  const total = groupSizes.reduce((n, g) => n + g, 0);
  return Math.ceil(total / per) < perSet;
}
