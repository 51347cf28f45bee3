// Write slots shared by overlapping chunks, so a flow never has more than `concurrency` writes in flight.
export class Slots {
  private free: number;
  // FIFO: an earlier chunk's waiting writes go before a later chunk's.
  private readonly waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.free = Math.max(1, limit);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next !== undefined)
        next(); // hand the slot over directly
      else this.free++;
    }
  }
}
