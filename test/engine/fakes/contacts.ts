// A valid sandbox contact put into the fake Dynamics: contact `n` of a test's numbered set (`base` keeps
// sets apart), with fields overridden as a test needs. Returns its id.
import { guid } from './dynamics.ts';
import type { Harness } from './harness.ts';

export function putContact(
  h: Harness,
  n: number,
  base: number,
  over: Readonly<Record<string, unknown>> = {},
): string {
  const id = guid(base + n);
  h.dynamics.put('contacts', 'contactid', {
    contactid: id,
    emailaddress1: `user${n}@example.com`,
    firstname: `F${n}`,
    lastname: `L${n}`,
    birthdate: '1980-01-01',
    statecode: 0,
    ...over,
  });
  return id;
}
