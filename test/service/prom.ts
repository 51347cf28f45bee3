// Reads Prometheus text: the sum of a metric's samples whose labels include the given ones.
export function sum(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const have = new Map([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) total += Number(m[3]);
  }
  return total;
}

/** Label values a metric has for `label`. */
export function labelValues(text: string, name: string, label: string): string[] {
  const out = new Set<string>();
  for (const line of text.split('\n'))
    if (line.startsWith(`${name}{`)) {
      const v = new RegExp(`${label}="([^"]*)"`).exec(line)?.[1];
      if (v !== undefined) out.add(v);
    }
  return [...out].sort();
}
