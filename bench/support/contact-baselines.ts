// The default contact mapping (mappings/contacts.yaml) written twice more: as JSONata and by hand.
// Both must give exactly what the compiled transform gives on the seed data (checked on every record), so
// they follow the YAML: denyListEmail belongs to the opt-out mapping and is not in contacts.yaml.
import jsonata from 'jsonata';
import type { SourceRow, TargetRecord } from '../../runtime/contract.ts';

/** What a user would write in JSONata for contacts.yaml. Null guards: JSONata string functions reject null. */
export const CONTACTS_JSONATA = `{
  "birthDate": birthdate,
  "email": emailaddress1 = null ? null : $lowercase($trim(emailaddress1)),
  "firstName": firstname = null ? null : $substring(firstname, 0, 30),
  "gender": gendercode = 1 ? "male" : gendercode = 2 ? "female" : "unknown",
  "lastName": lastname,
  "phone": telephone1 = null ? null : $substring(telephone1, 0, 32)
}`;

export type AsyncTransform = (row: SourceRow) => Promise<TargetRecord>;

export function jsonataTransform(): AsyncTransform {
  const expr = jsonata(CONTACTS_JSONATA);
  // jsonata 2.x: evaluate() returns a promise; awaiting it per record is how users run it.
  return (row) => expr.evaluate(row) as Promise<TargetRecord>;
}

interface ContactRow {
  readonly birthdate?: string | null;
  readonly emailaddress1?: string | null;
  readonly firstname?: string | null;
  readonly gendercode?: number | null;
  readonly lastname?: string | null;
  readonly telephone1?: string | null;
}

/** What a careful developer would write by hand for the same mapping. */
export function handwrittenTransform(row: SourceRow): TargetRecord {
  const r = row as ContactRow;
  const g = r.gendercode;
  return {
    birthDate: r.birthdate ?? null,
    email: r.emailaddress1 == null ? null : r.emailaddress1.trim().toLowerCase(),
    firstName: r.firstname == null ? null : r.firstname.slice(0, 30),
    gender: g === 1 ? 'male' : g === 2 ? 'female' : 'unknown',
    lastName: r.lastname ?? null,
    phone: r.telephone1 == null ? null : r.telephone1.slice(0, 32),
  };
}
