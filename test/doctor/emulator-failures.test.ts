// ferry doctor against emulators configured to fail one check each; every failure names the table or
// resource and carries its fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenMetadata } from './broken-metadata.ts';
import { doctorFixture, type DoctorFinding, type DoctorFixture } from './fixture.ts';

let f: DoctorFixture;
let findings: DoctorFinding[];
let code: number;

beforeAll(async () => {
  f = await doctorFixture({ metadataDir: await brokenMetadata() });
  // Revoked before the run: the privileges check reads them live.
  f.sb.dynamics.privileges.revoke('prvCreateferry_emailopen');
  f.sb.dynamics.privileges.grant('prvReadferry_servicevisit', 'Basic');
  // User level is enough where ferry only touches the activities it created (the documented role).
  f.sb.dynamics.privileges.grant('prvWriteferry_emailclick', 'Basic');
  ({ code, findings } = await f.doctor());
}, 60_000);
afterAll(async () => f?.close());

const failing = (check: string): DoctorFinding[] =>
  findings.filter((x) => x.check === check && x.status !== 'ok');

describe('ferry doctor: emulators that fail a check', () => {
  it('exits 6 (a failure is the worst finding) and still runs every check', () => {
    expect(code).toBe(6);
    expect(findings.filter((x) => x.check === 'Dynamics WhoAmI')[0]?.status).toBe('ok');
  });

  it('change tracking: names the table and where to turn it on', () => {
    expect(failing('change tracking')).toEqual([
      {
        check: 'change tracking',
        status: 'fail',
        detail: 'ferry_vehicle: ChangeTrackingEnabled is false, so ferry cannot read only the changes',
        fix: 'Turn on "Track changes" for ferry_vehicle (make.powerapps.com > Tables > ferry_vehicle > Properties > Advanced options).',
      },
    ]);
  });

  it('alternate keys: an activity table without a key on its event id', () => {
    expect(failing('alternate keys')).toEqual([
      {
        check: 'alternate keys',
        status: 'fail',
        detail: 'ferry_emailopen has no alternate key on ferry_eventid alone',
        fix: 'Run ferry provision, or add an alternate key on ferry_eventid to ferry_emailopen (make.powerapps.com > Tables > ferry_emailopen > Keys).',
      },
    ]);
  });

  it('privileges: a missing privilege and one below organization level', () => {
    const found = failing('privileges');
    expect(found.map((x) => x.detail)).toEqual([
      'ferry_emailopen: missing prvCreateferry_emailopen',
      "ferry_servicevisit: prvReadferry_servicevisit (Basic) below Organization level, so other users' records are out of reach",
    ]);
    expect(found[0]?.fix).toBe(
      "Add prvCreateferry_emailopen to the application user's security role (Organization level for Read on synced tables and for contact).",
    );
  });

  it('privileges: user-level write on an activity table is enough', () => {
    expect(
      findings.find((x) => x.check === 'privileges' && x.detail.startsWith('ferry_emailclick:')),
    ).toEqual({
      check: 'privileges',
      status: 'ok',
      detail: 'ferry_emailclick: Create Organization, Read Organization, Write Basic, Append Organization',
      fix: '',
    });
  });

  it('Campaign filter: the custom filter the mapping names is missing', () => {
    expect(failing('Campaign filter')).toEqual([
      {
        check: 'Campaign filter',
        status: 'fail',
        detail: 'cusServiceVisit has no custom filter byCrmId',
        fix: 'Add a filter definition byCrmId on cusServiceVisit whose rule compares crmId with a parameter (Equal), then publish.',
      },
    ]);
  });
});
