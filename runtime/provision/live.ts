// Reads what a table already has in Dynamics: whether it exists, is an activity, its columns (with text lengths)
// and its alternate keys with their index status, through the EntityDefinitions endpoints.
export interface MetadataApi {
  /** GET below the service root; the body parsed as JSON (null on 404). */
  get(path: string): Promise<Record<string, unknown> | null>;
  /** POST below the service root; resolves with the OData-EntityId header, throws on an error status. */
  post(path: string, body: unknown): Promise<string>;
}

export interface LiveColumn {
  readonly type: string;
  readonly maxLength?: number;
}

export interface LiveKey {
  readonly name: string;
  readonly columns: readonly string[];
  /** EntityKeyIndexStatus: Pending, InProgress, Active or Failed. */
  readonly status: string;
}

export interface LiveTable {
  readonly isActivity: boolean;
  readonly columns: ReadonlyMap<string, LiveColumn>;
  readonly keys: readonly LiveKey[];
}

export const tablePath = (logical: string) =>
  `EntityDefinitions(LogicalName='${logical.replace(/'/g, "''")}')`;

const list = (body: Record<string, unknown> | null): Record<string, unknown>[] =>
  Array.isArray(body?.['value']) ? (body['value'] as Record<string, unknown>[]) : [];

export async function readKeys(api: MetadataApi, logical: string): Promise<LiveKey[]> {
  const body = await api.get(
    `${tablePath(logical)}/Keys?$select=LogicalName,KeyAttributes,EntityKeyIndexStatus`,
  );
  return list(body).map((k) => ({
    name: String(k['LogicalName']),
    columns: Array.isArray(k['KeyAttributes']) ? k['KeyAttributes'].map(String) : [],
    status: String(k['EntityKeyIndexStatus']),
  }));
}

/** The table as Dynamics has it, or null when it does not exist. */
export async function readTable(api: MetadataApi, logical: string): Promise<LiveTable | null> {
  const path = tablePath(logical);
  const entity = await api.get(`${path}?$select=LogicalName,IsActivity`);
  if (entity === null) return null;
  const attrs = list(await api.get(`${path}/Attributes?$select=LogicalName,AttributeType`));
  // MaxLength is a property of the string cast only: ask that cast for it.
  const strings = list(
    await api.get(
      `${path}/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength`,
    ),
  );
  const lengths = new Map(strings.map((a) => [String(a['LogicalName']), a['MaxLength']]));
  const columns = new Map<string, LiveColumn>();
  for (const a of attrs) {
    const name = String(a['LogicalName']);
    const max = lengths.get(name);
    columns.set(name, {
      type: String(a['AttributeType']),
      ...(typeof max === 'number' ? { maxLength: max } : {}),
    });
  }
  return { isActivity: entity['IsActivity'] === true, columns, keys: await readKeys(api, logical) };
}
