// A stored row in wire form (GUIDs lower-case, dates ISO strings); `versionnumber` always holds its version.
export type Row = Record<string, unknown> & { versionnumber: number };
