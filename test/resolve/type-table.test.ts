// Every stage that decides whether a `from:` value converts into a target slot gives the verdict of the
// one conversion table in core/types/: resolve (entity and events) and the expression stage's slot check.
import { describe, expect, it } from 'vitest';
import { loadYaml } from '../../compiler/load/index.ts';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import { sourceType } from '../../compiler/expr/check-project.ts';
import { checkField, sourceFits } from '../../compiler/expr/slots.ts';
import { T, type Base } from '../../compiler/expr/types.ts';
import { RESOLVE } from '../../compiler/resolve/codes.ts';
import { convertible, edmFamily, eventFamily } from '../../compiler/resolve/compat.ts';
import { resolveField } from '../../compiler/resolve/fields.ts';
import { DefinitionNeeds } from '../../compiler/resolve/completeness.ts';
import { Reporter } from '../../compiler/resolve/report.ts';
import type {
  CampaignField,
  CampaignResource,
  DynamicsAttribute,
  DynamicsEntity,
} from '../../core/metadata/model.ts';
import { WRITER_TS, edmTs, writerFor } from '../../compiler/lower/common.ts';
import { EVENT_FIELDS } from '../../core/model/mapping.ts';
import { CAMPAIGN_TYPES, EDM_TYPES, campaignType, conversion, edmType } from '../../core/types/index.ts';

const { doc } = loadYaml('m.yaml', 'fields:\n  t: { from: c }\n');
const column = (type: string, extra: Partial<DynamicsAttribute> = {}): DynamicsAttribute => ({
  name: 'c',
  type,
  nullable: true,
  computed: false,
  ...extra,
});
const entity = (attr: DynamicsAttribute): DynamicsEntity => ({
  logicalName: 'x',
  entitySetName: 'xs',
  primaryKey: 'xid',
  attributes: new Map([['c', attr]]),
  navigations: new Map(),
  alternateKeys: [],
  changeTracking: true,
  attributeDefinitions: true,
});
const resource = (type: string): CampaignResource => {
  const field: CampaignField = { name: 't', type, readOnly: false, mandatory: false };
  return { name: 'r', path: 'r', fields: new Map([['t', field]]), filters: new Map(), keys: [] };
};
const implicit = (from: string, to: string): boolean =>
  conversion(edmType(from).family, campaignType(to).family).verdict === 'implicit';

/** Resolve's and the slot check's verdicts for `from: c` (column of `edm`) into a Campaign `type`. */
function verdicts(edm: string, type: string): { resolve: boolean; slots: boolean; hints: string[] } {
  const r = new Reporter();
  const f = resolveField(
    {
      r,
      doc,
      source: entity(column(edm)),
      resource: resource(type),
      picklists: 'value',
      mapping: 'm',
      needs: new DefinitionNeeds('t'),
    },
    't',
    {
      from: 'c',
    },
  );
  const resolve = !r.diagnostics.some(
    (d) => d.code === RESOLVE.incompatibleTypes.code || d.code === RESOLVE.notWritable.code,
  );
  const out: Diagnostic[] = [];
  if (f) checkField(f, sourceType(f, 'value'), null, out);
  return { resolve, slots: f !== null && out.length === 0, hints: r.diagnostics.map((d) => d.hint ?? '') };
}

describe('one conversion table', () => {
  const edms = Object.keys(EDM_TYPES);
  const campaigns = Object.keys(CAMPAIGN_TYPES);

  it('resolve and the slot check agree with the table on every Edm -> Campaign pair', () => {
    const got = edms.flatMap((e) => campaigns.map((c) => ({ e, c, ...verdicts(e, c) })));
    const want = edms.flatMap((e) =>
      campaigns.map((c) => ({ e, c, resolve: implicit(e, c), slots: implicit(e, c) })),
    );
    expect(got.map(({ e, c, resolve, slots }) => ({ e, c, resolve, slots }))).toEqual(want);
    // Both verdicts occur: the comparison is not vacuous.
    expect(new Set(want.map((w) => w.resolve))).toEqual(new Set([true, false]));
  });

  it('event fields -> Dynamics columns: resolve and the slot check agree with the table', () => {
    for (const [name, t] of Object.entries(EVENT_FIELDS))
      for (const e of edms) {
        const base = t.replace('?', '') as Base;
        const table = conversion(eventFamily(t), edmType(e).family).verdict === 'implicit';
        const slot = { side: 'dynamics', attribute: column(e) } as const;
        expect({ name, e, resolve: convertible(eventFamily(t), edmFamily(e)) }).toEqual({
          name,
          e,
          resolve: table,
        });
        expect({ name, e, slots: sourceFits(T(base, t.endsWith('?')), slot) }).toEqual({
          name,
          e,
          slots: table,
        });
      }
  });

  it('refuses a number into a boolean implicitly and names the function to write', () => {
    const v = verdicts('Edm.Int32', 'boolean');
    expect(v.resolve).toBe(false);
    expect(v.slots).toBe(false);
    expect(v.hints).toEqual(['Convert it explicitly: expr: "toBoolean(c)".']);
    expect(verdicts('Edm.String', 'long').hints).toEqual(['Convert it explicitly: expr: "toNumber(c)".']);
    expect(verdicts('Edm.Boolean', 'boolean').resolve).toBe(true);
  });

  it('a picklist is sent as its label or its value, in resolve and in the expression stage alike', () => {
    const pick = column('Edm.Int32', { attributeType: 'Picklist', options: [{ value: 1, label: 'One' }] });
    const r = new Reporter();
    const f = resolveField(
      {
        r,
        doc,
        source: entity(pick),
        resource: resource('string'),
        picklists: 'label',
        mapping: 'm',
        needs: new DefinitionNeeds('t'),
      },
      't',
      {
        from: 'c',
      },
    );
    expect(f && sourceType(f, 'label')?.base).toBe('string');
    expect(f && sourceType(f, 'value')?.base).toBe('number');
  });

  it('lowering takes writers and TypeScript types from the same rows', () => {
    for (const [c, row] of Object.entries(CAMPAIGN_TYPES)) {
      const field: CampaignField = { name: 't', type: c, readOnly: false, mandatory: false };
      expect({ c, writer: writerFor({ side: 'campaign', field }) }).toEqual({ c, writer: row.writer });
      expect({ c, ts: WRITER_TS[row.writer] }).toEqual({ c, ts: row.ts });
    }
    for (const [e, row] of Object.entries(EDM_TYPES)) {
      expect({ e, writer: writerFor({ side: 'dynamics', attribute: column(e) }) }).toEqual({
        e,
        writer: row.writer,
      });
      expect({ e, ts: edmTs(e), slot: WRITER_TS[row.writer] }).toEqual({ e, ts: row.ts, slot: row.ts });
    }
    expect(edmTs('Edm.Unknown')).toBe('string | null');
  });
});
