// Link graph over entity mappings: cycles, depth (CE-3) and parents-before-children order.
import { RESOLVE } from './codes.ts';
import { ptr, type Reporter } from './report.ts';
import type { LoadedYaml } from '../load/types.ts';

/** Campaign supports level1 -> level2 -> level3. */
export const MAX_DEPTH = 3;

export interface LinkNode {
  readonly name: string;
  readonly doc: LoadedYaml;
  /** Link name -> parent mapping name (only parents that exist). */
  readonly parents: readonly { readonly link: string; readonly mapping: string }[];
}

/** Returns mapping names in dependency order, or reports cycles / excessive depth. */
export function orderByLinks(r: Reporter, nodes: readonly LinkNode[]): string[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const depth = new Map<string, number>();
  const order: string[] = [];
  const reportedCycle = new Set<string>();

  const visit = (n: LinkNode, path: string[]): number => {
    const s = state.get(n.name);
    if (s === 'done') return depth.get(n.name) ?? 1;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(n.name)), n.name];
      const key = [...cycle].sort().join(',');
      if (!reportedCycle.has(key)) {
        reportedCycle.add(key);
        const from = byName.get(path[path.length - 1] ?? '');
        const link = from?.parents.find((p) => p.mapping === n.name);
        if (from && link)
          r.report(
            RESOLVE.linkCycle,
            from.doc,
            ptr('links', link.link, 'mapping'),
            `Link cycle: ${cycle.join(' -> ')}`,
          );
      }
      return 0;
    }
    state.set(n.name, 'visiting');
    let d = 1;
    for (const p of n.parents) {
      const parent = byName.get(p.mapping);
      if (parent) d = Math.max(d, visit(parent, [...path, n.name]) + 1);
    }
    state.set(n.name, 'done');
    depth.set(n.name, d);
    order.push(n.name);
    if (d === MAX_DEPTH + 1) {
      const chain = chainOf(n, byName).join(' -> ');
      r.report(
        RESOLVE.linkTooDeep,
        n.doc,
        ptr('links'),
        `Link chain ${chain} has ${d} levels; Campaign supports at most ${MAX_DEPTH}`,
        { key: true },
      );
    }
    return d;
  };
  for (const n of nodes) visit(n, []);
  return order;
}

// Longest parent chain, root first, for messages.
function chainOf(n: LinkNode, byName: ReadonlyMap<string, LinkNode>, seen = new Set<string>()): string[] {
  seen.add(n.name);
  let best: string[] = [];
  for (const p of n.parents) {
    const parent = byName.get(p.mapping);
    if (!parent || seen.has(parent.name)) continue;
    const c = chainOf(parent, byName, new Set(seen));
    if (c.length > best.length) best = c;
  }
  return [...best, n.name];
}
