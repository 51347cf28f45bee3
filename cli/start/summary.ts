// One row per mapping of the tenant: name, kind, source → target, number of mapped fields.
import type { Mapping } from '../../core/model/mapping.ts';

export function summaryTable(mappings: readonly Mapping[]): string {
  const rows = mappings.map((m) => [m.name, m.kind, flow(m), String(fieldCount(m))]);
  const header = ['mapping', 'kind', 'source → target', 'fields'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    ...rows.map(line),
    `${mappings.length} mapping${mappings.length === 1 ? '' : 's'}`,
  ].join('\n');
}

function flow(m: Mapping): string {
  switch (m.kind) {
    case 'entity':
      return `${m.source.entity} → ${m.target.resource}`;
    case 'events': {
      const activities = Object.values(m.types)
        .filter((t) => t.enabled !== false)
        .map((t) => t.activity);
      return `campaign events → ${[...new Set(activities)].join(', ') || '(none)'}`;
    }
    case 'optout': {
      const arrow = { 'to-campaign': '→', 'to-dynamics': '←', both: '↔', off: '×' }[m.direction];
      return `${m.source.entity} ${arrow} ${m.target.resource}`;
    }
  }
}

function fieldCount(m: Mapping): number {
  switch (m.kind) {
    case 'entity':
      return Object.keys(m.fields).length;
    case 'events':
      return Object.values(m.types).reduce((n, t) => n + Object.keys(t.fields).length, 0);
    case 'optout':
      return m.pairs.length;
  }
}
