// Attribute-level change times of Campaign opt-out fields (the conflict rule needs them), derived from ferry's own observations:
// the Campaign API only has the record-level lastModified, which any unrelated edit (firstName) moves.
import type { OptoutFlow } from '../../contract.ts';
import type { CampaignRecord } from '../../ports.ts';
import type { OptoutSeen } from '../../state/port.ts';
import type { FlowRunContext } from '../context.ts';
import { parseTimestamp } from '../../../core/time.ts';

export function asBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  return null;
}

/** Whole seconds: Dynamics `modifiedon` has no milliseconds, so Campaign's must not break a same-second tie. */
export function toSeconds(d: Date | null): Date | null {
  return d === null ? null : new Date(Math.floor(d.getTime() / 1000) * 1000);
}

/**
 * One page's remembered values. `observe` gives each pair field's change time: the remembered time while
 * the value is unchanged, else the record's lastModified (the change happened after the last observation
 * and no later than that), which then becomes the remembered time. `save` persists what changed.
 */
export class CampaignFieldTimes {
  private readonly dirty = new Map<string, OptoutSeen>();

  private constructor(
    private readonly ctx: FlowRunContext,
    private readonly flow: OptoutFlow,
    private readonly seen: Map<string, OptoutSeen>,
    private readonly enabled: boolean,
  ) {}

  /** Only `both` compares times; without store support the record-level time is used (old behaviour). */
  static async load(
    ctx: FlowRunContext,
    flow: OptoutFlow,
    keys: readonly string[],
  ): Promise<CampaignFieldTimes> {
    const enabled =
      flow.direction === 'both' &&
      ctx.state.getOptoutSeen !== undefined &&
      ctx.state.putOptoutSeen !== undefined;
    const seen = new Map<string, OptoutSeen>();
    if (enabled && keys.length > 0) {
      for (const s of (await ctx.state.getOptoutSeen?.(
        flow.name,
        keys.map((k) => k.toLowerCase()),
      )) ?? [])
        seen.set(id(s.key, s.field), s);
    }
    return new CampaignFieldTimes(ctx, flow, seen, enabled);
  }

  /** Change time per Campaign pair field of this profile (not yet truncated). */
  observe(key: string, rec: CampaignRecord): ReadonlyMap<string, Date | null> {
    const lastModified = parseTimestamp(rec['lastModified']);
    const out = new Map<string, Date | null>();
    for (const { campaign: field } of this.flow.pairs) {
      if (!this.enabled) {
        out.set(field, lastModified);
        continue;
      }
      const value = asBool(rec[field]);
      const known = this.seen.get(id(key, field));
      if (known !== undefined && known.value === value) out.set(field, parseTimestamp(known.since));
      else {
        out.set(field, lastModified);
        if (lastModified !== null) this.remember(key, field, value, lastModified);
      }
    }
    return out;
  }

  /**
   * A value ferry wrote, dated by the profile's lastModified read just before the write: no later than the
   * write and than the Dynamics read that produced it, so a later Dynamics change always counts as newer.
   */
  wrote(key: string, rec: CampaignRecord, fields: Readonly<Record<string, boolean>>): void {
    const at = parseTimestamp(rec['lastModified']) ?? this.ctx.now();
    if (this.enabled)
      for (const [field, value] of Object.entries(fields)) this.remember(key, field, value, at);
  }

  async save(): Promise<void> {
    if (this.dirty.size === 0) return;
    const entries = [...this.dirty.values()];
    this.dirty.clear();
    await this.ctx.state.putOptoutSeen?.(entries);
  }

  private remember(key: string, field: string, value: boolean | null, at: Date): void {
    const s: OptoutSeen = {
      flow: this.flow.name,
      key: key.toLowerCase(),
      field,
      value,
      since: at.toISOString(),
    };
    this.seen.set(id(key, field), s);
    this.dirty.set(id(key, field), s);
  }
}

const id = (key: string, field: string): string => `${key.toLowerCase()}\u0000${field}`;
