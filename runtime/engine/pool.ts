// A small bounded worker pool: at most `limit` tasks in flight, results in input order.
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (err) {
        next = items.length; // stop the other workers from picking up more work
        throw err;
      }
    }
  };
  const n = Math.max(1, Math.min(limit, items.length));
  // Wait for every in-flight task before failing: a write still running after we return would race the
  // next run (and could create a duplicate the next run's lookup did not see yet).
  const settled = await Promise.allSettled(Array.from({ length: n }, () => worker()));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return results;
}
