// Security-role privileges of the org's users, as RetrieveUserPrivileges reports them. Every user holds the
// System Administrator role's table privileges at Global depth unless a test revokes or narrows one.

/** `PrivilegeDepth` enum of the Web API (serialized by member name). */
export type PrivilegeDepth = 'Basic' | 'Local' | 'Deep' | 'Global' | 'RecordFilter';

/** The table privileges Dataverse creates per table: `prv<Verb><SchemaName>`. */
export const TABLE_VERBS = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'];

export class UserPrivileges {
  /** Lower-cased privilege name -> depth it is narrowed to, or null when revoked. */
  private readonly overrides = new Map<string, PrivilegeDepth | null>();

  /** Takes `name` (e.g. `prvCreateferry_emailopen`) away from every user. */
  revoke(name: string): void {
    this.overrides.set(name.toLowerCase(), null);
  }

  /** Grants `name` at `depth` instead of Global (e.g. `Basic`: own records only). */
  grant(name: string, depth: PrivilegeDepth): void {
    this.overrides.set(name.toLowerCase(), depth);
  }

  /** Back to the default role. */
  reset(): void {
    this.overrides.clear();
  }

  /** Privilege name -> depth held, for the tables named by their SchemaName. */
  held(schemaNames: readonly string[]): { name: string; depth: PrivilegeDepth }[] {
    const out: { name: string; depth: PrivilegeDepth }[] = [];
    for (const table of schemaNames)
      for (const verb of TABLE_VERBS) {
        const name = `prv${verb}${table}`;
        const o = this.overrides.get(name.toLowerCase());
        if (o === null) continue;
        out.push({ name, depth: o ?? 'Global' });
      }
    return out;
  }
}
