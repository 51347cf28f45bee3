// Columns Dataverse computes on every write: `fullname` (and `yominame`-style siblings are not modelled).
import type { EntityDef } from '../schema/model.ts';

export type Derive = (row: Record<string, unknown>) => void;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * `fullname` = "<firstname> <lastname>" (middle name left out), null when both are blank. Dataverse follows
 * the org's "Full Name Format" setting; the documented samples ("Yvonne McKay (sample)") show first-last,
 * the emulator's fixed choice.
 */
function fullName(row: Record<string, unknown>): void {
  const name = [text(row['firstname']), text(row['lastname'])].filter(Boolean).join(' ');
  row['fullname'] = name === '' ? null : name;
}

/** The derivation for a table, or undefined when it has no computed column the emulator models. */
export function derivationFor(entity: EntityDef): Derive | undefined {
  const a = entity.attributes;
  if (a.has('fullname') && (a.has('firstname') || a.has('lastname'))) return fullName;
  return undefined;
}
