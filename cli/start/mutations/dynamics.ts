// Dynamics-side edits: contacts and vehicles updated, created, deleted, re-parented, filtered out.
import { randomUUID } from 'node:crypto';
import type { Store } from '../../../emulators/dynamics/store/store.ts';
import { idOf, type Pools } from './pools.ts';

export function editContacts(p: Pools, ds: Store): void {
  const { n, k } = p;
  for (const c of p.take(p.owned, n)) {
    ds.upsert('contact', {
      contactid: idOf(c),
      lastname: `${String(c['lastname'])}-Smith`,
      telephone1: '+44 20 7946 0000',
      birthdate: '1999-09-09',
    });
    p.count('Dynamics: contacts updated (birthdate too: updates: false)');
  }
  for (let i = 0; i < n; i++) {
    const c = {
      contactid: randomUUID(),
      firstname: 'Nova',
      lastname: `Newcomer ${i}`,
      emailaddress1: `nova.newcomer.${i}@example.net`,
    };
    ds.upsert('contact', {
      ...c,
      donotbulkemail: i % 3 === 0,
      donotemail: false,
      donotphone: i % 4 === 0,
      statecode: 0,
      statuscode: 1,
    });
    p.count('Dynamics: contacts created');
  }
  ds.upsert('contact', {
    contactid: randomUUID(),
    firstname: 'Ivy',
    lastname: 'Invalid',
    emailaddress1: 'ivy@@example.net',
    statecode: 0,
    statuscode: 1,
  });
  p.count('Dynamics: contacts created with an invalid email');
  const noVehicle = (c: Readonly<Record<string, unknown>>): boolean => !p.hasVehicle(c);
  for (const c of p.take(p.owned, k, noVehicle)) {
    ds.delete('contact', idOf(c));
    p.count('Dynamics: contacts deleted');
  }
  for (const c of p.take(p.foreign, 1, noVehicle)) {
    ds.delete('contact', idOf(c));
    p.count('Dynamics: contacts deleted (profile not created by ferry)');
  }
  for (const c of p.take(p.owned, k, noVehicle)) {
    ds.upsert('contact', { contactid: idOf(c), emailaddress1: null });
    p.count('Dynamics: contacts that stop matching the filter');
  }
}

export function editVehicles(p: Pools, ds: Store): void {
  const k = p.k;
  const vid = (v: Readonly<Record<string, unknown>>): string => idOf(v, 'ferry_vehicleid');
  for (const v of p.take(p.vehicles, k)) {
    ds.upsert('ferry_vehicle', {
      ferry_vehicleid: vid(v),
      ferry_model: 'Renault Zoe',
      ferry_name: 'Renault Zoe (repainted)',
    });
    p.count('Dynamics: vehicles updated');
  }
  for (const v of p.take(p.vehicles, k, (x) => !p.hasVisit(x))) {
    ds.delete('ferry_vehicle', vid(v));
    p.count('Dynamics: vehicles deleted');
  }
  const owners = p.take(p.owned, k + 1);
  for (const v of p.take(p.vehicles, 1)) {
    const to = owners.pop();
    if (to === undefined) break;
    ds.upsert('ferry_vehicle', { ferry_vehicleid: vid(v), _ferry_contactid_value: idOf(to) });
    p.count('Dynamics: vehicles moved to another contact');
  }
  for (const [i, c] of owners.entries()) {
    const year = 2020 + (i % 6);
    const v = {
      ferry_vehicleid: randomUUID(),
      ferry_name: `Tesla Model 3 ${year}`,
      ferry_vin: `5YJ3E1EA7KF${String(100000 + i)}`,
      ferry_model: 'Tesla Model 3',
      ferry_year: year,
    };
    ds.upsert('ferry_vehicle', {
      ...v,
      ferry_fueltype: 100000003,
      ferry_purchasedate: '2024-05-17',
      _ferry_contactid_value: idOf(c),
      statecode: 0,
      statuscode: 1,
    });
    p.count('Dynamics: vehicles created');
  }
}
