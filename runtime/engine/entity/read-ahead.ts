// Requests page N+1 as soon as page N is handed out, so reading Dynamics overlaps writing Campaign.
// At most one page is buffered: memory stays one page ahead, never the whole result.
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const request = (): Promise<IteratorResult<T>> => {
    const next = it.next();
    next.catch(() => undefined); // surfaced when awaited on the next turn; never unhandled if the consumer stops
    return next;
  };
  let pending = request();
  let finished = false;
  try {
    for (;;) {
      const r = await pending;
      if (r.done === true) {
        finished = true;
        return;
      }
      pending = request();
      yield r.value;
    }
  } finally {
    // Consumer stopped early (abort, error): close the source without waiting for the page in flight.
    if (!finished) void Promise.resolve(it.return?.()).catch(() => undefined);
  }
}
