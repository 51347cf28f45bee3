import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTenantMetadata } from '../../compiler/metadata/index.ts';
import { pullMetadata } from '../../runtime/connectors/index.ts';
import type { TenantConnectors } from '../../runtime/connectors/index.ts';
import type { CampaignSide } from './connectors-fixture.ts';
import { startCampaignSide } from './connectors-fixture.ts';
import type { DynamicsSide } from './connectors-dynamics-fixture.ts';
import { startDynamicsSide } from './connectors-dynamics-fixture.ts';

const out = mkdtempSync(join(tmpdir(), 'ferry-pull-'));
let dyn: DynamicsSide;
let acs: CampaignSide;
let c: TenantConnectors;
beforeAll(async () => {
  [dyn, acs] = await Promise.all([startDynamicsSide(), startCampaignSide()]);
  c = await dyn.connect({ campaign: acs });
});
afterAll(async () => {
  await c.close();
  await Promise.all([dyn.close(), acs.close()]);
  rmSync(out, { recursive: true, force: true });
});

describe('pullMetadata', () => {
  it('writes the snapshot layout that loadTenantMetadata reads back', async () => {
    const { files } = await pullMetadata(
      c,
      ['contact', 'ferry_emailsend'],
      [
        { resource: 'profile', path: 'profileAndServicesExt/profile' },
        { resource: 'cusVehicle', path: 'profileAndServicesExt/cusVehicle' },
      ],
      out,
    );
    expect(files).toEqual([
      join('dynamics', 'metadata.xml'),
      join('dynamics', 'entities', 'contact.json'),
      join('dynamics', 'entities', 'ferry_emailsend.json'),
      join('campaign', 'profile.json'),
      join('campaign', 'cusVehicle.json'),
    ]);
    expect(readFileSync(join(out, 'dynamics', 'metadata.xml'), 'utf8')).toBe(
      readFileSync('tenants/sandbox/metadata/dynamics/metadata.xml', 'utf8').replace(/^\uFEFF/, ''),
    );
    const { metadata, diagnostics } = await loadTenantMetadata(out);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const contact = metadata.dynamics.entities.get('contact');
    expect(contact?.attributes.get('emailaddress1')?.maxLength).toBe(100);
    expect(contact?.attributes.get('gendercode')?.options?.length).toBeGreaterThan(0);
    expect(metadata.campaign.resources.get('cusVehicle')?.filters.has('byCrmId')).toBe(true);
  });
});
