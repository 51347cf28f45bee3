// Ports of a runtime opened for the state store only: every API call fails loudly, nothing reads as empty.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.ts';
import { offlineCampaign, offlineDynamics } from '../../runtime/offline-ports.ts';

const target = {
  resource: 'profile',
  path: 'profileAndServicesExt/profile',
  key: 'externalId',
  keyFilter: 'byExternalId',
} as never;

async function drain(it: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('offline ports', () => {
  it('reject every Dynamics and Campaign call with ConfigError FERRY_OFFLINE', async () => {
    const d = offlineDynamics();
    const c = offlineCampaign();
    const calls: (() => Promise<unknown>)[] = [
      () => drain(d.readAll({ entitySet: 'contacts', select: [], filter: null })),
      () => drain(d.startTracking({ entitySet: 'contacts', select: [] })),
      () => drain(d.readDelta('x')),
      () => d.upsert([]),
      () => d.getByIds({ entitySet: 'contacts', primaryKey: 'contactid', select: [], ids: [] }),
      () => d.attributeTypes('contact'),
      () => c.findByKey(target, 'a'),
      () => c.create(target, {}),
      () => c.update({ PKey: 'p', href: 'h' }, {}),
      () => c.remove({ PKey: 'p', href: 'h' }),
      () => drain(c.modifiedSince(target, null)),
      () => c.fieldTypes(target),
    ];
    for (const call of calls) {
      const err = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).code).toBe('FERRY_OFFLINE');
      expect((err as Error).message).toMatch(/^(Dynamics|Campaign) is not connected/);
    }
  });
});
