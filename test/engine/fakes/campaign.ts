// In-memory Campaign REST port: records per resource path, lookup by key through the custom filter,
// engine-call accounting (insert 1, update 2 / 1 when nothing changes, delete 1), fault injection.
import type { CampaignTarget, Json, TargetRecord } from '../../../runtime/contract.ts';
import { HttpError } from '../../../core/errors.ts';
import type { CampaignPort, CampaignRecord } from '../../../runtime/ports.ts';
import { campaignTs, type FakeClock } from './clock.ts';

type Rec = Record<string, Json> & { PKey: string; href: string };
export interface CampaignCall {
  readonly op: 'find' | 'create' | 'update' | 'remove' | 'modifiedSince';
  readonly path: string;
  readonly body?: TargetRecord;
  readonly key?: string;
}

export class FakeCampaign implements CampaignPort {
  readonly stats = { requests: 0, engineCalls: 0 };
  readonly records = new Map<string, Map<string, Rec>>();
  readonly calls: CampaignCall[] = [];
  pageSize = 25;
  private seq = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** Return an HTTP status + message to fail a write, or null. */
  failWrite:
    | ((
        op: 'create' | 'update' | 'remove',
        body: TargetRecord | undefined,
        rec: Rec | undefined,
      ) => { status: number; message: string } | null)
    | null = null;
  /** modifiedSince throws a network error after this many pages (then resets). */
  failListingAfterPages: number | null = null;
  /** Throw a network error right AFTER the next N creates succeeded (a crash between write and ack). */
  crashAfterCreate = 0;
  fields = new Map<string, Map<string, string>>();

  constructor(private readonly clock: FakeClock) {}

  private store(path: string): Map<string, Rec> {
    let s = this.records.get(path);
    if (s === undefined) this.records.set(path, (s = new Map()));
    return s;
  }

  all(path: string): Rec[] {
    return [...this.store(path).values()];
  }

  /** A record that exists in Campaign but was not created by ferry. */
  seed(path: string, body: Record<string, Json>): Rec {
    const pk = `@pk${++this.seq}`;
    const rec: Rec = {
      ...body,
      PKey: pk,
      href: `https://fake/${path}/${pk}`,
      lastModified: campaignTs(this.clock.now()),
    };
    this.store(path).set(pk, rec);
    return rec;
  }

  private async io<T>(fn: () => T): Promise<T> {
    this.stats.requests++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setImmediate(r));
    this.inFlight--;
    return fn();
  }

  private check(
    op: 'create' | 'update' | 'remove',
    body: TargetRecord | undefined,
    rec: Rec | undefined,
  ): void {
    const f = this.failWrite?.(op, body, rec) ?? null;
    if (f !== null)
      throw new HttpError('FERRY_HTTP_STATUS', `${f.status} - ${f.message}`, {
        status: f.status,
      });
  }

  findByKey(target: CampaignTarget, id: string): Promise<readonly CampaignRecord[]> {
    return this.io(() => {
      this.calls.push({ op: 'find', path: target.path, key: id });
      return this.all(target.path)
        .filter((r) => r[target.key] === id)
        .map((r) => ({ ...r }));
    });
  }

  create(target: CampaignTarget, body: TargetRecord): Promise<CampaignRecord> {
    return this.io(() => {
      this.check('create', body, undefined);
      this.calls.push({ op: 'create', path: target.path, body });
      const rec = this.seed(target.path, { ...body });
      this.stats.engineCalls += 1;
      if (this.crashAfterCreate > 0) {
        this.crashAfterCreate--;
        throw new HttpError('FERRY_HTTP_NETWORK', 'connection reset after write', {
          details: { code: 'ECONNRESET' },
        });
      }
      return { ...rec };
    });
  }

  update(record: CampaignRecord, body: TargetRecord): Promise<void> {
    return this.io(() => {
      const [path, rec] = this.locate(record.PKey);
      this.check('update', body, rec);
      this.calls.push({ op: 'update', path, body });
      const same = Object.entries(body).every(
        ([k, v]) => JSON.stringify(rec[k] ?? null) === JSON.stringify(v),
      );
      this.stats.engineCalls += same ? 1 : 2;
      Object.assign(rec, body, { lastModified: campaignTs(this.clock.now()) });
    });
  }

  remove(record: CampaignRecord): Promise<void> {
    return this.io(() => {
      const [path, rec] = this.locate(record.PKey);
      this.check('remove', undefined, rec);
      this.calls.push({ op: 'remove', path });
      this.store(path).delete(rec.PKey);
      this.stats.engineCalls += 1;
    });
  }

  private locate(pkey: string): [string, Rec] {
    for (const [path, s] of this.records) {
      const r = s.get(pkey);
      if (r !== undefined) return [path, r];
    }
    throw new HttpError('FERRY_HTTP_STATUS', '404 - Not Found', { status: 404 });
  }

  async *modifiedSince(target: CampaignTarget, since: Date | null): AsyncIterable<readonly CampaignRecord[]> {
    const ts = (r: Rec) => Date.parse(String(r['lastModified']).replace(' ', 'T'));
    // Newest first, like the real connector (`_order=lastModified desc`).
    const recs = this.all(target.path)
      .filter((r) => since === null || ts(r) > since.getTime())
      .sort((a, b) => ts(b) - ts(a));
    for (let i = 0; i < recs.length; i += this.pageSize) {
      if (this.failListingAfterPages !== null && i / this.pageSize >= this.failListingAfterPages) {
        this.failListingAfterPages = null;
        throw new HttpError('FERRY_HTTP_NETWORK', 'connection reset while listing', {
          details: { code: 'ECONNRESET' },
        });
      }
      this.stats.requests++;
      this.calls.push({ op: 'modifiedSince', path: target.path });
      yield recs.slice(i, i + this.pageSize).map((r) => ({ ...r }));
    }
  }

  async fieldTypes(target: CampaignTarget): Promise<ReadonlyMap<string, string>> {
    this.stats.requests++;
    return this.fields.get(target.resource) ?? new Map();
  }
}
