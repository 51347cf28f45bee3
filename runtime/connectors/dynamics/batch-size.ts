// Records per request: shrink on 413/timeouts/429, grow slowly while requests succeed.
/** The service's cap per `$batch` (1000 operations) and a sensible UpsertMultiple size: start there, split only on failure. */
export const DEFAULT_BATCH_SIZE = 1000;

export class BatchSize {
  private size: number;

  constructor(
    initial: number,
    readonly max = 1000,
  ) {
    this.size = Math.max(1, Math.min(max, Math.floor(initial)));
  }

  get value(): number {
    return this.size;
  }

  shrink(): void {
    this.size = Math.max(1, Math.floor(this.size / 2));
  }

  grow(): void {
    this.size = Math.min(this.max, this.size + Math.max(1, Math.ceil(this.size / 10)));
  }
}
