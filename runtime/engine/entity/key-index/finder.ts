// Finds a record by its key for one flow run: from the key index when the planner chose a listing, else one lookup.
import { RecordError } from '../../../../core/errors.ts';
import type { CampaignTarget } from '../../../contract.ts';
import type { CampaignRecord } from '../../../ports.ts';
import type { FlowRunContext } from '../../context.ts';
import { buildIndex } from './build.ts';
import { keyHash } from './hash.ts';
import { LIST_PAGE, MIN_PROBE, planKeys } from './plan.ts';
import { SpillFailed } from './spill.ts';
import type { IndexAnswer, KeyIndex, KeyIndexOptions } from './table.ts';

/** A full live record (lookup), an indexed one (PKey, href and a hash of its values), or none. */
export type Found =
  | { readonly kind: 'none' }
  | { readonly kind: 'record'; readonly record: CampaignRecord }
  | { readonly kind: 'indexed'; readonly record: CampaignRecord; readonly content: [number, number] };

export class KeyFinder {
  private index: KeyIndex | null = null;
  private building: Promise<void> | null = null;
  private lookups = 0;
  /** Lookups after which the listing is built (ski rental); Infinity once decided or impossible. */
  private threshold = MIN_PROBE;
  private probed: Promise<number> | null = null;
  private closed = false;

  /** `fields`: sorted names the content hash covers (content.ts). `indexOptions`: the index's (tests lower its bound). */
  constructor(
    private readonly ctx: FlowRunContext,
    private readonly target: CampaignTarget,
    readonly fields: readonly string[],
    private readonly label: string,
    private readonly indexOptions: KeyIndexOptions = {},
  ) {
    if (ctx.campaign.listAll === undefined || ctx.campaign.countAll === undefined) this.threshold = Infinity;
  }

  /** Before the first write: `expected` writes known (first page's rows, ledger size of a full re-read). */
  async plan(expected: number): Promise<void> {
    if (this.threshold === Infinity || this.index !== null || expected < MIN_PROBE) return;
    await this.decide(expected);
  }

  /**
   * True when the index is built and does not hold `id` (its create needs no lookup). Answered from memory:
   * a key sharing a listed key's sort hash is left to find().
   */
  absent(id: string): boolean {
    return this.building === null && this.index !== null && this.index.lacks(keyHash(id));
  }

  /**
   * `confirmMiss`: a miss in the index is looked up anyway (the ledger knows the record: it may have been
   * created after its page was listed, or by a crashed run whose intent is pending).
   */
  async find(id: string, confirmMiss: boolean): Promise<Found> {
    if (this.building !== null) await this.building;
    const a = this.answer(id);
    if (a !== null) {
      if (a.kind === 'hit')
        return { kind: 'indexed', record: { PKey: a.pkey, href: a.href }, content: a.content };
      if (a.kind === 'absent' && !confirmMiss) return { kind: 'none' };
      this.ctx.counts.bump('keyIndex:lookups');
    } else if (++this.lookups >= this.threshold) await this.decide(this.lookups);
    return this.lookup(id);
  }

  /** Ends the run's use of the index: its spill file is closed and removed. Later finds look records up. */
  close(): void {
    this.closed = true;
    this.threshold = Infinity;
    this.drop();
  }

  /** The index's answer, or null when there is none (not built, dropped, or its spill file failed). */
  private answer(id: string): IndexAnswer | null {
    if (this.index === null) return null;
    try {
      return this.index.find(keyHash(id));
    } catch (err) {
      if (!(err instanceof SpillFailed)) throw err;
      this.spillFailed(err);
      return null;
    }
  }

  /** The spill file failed: the rest of the run looks records up, as after a failed listing. */
  private spillFailed(err: SpillFailed): void {
    this.threshold = Infinity;
    this.drop();
    this.ctx.counts.bump('keyIndex:spillFailed');
    this.ctx.log.warn(
      { flow: this.label, err: err.message },
      'Campaign key index file failed: per-record lookups',
    );
  }

  private drop(): void {
    const index = this.index;
    this.index = null;
    try {
      index?.close();
    } catch (err) {
      // Nothing to roll back: the file was unlinked when opened (POSIX); say so where it could not be.
      this.ctx.log.warn({ flow: this.label, err: String(err) }, 'Campaign key index file not removed');
    }
  }

  /** One request by the target's key filter (also when the index cannot name the fields that differ). */
  async lookup(id: string): Promise<Found> {
    const hits = await this.ctx.campaign.findByKey(this.target, id);
    if (hits.length > 1)
      throw new RecordError(
        'FERRY_DUPLICATE_KEY',
        `${hits.length} ${this.target.resource} records have ${this.target.key}=${id}; the key must be unique`,
      );
    return hits[0] === undefined ? { kind: 'none' } : { kind: 'record', record: hits[0] };
  }

  /** Counts the resource (once), then lists it now or raises the lookup threshold to the listing's cost. */
  private async decide(expected: number): Promise<void> {
    this.probed ??= this.ctx.campaign.countAll!(this.target);
    let records: number;
    try {
      records = await this.probed;
    } catch (err) {
      if (this.ctx.signal?.aborted === true) throw err;
      // Counting is an optimisation too: lookups stay correct without it.
      this.threshold = Infinity;
      this.ctx.log.warn({ flow: this.label, err: String(err) }, 'Campaign count failed: per-record lookups');
      return;
    }
    if (this.closed) return;
    if (this.index !== null || this.building !== null) return this.building ?? undefined;
    const plan = planKeys(records, expected);
    const counts = this.ctx.counts;
    if (counts.get('keyIndex:listingCallsEstimated') === 0)
      counts.bump('keyIndex:listingCallsEstimated', plan.listingCalls);
    if (plan.choice === 'lookups') {
      // Ski rental: once lookups have cost as much as the listing, list (never worse than twice the better choice).
      this.threshold = Math.max(this.lookups + 1, plan.listingCalls + 1);
      this.ctx.log.info({ flow: this.label, ...plan }, 'Campaign keys: per-record lookups');
      return;
    }
    this.threshold = Infinity;
    counts.bump('keyIndex:listing');
    counts.bump('keyIndex:lookupCallsEstimated', expected);
    this.ctx.log.info({ flow: this.label, ...plan }, 'Campaign keys: one listing, then one call per write');
    this.building = this.build(records);
    await this.building;
  }

  private async build(records: number): Promise<void> {
    const t0 = Date.now();
    try {
      const { index, pages } = await buildIndex(
        this.ctx.campaign as Required<typeof this.ctx.campaign>,
        this.target,
        this.fields,
        LIST_PAGE,
        this.ctx.signal,
        { ...this.indexOptions, capacity: records },
      );
      // The run ended (close()) while this listing was under way: give its file back at once.
      if (this.closed) return index.close();
      this.index = index;
      this.ctx.counts.bump('keyIndex:listingCalls', pages);
      this.ctx.counts.bump('keyIndex:listedRecords', index.size);
      this.ctx.log.info(
        {
          flow: this.label,
          records: index.size,
          pages,
          bytes: index.bytes,
          fileBytes: index.spillBytes,
          ms: Date.now() - t0,
        },
        'Campaign key index listed',
      );
    } catch (err) {
      if (this.ctx.signal?.aborted === true) throw err;
      if (err instanceof SpillFailed) return this.spillFailed(err);
      // The listing is an optimisation: lookups stay correct without it.
      this.ctx.log.warn(
        { flow: this.label, err: String(err) },
        'Campaign key listing failed: per-record lookups',
      );
    } finally {
      this.building = null;
    }
  }
}
