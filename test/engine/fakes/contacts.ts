// A valid sandbox contact: contact `n` of a test's numbered set (`base` keeps sets apart), with fields
// overridden as a test needs; as a row (a dead letter's payload) or put into the fake Dynamics.
import { guid } from './dynamics.ts';
import type { Harness } from './harness.ts';

type Over = Readonly<Record<string, unknown>>;

export function contactRow(n: number, base: number, over: Over = {}): Record<string, unknown> {
  return {
    contactid: guid(base + n),
    emailaddress1: `user${n}@example.com`,
    firstname: `F${n}`,
    lastname: `L${n}`,
    birthdate: '1980-01-01',
    statecode: 0,
    ...over,
  };
}

/** Puts the contact into the fake Dynamics; returns its id. */
export function putContact(h: Harness, n: number, base: number, over: Over = {}): string {
  h.dynamics.put('contacts', 'contactid', contactRow(n, base, over));
  return guid(base + n);
}
