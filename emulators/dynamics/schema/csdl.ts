// Reads a CSDL `$metadata` document (OData v4 EDMX, as Dataverse serves it) into the emulator's OrgSchema.
import { XMLParser } from 'fast-xml-parser';
import type { AttributeDef, EntityDef, NavigationDef, OrgSchema } from './model.ts';

type Element = Record<string, unknown>;

// Every element parses to an array, so one accessor serves single and repeated children alike.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  ignoreDeclaration: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

const children = (el: Element | undefined, tag: string): Element[] => {
  const v = el?.[tag];
  return Array.isArray(v) ? v.filter((x): x is Element => typeof x === 'object' && x !== null) : [];
};
const child = (el: Element | undefined, tag: string): Element | undefined => children(el, tag)[0];
const attribute = (el: Element | undefined, name: string): string | undefined => {
  const v = el?.[`@${name}`];
  return typeof v === 'string' ? v : undefined;
};
/** `mscrm.contact` / `Microsoft.Dynamics.CRM.contact` -> `contact`. */
const unqualified = (name: string): string => name.slice(name.lastIndexOf('.') + 1);
/** `Collection(mscrm.x)` -> ['mscrm.x', true]. */
const collectionOf = (type: string): [string, boolean] => {
  const m = /^Collection\((.*)\)$/.exec(type);
  return m ? [m[1] ?? '', true] : [type, false];
};
const annotation = (el: Element | undefined, termSuffix: string): Element | undefined =>
  children(el, 'Annotation').find((a) => (attribute(a, 'Term') ?? '').endsWith(termSuffix));
/** `<PropertyValue Property="name" …/>` of a `<Record>`. */
const propertyValue = (record: Element | undefined, name: string): Element | undefined =>
  children(record, 'PropertyValue').find((p) => attribute(p, 'Property') === name);

// Core.V1.Computed (Bool defaults to true), or Core.V1.Permissions whose EnumMember is `…/Read`.
function readOnly(prop: Element): boolean {
  const computed = annotation(prop, 'Core.V1.Computed');
  if (computed && attribute(computed, 'Bool') !== 'false') return true;
  const perms = annotation(prop, 'Core.V1.Permissions');
  const text = perms?.['EnumMember'];
  const member = attribute(perms, 'EnumMember') ?? (Array.isArray(text) ? String(text[0] ?? '') : '');
  return member.endsWith('/Read');
}

function property(p: Element): AttributeDef {
  return {
    name: attribute(p, 'Name') ?? '',
    type: attribute(p, 'Type') ?? 'Edm.String',
    nullable: attribute(p, 'Nullable') !== 'false',
    computed: readOnly(p),
  };
}

function navigation(n: Element): NavigationDef {
  const [target, collection] = collectionOf(attribute(n, 'Type') ?? '');
  const rc = child(n, 'ReferentialConstraint');
  const property = attribute(rc, 'Property');
  const referencedProperty = attribute(rc, 'ReferencedProperty');
  const partner = attribute(n, 'Partner');
  const nav = {
    name: attribute(n, 'Name') ?? '',
    target: unqualified(target),
    collection,
    ...(partner ? { partner } : {}),
  };
  return property && referencedProperty ? { ...nav, constraint: { property, referencedProperty } } : nav;
}

// <Collection><Record><PropertyValue Property="Key"><Collection><Record><PropertyValue Property="Name" PropertyPath=…>
function alternateKeys(type: Element): string[][] {
  const keys = child(annotation(type, 'Keys.V1.AlternateKeys'), 'Collection');
  return children(keys, 'Record')
    .map((key) =>
      children(child(propertyValue(key, 'Key'), 'Collection'), 'Record').flatMap(
        (ref) => attribute(propertyValue(ref, 'Name'), 'PropertyPath') ?? [],
      ),
    )
    .filter((k) => k.length > 0);
}

// The annotation alone means supported; its Record may say `Supported` true or false.
function tracked(set: Element): boolean {
  const ann = annotation(set, 'Capabilities.V1.ChangeTracking');
  if (!ann || attribute(ann, 'Bool') === 'false') return false;
  const supported = propertyValue(child(ann, 'Record'), 'Supported');
  return supported ? attribute(supported, 'Bool') === 'true' : true;
}

export function readCsdl(xml: string): OrgSchema {
  const doc = parser.parse(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml) as Element;
  const schemas = children(child(child(doc, 'Edmx'), 'DataServices'), 'Schema');
  const types = new Map<string, Element>();
  const sets = new Map<string, Element>();
  const actions: Element[] = [];
  const unbound = new Set<string>();
  for (const s of schemas) {
    for (const op of [...children(s, 'Function'), ...children(s, 'Action')])
      if (attribute(op, 'IsBound') !== 'true') unbound.add(attribute(op, 'Name') ?? '');
    for (const t of children(s, 'EntityType')) types.set(attribute(t, 'Name') ?? '', t);
    for (const c of children(s, 'EntityContainer'))
      for (const set of children(c, 'EntitySet'))
        sets.set(unqualified(attribute(set, 'EntityType') ?? ''), set);
    actions.push(...children(s, 'Action').filter((a) => attribute(a, 'IsBound') === 'true'));
  }

  const entities = new Map<string, EntityDef>();
  // Base types first (depth first), so inherited members are already folded in; a cycle stops the walk.
  const build = (name: string, visiting: Set<string>): EntityDef | undefined => {
    const known = entities.get(name);
    const t = types.get(name);
    if (known || !t || visiting.has(name)) return known;
    visiting.add(name);
    const baseName = attribute(t, 'BaseType');
    const base = baseName ? build(unqualified(baseName), visiting) : undefined;
    const attributes = new Map(base?.attributes);
    for (const p of children(t, 'Property').map(property)) attributes.set(p.name, p);
    const navigations = new Map(base?.navigations);
    for (const n of children(t, 'NavigationProperty').map(navigation)) navigations.set(n.name, n);
    const set = sets.get(name);
    const key = attribute(child(child(t, 'Key'), 'PropertyRef'), 'Name');
    const entity: EntityDef = {
      logicalName: name,
      entitySetName: attribute(set, 'Name') ?? '',
      primaryKey: key ?? base?.primaryKey ?? '',
      attributes,
      navigations,
      alternateKeys: alternateKeys(t),
      changeTracking: set ? tracked(set) : false,
      ...(baseName ? { baseType: unqualified(baseName) } : {}),
    };
    entities.set(name, entity);
    return entity;
  };
  for (const name of types.keys()) build(name, new Set());

  // A collection-bound action is called on the entity set of its binding type: POST /<set>/<namespace>.<Action>.
  const boundActions = new Map<string, string[]>();
  for (const a of actions) {
    const [binding, collection] = collectionOf(attribute(child(a, 'Parameter'), 'Type') ?? '');
    const set = attribute(sets.get(unqualified(binding)), 'Name');
    const name = attribute(a, 'Name') ?? '';
    if (!collection || !set) continue;
    const list = boundActions.get(set) ?? [];
    if (!list.includes(name)) list.push(name);
    boundActions.set(set, list);
  }
  return { entities, boundActions, unboundOperations: [...unbound].filter(Boolean).sort() };
}
