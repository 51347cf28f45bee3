// Checks that need a table's attribute definitions (dynamics/entities/<table>.json) but found none:
// noted per field, then reported once per table, at the field that needs them most.
import path from 'node:path';
import type { LoadedYaml } from '../load/types.ts';
import type { DynamicsAttribute, DynamicsEntity } from '../../core/metadata/model.ts';
import { RESOLVE } from './codes.ts';
import type { Reporter } from './report.ts';

/** Where one table's attribute definitions live below tenants/<t>/metadata/. */
export const ENTITIES_DIR = path.join('dynamics', 'entities');

/** What a field needs from the definitions; `labels` is an error, the others are skipped checks. */
export type Need = 'labels' | 'number' | 'keys' | 'enum' | 'length';

const NEEDS: readonly Need[] = ['labels', 'number', 'keys', 'enum', 'length'];

const WHAT: Readonly<Record<Need, string>> = {
  labels: 'integer columns that may be picklists cannot be sent as labels',
  number: 'integer columns written into number fields are taken as numbers, not picklists',
  keys: 'value-map keys are not checked against the option set',
  enum: 'option values are not checked against the target enumeration',
  length: 'column lengths are not compared with the target field lengths',
};

/** Without definitions an Edm.Int32 column may be a picklist, state or status (its values are option codes). */
export const mayBeOptionSet = (a: DynamicsAttribute): boolean => a.type === 'Edm.Int32';

interface Note {
  readonly need: Need;
  readonly doc: LoadedYaml;
  readonly pointer: string;
  readonly key: boolean;
  /** `<mapping>.<field> from <column>`, for the message. */
  readonly where: string;
}

const list = (items: readonly string[]): string =>
  items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;

export class DefinitionNeeds {
  private readonly byEntity = new Map<string, Note[]>();

  constructor(private readonly tenant: string) {}

  /** Records that a check on `entity` needs its attribute definitions; nothing when they were loaded. */
  note(entity: DynamicsEntity, note: Note): void {
    if (entity.attributeDefinitions === true) return;
    const notes = this.byEntity.get(entity.logicalName) ?? [];
    notes.push(note);
    this.byEntity.set(entity.logicalName, notes);
  }

  /** One diagnostic per table: an error when labels are needed, else a warning naming the skipped checks. */
  report(r: Reporter): void {
    for (const [entity, notes] of this.byEntity) {
      const at = notes.find((n) => n.need === 'labels') ?? notes[0];
      if (at === undefined) continue;
      const file = [
        `tenants/${this.tenant}/metadata`,
        ...ENTITIES_DIR.split(path.sep),
        `${entity}.json`,
      ].join('/');
      const parts = NEEDS.flatMap((need) => {
        const where = [...new Set(notes.filter((n) => n.need === need).map((n) => n.where))];
        return where.length > 0 ? [`${WHAT[need]} (${list(where)})`] : [];
      });
      const labels = at.need === 'labels';
      r.report(
        RESOLVE.definitionsMissing,
        at.doc,
        at.pointer,
        `Attribute definitions of Dynamics table '${entity}' are missing (${file} not found): ${parts.join('; ')}`,
        {
          severity: labels ? 'error' : 'warning',
          key: at.key,
          hint: `${RESOLVE.definitionsMissing.hint}${labels ? ' Or set `picklists: value` on the mapping to send the integer codes.' : ''}`,
        },
      );
    }
  }
}
