// What each source row of an entity flow should have become in Campaign, decided from the snapshots and the
// compiled mapping alone (the mapping is the spec): present, kept stale, absent, or dead-lettered with a reason.
import type { EntityFlow, Flow } from '../../../runtime/contract.ts';
import { byKey, recordsOf, rowsOf, type Snapshot, type TargetRow } from '../snapshot.ts';

// Campaign's email dataPolicy as documented for the sandbox: one @, no spaces, a dotted domain.
const VALID_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export type Expectation =
  | { readonly kind: 'mirrored' }
  | { readonly kind: 'foreign' } // a pre-existing record ferry must not touch: it did not create it
  | { readonly kind: 'stale' } // filtered out, deleteFilteredOut off: last synced copy stays
  | { readonly kind: 'absent'; readonly why: string }
  | { readonly kind: 'dead'; readonly reason: 'parent' | 'email' };

export interface World {
  readonly flows: ReadonlyMap<string, Flow>;
  /** Before the first pass: records present then were not created by ferry. */
  readonly s0: Snapshot;
  /** Before the last pass. */
  readonly s1: Snapshot;
  /** Now. */
  readonly final: Snapshot;
}

export class EntityExpectations {
  private readonly memo = new Map<string, Expectation>();
  private readonly foreignKeys = new Map<string, Set<string>>();
  private readonly s1Keys = new Map<string, Map<string, TargetRow[]>>();

  constructor(readonly world: World) {}

  entityFlow(name: string): EntityFlow {
    const f = this.world.flows.get(name);
    if (f?.kind !== 'entity') throw new TypeError(`flow ${name} is not an entity flow`);
    return f;
  }

  isForeign(flow: EntityFlow, id: string): boolean {
    let keys = this.foreignKeys.get(flow.name);
    if (keys === undefined) {
      keys = new Set(byKey(recordsOf(this.world.s0, flow.target.resource), flow.target.key).keys());
      this.foreignKeys.set(flow.name, keys);
    }
    return keys.has(id.toLowerCase());
  }

  /** Record ferry had written before the last pass, by key. */
  beforeLastPass(flow: EntityFlow, id: string): TargetRow | undefined {
    let keys = this.s1Keys.get(flow.name);
    if (keys === undefined) {
      keys = byKey(recordsOf(this.world.s1, flow.target.resource), flow.target.key);
      this.s1Keys.set(flow.name, keys);
    }
    return keys.get(id.toLowerCase())?.[0];
  }

  of(flow: EntityFlow, id: string): Expectation {
    const memoKey = `${flow.name}\u0000${id}`;
    const hit = this.memo.get(memoKey);
    if (hit !== undefined) return hit;
    const e = this.compute(flow, id);
    this.memo.set(memoKey, e);
    return e;
  }

  private compute(flow: EntityFlow, id: string): Expectation {
    if (this.isForeign(flow, id)) return { kind: 'foreign' };
    const row = rowsOf(this.world.final, flow.source.entity).get(id);
    if (row === undefined)
      return flow.deletes === 'propagate'
        ? { kind: 'absent', why: 'deleted in Dynamics' }
        : { kind: 'stale' };
    if (!flow.matches(row)) {
      if (flow.deleteFilteredOut) return { kind: 'absent', why: 'filtered out' };
      return this.beforeLastPass(flow, id) !== undefined
        ? { kind: 'stale' }
        : { kind: 'absent', why: 'never matched the filter' };
    }
    for (const link of flow.links) {
      const parentId = row[link.from];
      if (typeof parentId !== 'string' || parentId === '') continue;
      const p = this.of(this.entityFlow(link.flow), parentId.toLowerCase());
      if (p.kind === 'absent' || p.kind === 'dead') return { kind: 'dead', reason: 'parent' };
    }
    const body = flow.transform(row);
    for (const [k, v] of Object.entries(body)) {
      if (k.toLowerCase().includes('email') && typeof v === 'string' && !VALID_EMAIL.test(v))
        return { kind: 'dead', reason: 'email' };
    }
    return { kind: 'mirrored' };
  }
}
