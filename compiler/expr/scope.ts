// What names an expression may use: the source entity's columns, or the flat event record.
import type { DynamicsEntity } from '../../core/metadata/model.ts';
import { EVENT_FIELDS } from '../../core/model/mapping.ts';
import type { FieldRef } from './ast.ts';
import type { Scope } from './parse.ts';
import { T, fromEdm, type Base } from './types.ts';

export function entityScope(entity: DynamicsEntity): Scope {
  const fields = new Map<string, FieldRef>();
  for (const a of entity.attributes.values())
    fields.set(a.name, { name: a.name, type: fromEdm(a.type, a.nullable), edm: a.type });
  return { fields, describe: `column of ${entity.logicalName}` };
}

let events: Scope | undefined;
export function eventScope(): Scope {
  if (events) return events;
  const fields = new Map<string, FieldRef>();
  for (const [name, t] of Object.entries(EVENT_FIELDS)) {
    const nullable = t.endsWith('?');
    fields.set(name, { name, type: T(t.replace('?', '') as Base, nullable) });
  }
  events = { fields, describe: 'event field' };
  return events;
}
