// What a newer attribute-definitions or Campaign resource file lacks that the older one had: the checks
// the compiler runs on option labels, lengths, enumerations and filters would silently stop.
import type { CampaignResource } from './model.ts';
import type { EntityDefinition } from './entity-definitions.ts';

const list = (names: readonly string[], max = 5): string =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;

export function entityLosses(table: string, before: EntityDefinition, after: EntityDefinition): string[] {
  const out: string[] = [];
  const labels: string[] = [];
  const lengths: string[] = [];
  const gone: string[] = [];
  for (const [name, b] of before.attributes) {
    const a = after.attributes.get(name);
    if (a === undefined) {
      gone.push(name);
      continue;
    }
    const hadLabels = (b.options ?? []).some((o) => o.label !== '');
    const hasLabels = (a.options ?? []).some((o) => o.label !== '');
    if (hadLabels && !hasLabels) labels.push(name);
    if (b.maxLength !== undefined && a.maxLength === undefined) lengths.push(name);
  }
  if (labels.length > 0) out.push(`${table}: option labels of ${list(labels)}`);
  if (lengths.length > 0) out.push(`${table}: lengths of ${list(lengths)}`);
  // Most attributes gone at once means the server answered without definitions, not a schema change.
  if (gone.length > 0 && gone.length * 2 >= before.attributes.size)
    out.push(`${table}: ${gone.length} of ${before.attributes.size} attribute definitions`);
  return out;
}

export function resourceLosses(name: string, before: CampaignResource, after: CampaignResource): string[] {
  const out: string[] = [];
  const lengths: string[] = [];
  const values: string[] = [];
  for (const [f, b] of before.fields) {
    const a = after.fields.get(f);
    if (a === undefined) continue;
    if (b.length !== undefined && a.length === undefined) lengths.push(f);
    if ((b.values?.length ?? 0) > 0 && (a.values?.length ?? 0) === 0) values.push(f);
  }
  const filters = [...before.filters.keys()].filter((f) => !after.filters.has(f));
  if (lengths.length > 0) out.push(`${name}: lengths of ${list(lengths)}`);
  if (values.length > 0) out.push(`${name}: enumeration values of ${list(values)}`);
  if (filters.length > 0) out.push(`${name}: filters ${list(filters)}`);
  return out;
}
