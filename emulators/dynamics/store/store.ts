// All tables of one emulated org, the global version counter (ETags) and change-set transactions.
import { randomUUID } from 'node:crypto';
import type { EntityDef, OrgSchema } from '../schema/model.ts';
import type { Clock } from '../../common/clock.ts';
import { EmulatorError } from '../../common/errors.ts';
import { Table, type Row, type UndoSink } from './table.ts';

export type { Row, Tombstone } from './table.ts';
export { Table } from './table.ts';

/** Dataverse date-time wire form: second precision, `Z`. */
export const isoSeconds = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export class Store {
  private readonly tables = new Map<string, Table>();
  private readonly bySet = new Map<string, Table>();
  private version = 1000;
  private undoLog: (() => void)[] | undefined;
  private readonly sink: UndoSink = (u) => this.undoLog?.push(u);
  /** Number of committed row writes (creates, updates, deletes) since start. */
  writes = 0;

  private schema: OrgSchema;

  constructor(
    metadata: OrgSchema,
    readonly clock: Clock,
  ) {
    this.schema = metadata;
    for (const e of metadata.entities.values()) this.mount(e);
  }

  /** The org's schema as it stands (metadata writes add tables, columns and keys). */
  get metadata(): OrgSchema {
    return this.schema;
  }

  /**
   * Adds a table or replaces one's definition (a new column or key), keeping its rows: they are put again
   * so the alternate-key indexes of the new definition are built. `actions`: collection-bound actions of a new set.
   */
  define(entity: EntityDef, actions: readonly string[] = []): void {
    const old = this.tables.get(entity.logicalName);
    // Re-putting every row would store the whole seeded range as objects (bench-only tables; not modelled).
    if (old?.rows.seeded !== undefined)
      throw new EmulatorError(
        'EMU_SEEDED_DEFINE',
        `table '${entity.logicalName}' is seeded: its definition is fixed`,
      );
    const entities = new Map(this.schema.entities).set(entity.logicalName, entity);
    const boundActions = new Map(this.schema.boundActions);
    if (!old && actions.length && entity.entitySetName !== '')
      boundActions.set(entity.entitySetName, [...actions]);
    this.schema = { ...this.schema, entities, boundActions };
    const t = this.mount(entity);
    for (const row of old?.rows.values() ?? []) t.put(row);
  }

  private mount(e: EntityDef): Table {
    const t = new Table(e, () => (this.undoLog ? this.sink : undefined));
    this.tables.set(e.logicalName, t);
    // Abstract base types (crmbaseentity, principal) have no entity set.
    if (e.entitySetName !== '') this.bySet.set(e.entitySetName, t);
    return t;
  }

  get currentVersion(): number {
    return this.version;
  }

  nextVersion(): number {
    return ++this.version;
  }

  table(logicalName: string): Table | undefined {
    return this.tables.get(logicalName);
  }

  tableBySet(setName: string): Table | undefined {
    return this.bySet.get(setName);
  }

  entity(logicalName: string): EntityDef | undefined {
    return this.tables.get(logicalName)?.entity;
  }

  /** Runs `fn` atomically: if it throws, every row change it made is undone. */
  transaction<T>(fn: () => T): T {
    if (this.undoLog) return fn();
    this.undoLog = [];
    const writes = this.writes;
    try {
      const out = fn();
      this.undoLog = undefined;
      return out;
    } catch (err) {
      const log = this.undoLog ?? [];
      this.undoLog = undefined;
      for (let i = log.length - 1; i >= 0; i--) log[i]?.();
      this.writes = writes;
      throw err;
    }
  }

  // ---- direct (sandbox control) writes: no validation, but versions and timestamps are maintained ----

  /** Inserts or replaces a row; fills the primary key, createdon/modifiedon and versionnumber. */
  upsert(logicalName: string, values: Record<string, unknown>): Row {
    const t = this.mustTable(logicalName);
    const id = typeof values[t.pk] === 'string' ? (values[t.pk] as string).toLowerCase() : randomUUID();
    const prev = t.get(id);
    const now = isoSeconds(this.clock.now());
    const row = { ...prev, ...values, [t.pk]: id, versionnumber: this.nextVersion() } as Row;
    if (t.entity.attributes.has('modifiedon')) row['modifiedon'] = now;
    if (t.entity.attributes.has('createdon')) row['createdon'] = prev?.['createdon'] ?? now;
    t.put(row);
    this.writes++;
    return row;
  }

  /**
   * What `upsert` of rows 0..count-1 of `rowAt` into an empty table would store, without storing them: each
   * row is computed again from its index when read (see seeded.ts). Versions and timestamps are the ones
   * those upserts would have got (one clock reading: a seeding loop runs within the same second or so).
   */
  seed(
    logicalName: string,
    count: number,
    rowAt: (i: number) => Record<string, unknown>,
    idAt: (i: number) => string,
  ): void {
    const t = this.mustTable(logicalName);
    if (t.rows.size > 0 || t.rows.seeded !== undefined)
      throw new EmulatorError('EMU_SEED_NOT_EMPTY', `table '${logicalName}' already has rows`);
    if (t.entity.alternateKeys.length > 0)
      throw new EmulatorError(
        'EMU_SEED_KEYS',
        `table '${logicalName}' has alternate keys: seed it row by row`,
      );
    const firstVersion = this.version + 1;
    this.version += count;
    this.writes += count;
    const now = isoSeconds(this.clock.now());
    const stamps: Record<string, string> = {};
    for (const c of ['modifiedon', 'createdon']) if (t.entity.attributes.has(c)) stamps[c] = now;
    const id = (i: number): string => idAt(i).toLowerCase();
    t.rows.seed({
      count,
      firstVersion,
      idAt: id,
      rowAt: (i) => t.derived({ ...rowAt(i), [t.pk]: id(i), versionnumber: firstVersion + i, ...stamps }),
    });
  }

  delete(logicalName: string, id: string): boolean {
    const t = this.mustTable(logicalName);
    const ok = t.delete(id.toLowerCase(), this.nextVersion()) !== undefined;
    if (ok) this.writes++;
    return ok;
  }

  get(logicalName: string, id: string): Row | undefined {
    return this.mustTable(logicalName).get(id.toLowerCase());
  }

  count(logicalName: string): number {
    return this.mustTable(logicalName).rows.size;
  }

  private mustTable(logicalName: string): Table {
    const t = this.tables.get(logicalName);
    if (!t) throw new EmulatorError('EMU_NO_TABLE', `No table '${logicalName}' in the emulator metadata`);
    return t;
  }
}
