// Overlaps producing the next item with consuming the current one: while a page is recognised, the next one is
// already being decoded (sharp and pdfjs decode on libuv's worker threads).
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let pending = it.next();
  try {
    for (;;) {
      const r = await pending;
      if (r.done) return;
      pending = it.next();
      // A failure of the prefetched item surfaces when it is awaited, not as an unhandled rejection meanwhile.
      pending.catch(() => undefined);
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}
