// Strongly connected components of a directed graph (Tarjan): every component with more than one node,
// or a node that imports itself, is a cycle.
export type Graph = ReadonlyMap<string, ReadonlySet<string>>;

/** Builds `from -> {to}` from edges, ignoring targets that are not nodes of their own (e.g. JSON files). */
export function graphOf(edges: readonly (readonly [string, string])[], nodes: ReadonlySet<string>): Graph {
  const g = new Map<string, Set<string>>();
  for (const n of nodes) g.set(n, new Set());
  for (const [from, to] of edges) if (nodes.has(from) && nodes.has(to)) g.get(from)?.add(to);
  return g;
}

/** The cycles of `g`, each as its sorted member list; sorted, so a failure reads the same every run. */
export function cycles(g: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  // Iterative depth-first walk: deep import chains must not overflow the call stack.
  for (const start of [...g.keys()].sort()) {
    if (index.has(start)) continue;
    const work: [string, string[]][] = [];
    const enter = (n: string): void => {
      index.set(n, next);
      low.set(n, next++);
      stack.push(n);
      onStack.add(n);
      work.push([n, [...(g.get(n) ?? [])].sort()]);
    };
    enter(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      if (!top) break;
      const [n, todo] = top;
      const m = todo.shift();
      if (m !== undefined) {
        if (!index.has(m)) enter(m);
        else if (onStack.has(m)) low.set(n, Math.min(low.get(n) ?? 0, index.get(m) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1]?.[0];
      if (parent !== undefined) low.set(parent, Math.min(low.get(parent) ?? 0, low.get(n) ?? 0));
      if (low.get(n) !== index.get(n)) continue;
      const members: string[] = [];
      for (let x = stack.pop(); x !== undefined; x = stack.pop()) {
        onStack.delete(x);
        members.push(x);
        if (x === n) break;
      }
      if (members.length > 1 || g.get(n)?.has(n)) out.push(members.sort());
    }
  }
  return out.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}
