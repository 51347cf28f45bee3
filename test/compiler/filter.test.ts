// Filters compile twice: the pushable part to $filter (all = push the pushable subset, any = all or
// nothing), the whole to a predicate; predicate-only conditions are reported as FERRY220 warnings.
import { describe, expect, it } from 'vitest';
import { checkExpressions } from '../../compiler/expr/check-project.ts';
import { attr, cfield, entity, resolveEntity, resource } from './helpers.ts';

const src = entity('contact', [
  attr('statecode', 'Edm.Int32'),
  attr('firstname', 'Edm.String'),
  attr('emailaddress1', 'Edm.String'),
  attr('modifiedon', 'Edm.DateTimeOffset'),
  attr('birthdate', 'Edm.Date'),
  attr('_ownerid_value', 'Edm.Guid'),
]);
const res = resource('profile', [cfield('firstName', 'string')]);

function compile(filter: { all?: string[]; any?: string[] }) {
  const yaml = `version: 1\nkind: entity\nname: c\nsource: { entity: contact }\ntarget: { resource: profile, key: externalId }\nfields:\n  firstName: { from: firstname }\nfilter: ${JSON.stringify(filter)}\n`;
  const { checked, diagnostics } = checkExpressions(resolveEntity('mappings/c.yaml', yaml, src, res));
  const f = checked.filters.get('c');
  return { odata: f?.odata ?? null, pushed: f?.conditions.map((c) => c.pushed) ?? [], diagnostics };
}

describe('filter pushdown', () => {
  it('all: pushes the pushable subset and warns about the rest at its position', () => {
    const r = compile({
      all: ['statecode == 0', "lower(firstname) == 'bob'", `contains(emailaddress1, "x'y")`],
    });
    expect(r.odata).toBe("statecode eq 0 and contains(emailaddress1,'x''y')");
    expect(r.pushed).toEqual([true, false, true]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({
      code: 'FERRY220',
      severity: 'warning',
      pointer: '/filter/all/1',
      line: 8,
    });
    expect(r.diagnostics[0]?.message).toContain('lower()');
  });

  it('any: pushes down only when every condition is pushable', () => {
    expect(compile({ any: ['statecode == 0', 'statecode == 2'] }).odata).toBe(
      'statecode eq 0 or statecode eq 2',
    );
    const mixed = compile({ any: ['statecode == 0', 'statecode + 1 == 2'] });
    expect(mixed.odata).toBeNull();
    expect(mixed.pushed).toEqual([false, false]);
  });

  it('all + any: the any group is parenthesised', () => {
    expect(compile({ all: ['statecode == 0'], any: ['firstname == "a"', 'firstname == "b"'] }).odata).toBe(
      "statecode eq 0 and (firstname eq 'a' or firstname eq 'b')",
    );
  });

  it('formats GUIDs bare, dates as ISO, flips literal-first comparisons, keeps nested logic', () => {
    expect(compile({ all: ['_ownerid_value == "49B0BE2E-D01C-ED11-B83E-000D3A572421"'] }).odata).toBe(
      '_ownerid_value eq 49b0be2e-d01c-ed11-b83e-000d3a572421',
    );
    expect(
      compile({ all: ['modifiedon >= date("2024-01-31")', 'birthdate < date("2000-01-01")'] }).odata,
    ).toBe('modifiedon ge 2024-01-31T00:00:00Z and birthdate lt 2000-01-01');
    expect(compile({ all: ['3 < statecode'] }).odata).toBe('statecode gt 3');
    expect(compile({ all: ['!(statecode == 1 || firstname == null)'] }).odata).toBe(
      'not (statecode eq 1 or firstname eq null)',
    );
  });

  it('rejects a non-GUID compared with a GUID column and a non-boolean condition', () => {
    expect(compile({ all: ['_ownerid_value == "nope"'] }).diagnostics.map((d) => d.code)).toContain(
      'FERRY212',
    );
    expect(compile({ all: ['firstname'] }).diagnostics.map((d) => d.code)).toEqual(['FERRY211']);
  });
});
