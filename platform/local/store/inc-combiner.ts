/**
 * Write-combining for counters. nedb applies the updates of a collection one at a time, each
 * waiting for its append to the datafile, so a hot counter (a meeting's check-ins, a notice's
 * deliveries) becomes a queue. Increments commute: those that arrive while a write of the same
 * document waits are merged into the next single write. Every caller resolves only once the write
 * carrying its increment is on disk, and each increment is applied exactly once.
 */
interface Batch {
  deltas: Record<string, number>;
  result: Promise<number>;
}

export class IncCombiner {
  /** The batch still accepting increments, per document. */
  private open = new Map<string, Batch>();
  /** The last write issued, per document: the next batch waits for it. */
  private tail = new Map<string, Promise<unknown>>();

  constructor(private readonly write: (collection: string, id: string, $inc: Record<string, number>) => Promise<number>) {}

  inc(collection: string, id: string, $inc: Record<string, number>): Promise<number> {
    const key = `${collection}\u0000${id}`;
    const joined = this.open.get(key);
    if (joined) {
      for (const [field, n] of Object.entries($inc)) joined.deltas[field] = (joined.deltas[field] ?? 0) + n;
      return joined.result;
    }
    const previous = this.tail.get(key) ?? Promise.resolve();
    const batch: Batch = { deltas: { ...$inc }, result: Promise.resolve(0) };
    batch.result = previous
      .catch(() => undefined)
      // One turn of the event loop more: increments of requests being handled right now join in.
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => {
        // From here on this batch is fixed; later increments open the next one.
        this.open.delete(key);
        return this.write(collection, id, batch.deltas);
      });
    this.open.set(key, batch);
    this.tail.set(key, batch.result);
    void batch.result
      .catch(() => undefined)
      .finally(() => {
        if (this.tail.get(key) === batch.result) this.tail.delete(key);
      });
    return batch.result;
  }
}
