// The alternate-key check as a real org answers it: EntityDefinitions(...)/Keys with EntityKeyIndexStatus.
// The emulator does not serve that collection, so its answers are stubbed here (the emulator path,
// falling back to the $metadata annotation, is covered by the sandbox tests).
import { describe, expect, it } from 'vitest';
import { alternateKeys } from '../../runtime/doctor/checks/alternate-keys.ts';
import type { DoctorContext } from '../../runtime/doctor/types.ts';

function ctxWithKeys(keys: readonly Record<string, unknown>[]): DoctorContext {
  const http = {
    url: (p: string) => `https://org.example/api/data/v9.2/${p}`,
    get: async (url: string) => {
      expect(url).toContain("EntityDefinitions(LogicalName='ferry_emailopen')/Keys");
      return { status: 200, headers: {}, body: JSON.stringify({ value: keys }), url };
    },
  };
  return {
    needs: {
      privileges: new Map(),
      sources: [],
      campaign: [],
      activities: [{ table: 'ferry_emailopen', key: 'ferry_eventid' }],
    },
    conn: { dynamics: { http } },
    facts: {},
  } as unknown as DoctorContext;
}

const key = (status: string) => ({
  LogicalName: 'ferry_eventidkey',
  KeyAttributes: ['ferry_eventid'],
  EntityKeyIndexStatus: status,
});

describe('doctor: alternate keys by index status', () => {
  it('Active is ok', async () => {
    expect(await alternateKeys(ctxWithKeys([key('Active')]))).toMatchObject([
      { status: 'ok', detail: 'ferry_emailopen: key ferry_eventidkey on ferry_eventid is Active' },
    ]);
  });

  it('Pending and InProgress warn: upserts fail until the index is built', async () => {
    for (const s of ['Pending', 'InProgress'])
      expect(await alternateKeys(ctxWithKeys([key(s)]))).toMatchObject([
        {
          status: 'warn',
          detail: `ferry_emailopen: key ferry_eventidkey on ferry_eventid is ${s}; upserts by ferry_eventid fail until it is Active`,
        },
      ]);
  });

  it('Failed fails and says to remove duplicates and reactivate', async () => {
    const [f] = await alternateKeys(ctxWithKeys([key('Failed')]));
    expect(f?.status).toBe('fail');
    expect(f?.fix).toMatch(/^Remove duplicate ferry_eventid values, then reactivate the key/);
  });

  it('a key on other columns does not count', async () => {
    const other = {
      LogicalName: 'k2',
      KeyAttributes: ['ferry_eventid', 'subject'],
      EntityKeyIndexStatus: 'Active',
    };
    expect(await alternateKeys(ctxWithKeys([other]))).toMatchObject([
      { status: 'fail', detail: 'ferry_emailopen has no alternate key on ferry_eventid alone' },
    ]);
  });
});
