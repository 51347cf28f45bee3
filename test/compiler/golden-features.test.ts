// The features golden: a second mapping set that between its mappings uses every writer that can be emitted, `any`
// filters (pushed down and not), conditionals, picklist labels (plain and behind a value map) and
// links. Its TypeScript and IR are golden like the sandbox's, and its modules run.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject, type CompileResult } from '../../compiler/index.ts';
import type { IrValue, Writer } from '../../compiler/ir/index.ts';
import type { Bundle, EntityFlow, EventsFlow } from '../../runtime/contract.ts';
import { featuresProject } from './features-project.ts';
import { deeplyFrozen, goldenFiles, storedGolden, updateGolden } from './golden-files.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const goldenDir = path.join(root, 'test/compiler/golden/features');
const project = featuresProject(root);
let result: CompileResult;

beforeAll(async () => {
  result = await compileProject({ root: project, tenant: 'features', out: goldenDir, write: false });
  updateGolden(goldenDir, result);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

// Every value node below a field value.
const values = (v: IrValue): IrValue[] => [
  v,
  ...(v.kind === 'convert' || v.kind === 'label' ? values(v.of) : v.kind === 'mapped' ? values(v.raw) : []),
];

describe('golden bundle (features)', () => {
  it('compiles, and matches the golden TypeScript and IR byte for byte', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const golden = goldenFiles(result);
    expect(golden.size).toBe(9);
    expect(new Map([...golden].sort(([a], [b]) => (a < b ? -1 : 1)))).toEqual(storedGolden(goldenDir));
    expect(JSON.parse(JSON.stringify(result.ir)) as unknown).toStrictEqual(result.ir);
    expect(deeplyFrozen(result.ir)).toBe(true);
  });

  it('covers every writer, any filters, conditionals, picklist labels and links', () => {
    const flows = result.ir?.flows ?? [];
    const fields = flows.flatMap((f) =>
      f.kind === 'entity'
        ? f.transform.fields
        : f.kind === 'events'
          ? f.types
              .flatMap((t) => [t.activity, ...(t.followUp ? [t.followUp] : [])])
              .flatMap((a) => a.transform.fields)
          : [],
    );
    const nodes = fields.flatMap((f) => values(f.value));
    const writers = new Set(nodes.flatMap((n) => (n.kind === 'convert' ? [n.writer] : [])));
    // boolean and number are never emitted: every value that reaches such a slot is already of its type
    // (exact columns, expressions, constants, value maps of one type), so their writer is elided.
    const all: Record<Writer, boolean> = {
      string: true,
      number: false,
      integer: true,
      boolean: false,
      campaignDate: true,
      campaignDateTime: true,
      dynamicsDate: true,
      dynamicsDateTime: true,
    };
    expect([...writers].sort()).toEqual(
      Object.keys(all)
        .filter((w) => all[w as Writer])
        .sort(),
    );
    expect(nodes.some((n) => n.kind === 'expr' && n.expr.k === 'cond')).toBe(true);
    expect(nodes.some((n) => n.kind === 'label')).toBe(true);
    expect(nodes.some((n) => n.kind === 'mapped' && n.labels !== null)).toBe(true);
    const conditions = flows.flatMap((f) => (f.kind === 'entity' ? f.filter.conditions : []));
    expect(conditions.some((c) => c.group === 'any' && c.pushed)).toBe(true);
    expect(conditions.some((c) => c.group === 'any' && !c.pushed)).toBe(true);
    expect(flows.flatMap((f) => (f.kind === 'entity' ? f.links : [])).length).toBe(2);
  });

  it('runs: the golden modules filter and transform sample records', async () => {
    const bundle = ((await import(path.join(goldenDir, 'index.ts'))) as { default: Bundle }).default;
    const [members, cars, visits, events] = bundle.flows as [EntityFlow, EntityFlow, EntityFlow, EventsFlow];
    const row = {
      contactid: 'c1',
      emailaddress1: 'a@b',
      lastname: 'Lee',
      numberofchildren: 3,
      donotemail: false,
      donotbulkemail: true,
      gendercode: 2,
      familystatuscode: 2,
      createdon: '2024-05-06T07:08:09Z',
      modifiedon: '2024-05-06T07:08:09.5Z',
    };
    expect(members.matches(row)).toBe(true);
    expect(members.matches({ ...row, lastname: 'Kim', numberofchildren: 0 })).toBe(false);
    expect(members.matches({ ...row, lastname: 'Kim', numberofchildren: 1 })).toBe(true);
    const out = members.transform(row);
    expect(out).toMatchObject({
      isExternal: false,
      salutation: 'Female',
      title: 'Married',
      middleName: 'large',
      fax: 'Lee',
      emailFormat: 'html',
      birthDate: '2024-05-06',
      denyList: true,
    });
    expect(out['cusLastSeen']).toMatch(/^2024-05-06 07:08:09/);
    expect(
      members.transform({ ...row, familystatuscode: 1, gendercode: 1, numberofchildren: null }),
    ).toMatchObject({ title: 'Single', isExternal: true, middleName: 'unknown' });
    expect(cars.links).toEqual([
      { name: 'profile', from: '_ferry_contactid_value', flow: 'members', required: false },
    ]);
    expect(cars.transform({ ferry_year: 2019.6, ferry_fueltype: 3, ferry_name: 'x' })).toMatchObject({
      year: 2020,
      fuelType: '3',
    });
    expect(visits.odataFilter).toBeNull();
    expect(visits.matches({ ferry_mileage: 5, ferry_name: 'Axle' })).toBe(true);
    expect(visits.matches({ ferry_mileage: 5, ferry_name: 'Brake' })).toBe(false);
    expect(visits.transform({ ferry_mileage: 0, ferry_cost: 2000, ferry_name: 'Brake' })).toMatchObject({
      cost: 0.5,
      name: 'Brake (major)',
    });
    const ev = {
      eventId: 'e1',
      type: 'send' as const,
      timestamp: new Date('2024-01-02T03:04:05.678Z'),
      profilePKey: 'p',
      externalId: 'c1',
      email: 'a@b',
      deliveryId: 'D1',
      deliveryLabel: 'Spring',
      mirrorPageUrl: null,
      campaignId: 'C1',
      campaignLabel: 'Camp',
      url: null,
      bounceType: 'soft',
      bounceReason: null,
    };
    expect(events.types.send?.transform(ev)).toMatchObject({ subject: 'D1', ferry_senddate: '2024-01-02' });
    expect(events.types.send?.transform({ ...ev, mirrorPageUrl: 'https://m' })).toMatchObject({
      subject: 'Spring (https://m)',
    });
    expect(events.types.bounce?.transform({ ...ev, bounceType: 'hard' })).toMatchObject({
      subject: 'Hard bounce: ?',
    });
  });
});
