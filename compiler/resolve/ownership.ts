// An opt-out field written by an entity mapping would bypass the opt-out conflict rule (OPT-2).
import type { LoadedYaml } from '../load/types.ts';
import type { Mapping } from '../../core/model/mapping.ts';
import { RESOLVE } from './codes.ts';
import { ptr, type Reporter } from './report.ts';

export function checkOptoutOwnership(
  r: Reporter,
  mappings: readonly { readonly doc: LoadedYaml; readonly value: Mapping }[],
): void {
  const owners = new Map<string, { mapping: string; direction: string }>();
  for (const { value } of mappings) {
    if (value.kind !== 'optout' || value.direction === 'off') continue;
    for (const p of value.pairs)
      owners.set(`${value.target.resource}\0${p.campaign}`, {
        mapping: value.name,
        direction: value.direction,
      });
  }
  for (const { doc, value } of mappings) {
    if (value.kind !== 'entity') continue;
    for (const field of Object.keys(value.fields)) {
      const owner = owners.get(`${value.target.resource}\0${field}`);
      if (owner === undefined) continue;
      // to-campaign keeps Dynamics as the truth, so the entity write agrees with the opt-out flow; warn only.
      const severity = owner.direction === 'to-campaign' ? 'warning' : 'error';
      r.report(
        RESOLVE.optoutFieldOwned,
        doc,
        ptr('fields', field),
        `Field '${field}' of ${value.target.resource} is synced by opt-out mapping '${owner.mapping}' (direction ${owner.direction}); writing it here would bypass the opt-out conflict rule`,
        { key: true, severity },
      );
    }
  }
}
