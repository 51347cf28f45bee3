// Every Dynamics Edm type and every Campaign field type, described once: how it converts (family),
// what expressions see (expr), which runtime writer produces its wire form, and the TypeScript type of
// its values in generated code. Compiler stages read these rows instead of switching on type names.
import type { CampaignFieldType, EdmType } from '../metadata/model.ts';

/** What conversions reason about; `other` is "synced as text as is" (GUIDs, binary, times, links). */
export type Family = 'boolean' | 'integer' | 'number' | 'string' | 'date' | 'datetime' | 'other';

/** The expression language's base types (besides `null`). */
export type ExprBase = 'string' | 'number' | 'boolean' | 'date' | 'datetime';

/** The runtime/lib writer that turns any value into a slot's wire form. */
export type Writer =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'campaignDate'
  | 'campaignDateTime'
  | 'dynamicsDate'
  | 'dynamicsDateTime';

export interface TypeRow {
  readonly family: Family;
  readonly expr: ExprBase;
  readonly writer: Writer;
  /** TypeScript type of a value in generated code (a column as it arrives in JSON, or a written slot). */
  readonly ts: 'string | null' | 'number | null' | 'boolean | null';
  /** The JSON value already is the expression value (false: text that parses into a Date, or opaque). */
  readonly exactJson: boolean;
}

const row = (
  family: Family,
  expr: ExprBase,
  writer: Writer,
  ts: TypeRow['ts'],
  exactJson: boolean,
): TypeRow => Object.freeze({ family, expr, writer, ts, exactJson });

const TEXT = row('string', 'string', 'string', 'string | null', true);
const OPAQUE = row('other', 'string', 'string', 'string | null', false);
const INTEGER = row('integer', 'number', 'integer', 'number | null', true);
const NUMBER = row('number', 'number', 'number', 'number | null', true);
const BOOLEAN = row('boolean', 'boolean', 'boolean', 'boolean | null', true);

export const EDM_TYPES: Readonly<Record<EdmType, TypeRow>> = Object.freeze({
  'Edm.Binary': OPAQUE,
  'Edm.Boolean': BOOLEAN,
  'Edm.Date': row('date', 'date', 'dynamicsDate', 'string | null', true),
  'Edm.DateTimeOffset': row('datetime', 'datetime', 'dynamicsDateTime', 'string | null', false),
  'Edm.Decimal': NUMBER,
  'Edm.Double': NUMBER,
  // A GUID is text in JSON and in expressions, but converts only into text.
  'Edm.Guid': row('other', 'string', 'string', 'string | null', true),
  'Edm.Int16': INTEGER,
  'Edm.Int32': INTEGER,
  'Edm.Int64': INTEGER,
  'Edm.String': TEXT,
});

export const CAMPAIGN_TYPES: Readonly<Record<CampaignFieldType, TypeRow>> = Object.freeze({
  string: TEXT,
  memo: TEXT,
  uuid: TEXT,
  boolean: BOOLEAN,
  byte: INTEGER,
  short: INTEGER,
  long: INTEGER,
  int64: INTEGER,
  float: NUMBER,
  double: NUMBER,
  date: row('date', 'date', 'campaignDate', 'string | null', true),
  datetime: row('datetime', 'datetime', 'campaignDateTime', 'string | null', false),
  time: OPAQUE,
  link: OPAQUE,
  item: OPAQUE,
});

const has = <K extends string>(table: Readonly<Record<K, TypeRow>>, name: string): name is K =>
  Object.hasOwn(table, name);

/** The row of an Edm type; complex or unknown types are synced as text. */
export const edmType = (name: string): TypeRow => (has(EDM_TYPES, name) ? EDM_TYPES[name] : OPAQUE);

/** The row of a Campaign field type; unknown types are synced as text. */
export const campaignType = (name: string): TypeRow =>
  has(CAMPAIGN_TYPES, name) ? CAMPAIGN_TYPES[name] : OPAQUE;
