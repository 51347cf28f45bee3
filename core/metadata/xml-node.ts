// Narrowing helpers over fast-xml-parser output (attributes without prefix, listed tags always arrays).
export type XmlNode = Record<string, unknown>;

export const nodes = (parent: XmlNode | undefined, tag: string): XmlNode[] => {
  const v = parent?.[tag];
  if (Array.isArray(v)) return v.filter((x): x is XmlNode => typeof x === 'object' && x !== null);
  return typeof v === 'object' && v !== null ? [v as XmlNode] : [];
};

export const first = (parent: XmlNode | undefined, tag: string): XmlNode | undefined => nodes(parent, tag)[0];

export const attr = (node: XmlNode | undefined, name: string): string | undefined => {
  const v = node?.[name];
  return typeof v === 'string' ? v : undefined;
};

/** Strips `mscrm.` / `Microsoft.Dynamics.CRM.` (any namespace) from a qualified type name. */
export const localName = (qualified: string): string => {
  const dot = qualified.lastIndexOf('.');
  return dot < 0 ? qualified : qualified.slice(dot + 1);
};

/** `Collection(mscrm.x)` -> { inner: 'mscrm.x', collection: true }. */
export const unwrapCollection = (type: string): { inner: string; collection: boolean } =>
  type.startsWith('Collection(') && type.endsWith(')')
    ? { inner: type.slice('Collection('.length, -1), collection: true }
    : { inner: type, collection: false };
