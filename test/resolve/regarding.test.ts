// Regarding navigation lookup: v9 constraint-based, and the 2016 CSDL shape without constraints.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsdl } from '../../core/metadata/csdl.ts';
import { loadTenantMetadata } from '../../compiler/metadata/index.ts';
import { regardingNav } from '../../compiler/resolve/events.ts';

describe('regardingNav', () => {
  it('picks the constrained contact navigation of the table itself', async () => {
    const { metadata } = await loadTenantMetadata('tenants/sandbox/metadata');
    const send = metadata.dynamics.entities.get('ferry_emailsend');
    if (!send) throw new Error('sandbox snapshot incomplete');
    expect(regardingNav(send, 'contact')).toBe('regardingobjectid_contact_ferry_emailsend');
    expect(regardingNav(send, 'account')).toBe('regardingobjectid_account_ferry_emailsend');
    const vehicle = metadata.dynamics.entities.get('ferry_vehicle');
    if (!vehicle) throw new Error('sandbox snapshot incomplete');
    expect(regardingNav(vehicle, 'contact')).toBeUndefined();
  });

  it('falls back to unconstrained regardingobjectid_* navigations (2016 fixture)', () => {
    const { metadata } = parseCsdl(
      readFileSync(
        new URL('../fixtures/dynamics-metadata/crm-metadata-2016-en.xml', import.meta.url),
        'utf8',
      ),
    );
    const task = metadata.entities.get('task');
    if (!task) throw new Error('fixture has no task');
    expect(regardingNav(task, 'contact')).toBe('regardingobjectid_contact_task');
  });
});
