import { afterEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../runtime/contract.ts';
import { contactsFlow, eventsFlow } from './fakes/flows.ts';
import { guid } from './fakes/dynamics.ts';
import { harness, type Harness } from './fakes/harness.ts';

let h: Harness;
afterEach(async () => h?.state.close());

const manifest = (fp: Manifest['fingerprints']): Manifest => ({
  compilerVersion: 't',
  tenant: 't',
  inputs: {},
  fingerprints: fp,
  flows: [],
  files: {},
  bundleHash: 'x',
});

describe('schema drift', () => {
  it('stops only the drifted flow, naming the field and the mapping file:line', async () => {
    h = await harness();
    h.dynamics.put('contacts', 'contactid', { contactid: guid(1), emailaddress1: 'a@example.com' });
    h.dynamics.attributes.set(
      'contact',
      new Map([
        ['contactid', 'Edm.Guid'],
        ['emailaddress1', 'Edm.String'],
        ['firstname', 'Edm.String'],
      ]),
    );
    h.dynamics.attributes.set('ferry_emailsend', new Map([['subject', 'Edm.String']]));
    h.campaign.fields.set(
      'profile',
      new Map([
        ['email', 'string'],
        ['externalId', 'string'],
      ]),
    );
    const m = manifest({
      'dynamics:contact': {
        contactid: 'Edm.Guid',
        emailaddress1: 'Edm.String',
        firstname: 'Edm.String',
        lastname: 'Edm.String',
      },
      'campaign:profile': { email: 'string', externalId: 'string' },
      'dynamics:ferry_emailsend': { subject: 'Edm.String' },
    });
    const r = await h
      .engine([contactsFlow(), eventsFlow({ types: { send: eventsFlow().types.send! } })], { manifest: m })
      .runOnce({ mode: 'incremental' });
    expect(r.flows[0]).toMatchObject({ outcome: 'failed', errorCode: 'FERRY_DRIFT' });
    expect(r.flows[0]?.error).toMatch(
      /flow contacts \(mappings\/contacts\.yaml:3:\d+\): Dynamics contact field lastname was removed \(was Edm\.String\)/,
    );
    expect(r.flows[1]?.outcome).toBe('ok');
    expect(h.campaign.all('profileAndServicesExt/profile')).toHaveLength(0);
    expect((await h.state.getStatus('contacts'))?.status).toBe('failed');

    h.dynamics.attributes.get('contact')?.set('lastname', 'Edm.Int32');
    const r2 = await h.engine([contactsFlow()], { manifest: m }).runOnce({ mode: 'incremental' });
    expect(r2.flows[0]?.error).toMatch(/field lastname changed type from Edm.String to Edm.Int32/);

    h.dynamics.attributes.get('contact')?.set('lastname', 'Edm.String');
    const r3 = await h.engine([contactsFlow()], { manifest: m }).runOnce({ mode: 'incremental' });
    expect(r3.flows[0]?.outcome).toBe('ok');
  });

  it("points at the field's own YAML line when the bundle records it, with the old and new type", async () => {
    h = await harness();
    h.dynamics.attributes.set(
      'contact',
      new Map([
        ['contactid', 'Edm.Guid'],
        ['lastname', 'Edm.Int32'],
      ]),
    );
    h.campaign.fields.set('profile', new Map([['externalId', 'string']]));
    const flow = contactsFlow();
    const at = { file: 'mappings/contacts.yaml', line: 12, col: 26 };
    const m: Manifest = {
      ...manifest({
        'dynamics:contact': { contactid: 'Edm.Guid', lastname: 'Edm.String' },
        'campaign:profile': { externalId: 'string' },
      }),
      flows: [
        {
          name: flow.name,
          kind: 'entity',
          module: 'contacts.js',
          origin: flow.origin,
          fields: { 'dynamics:contact': { lastname: at } },
        },
      ],
    };
    const r = await h.engine([flow], { manifest: m }).runOnce({ mode: 'incremental' });
    expect(r.flows[0]?.error).toMatch(
      /^flow contacts \(mappings\/contacts\.yaml:12:26\): Dynamics contact field lastname changed type from Edm\.String to Edm\.Int32;/,
    );
  });
});
