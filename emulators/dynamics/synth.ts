// Builds CSDL and EntityDefinitions JSON from a OrgSchema model when no snapshot files are given (tests).
import { createHash } from 'node:crypto';
import type { AttributeDef, EntityDef, OrgSchema } from './schema/model.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Stable GUID from a name, so MetadataIds survive restarts. */
export function nameGuid(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** One `<EntityType>`; members inherited from `base` are left out (CSDL declares them once, on the base type). */
export function entityTypeXml(e: EntityDef, base?: EntityDef): string {
  const props = [...e.attributes.values()]
    .filter((a) => !base?.attributes.has(a.name))
    .map(
      (a) =>
        `<Property Name="${esc(a.name)}" Type="${esc(a.type)}"${a.type === 'Edm.String' ? ' Unicode="false"' : ''}${a.name === 'versionnumber' ? ' ConcurrencyMode="Fixed"' : ''}>${a.computed ? '<Annotation Term="Org.OData.Core.V1.Computed" Bool="true" />' : ''}</Property>`,
    );
  const navs = [...e.navigations.values()]
    .filter((n) => !base?.navigations.has(n.name))
    .map(
      (n) =>
        `<NavigationProperty Name="${esc(n.name)}" Type="${n.collection ? `Collection(mscrm.${n.target})` : `mscrm.${n.target}`}"${n.partner ? ` Partner="${esc(n.partner)}"` : ''}>${n.constraint ? `<ReferentialConstraint Property="${esc(n.constraint.property)}" ReferencedProperty="${esc(n.constraint.referencedProperty)}" />` : ''}</NavigationProperty>`,
    );
  const keys = e.alternateKeys.length
    ? `<Annotation Term="OData.Community.Keys.V1.AlternateKeys"><Collection>${e.alternateKeys
        .map(
          (k) =>
            `<Record Type="OData.Community.Keys.V1.AlternateKey"><PropertyValue Property="Key"><Collection>${k
              .map(
                (c) =>
                  `<Record Type="OData.Community.Keys.V1.PropertyRef"><PropertyValue Property="Alias" String="${esc(c)}" /><PropertyValue Property="Name" PropertyPath="${esc(c)}" /></Record>`,
              )
              .join('')}</Collection></PropertyValue></Record>`,
        )
        .join('')}</Collection></Annotation>`
    : '';
  return `<EntityType Name="${esc(e.logicalName)}" BaseType="mscrm.${e.baseType ?? 'crmbaseentity'}"><Key><PropertyRef Name="${esc(e.primaryKey)}" /></Key>${props.join('')}${navs.join('')}${keys}</EntityType>`;
}

export function entitySetXml(e: EntityDef): string {
  return `<EntitySet Name="${esc(e.entitySetName)}" EntityType="Microsoft.Dynamics.CRM.${esc(e.logicalName)}"><Annotation Term="Org.OData.Capabilities.V1.ChangeTracking"><Record><PropertyValue Property="Supported" Bool="${e.changeTracking}" /></Record></Annotation></EntitySet>`;
}

/** A collection-bound action on one entity type (`Collection(mscrm.<type>)`), as Dataverse declares `UpsertMultiple`. */
export function boundActionXml(action: string, type: string): string {
  return `<Action Name="${esc(action)}" IsBound="true"><Parameter Name="entityset" Type="Collection(mscrm.${esc(type)})" Nullable="false" /><Parameter Name="Targets" Type="Collection(mscrm.crmbaseentity)" Nullable="false" /></Action>`;
}

export function synthesizeCsdl(md: OrgSchema): string {
  const types = [...md.entities.values()].map((e) => entityTypeXml(e));
  const sets = [...md.entities.values()].map(entitySetXml);
  const actions: string[] = [];
  const bound = new Set<string>();
  for (const list of md.boundActions.values()) for (const a of list) bound.add(a);
  for (const a of bound) {
    actions.push(
      `<Action Name="${esc(a)}" IsBound="true"><Parameter Name="entityset" Type="Collection(mscrm.crmbaseentity)" Nullable="false" /><Parameter Name="Targets" Type="Collection(mscrm.crmbaseentity)" Nullable="false" /></Action>`,
    );
  }
  return `<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="Microsoft.Dynamics.CRM" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm"><EntityType Name="crmbaseentity" Abstract="true" />${types.join('')}${actions.join('')}<EntityContainer Name="System">${sets.join('')}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;
}

function attributeType(a: AttributeDef): string {
  if (a.attributeType) return a.attributeType;
  if (/^_.+_value$/.test(a.name)) return 'Lookup';
  switch (a.type) {
    case 'Edm.String':
      return 'String';
    case 'Edm.Boolean':
      return 'Boolean';
    case 'Edm.Int32':
      return a.options ? 'Picklist' : 'Integer';
    case 'Edm.Int64':
      return 'BigInt';
    case 'Edm.DateTimeOffset':
    case 'Edm.Date':
      return 'DateTime';
    case 'Edm.Guid':
      return 'Uniqueidentifier';
    case 'Edm.Decimal':
      return 'Decimal';
    case 'Edm.Double':
      return 'Double';
    default:
      return 'String';
  }
}

const label = (text: string) => ({
  LocalizedLabels: [
    {
      Label: text,
      LanguageCode: 1033,
      IsManaged: true,
      MetadataId: nameGuid(`label:${text}`),
      HasChanged: null,
    },
  ],
  UserLocalizedLabel: {
    Label: text,
    LanguageCode: 1033,
    IsManaged: true,
    MetadataId: nameGuid(`label:${text}`),
    HasChanged: null,
  },
});

export function attributeJson(e: EntityDef, a: AttributeDef): Record<string, unknown> {
  const type = attributeType(a);
  const out: Record<string, unknown> = {
    '@odata.type': `#Microsoft.Dynamics.CRM.${type === 'Lookup' || type === 'Customer' || type === 'Owner' ? 'Lookup' : type}AttributeMetadata`,
    LogicalName: a.name,
    MetadataId: nameGuid(`${e.logicalName}.${a.name}`),
    AttributeType: type,
    RequiredLevel: {
      Value: a.requiredLevel ?? 'None',
      CanBeChanged: true,
      ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings',
    },
  };
  if (a.maxLength !== undefined) out['MaxLength'] = a.maxLength;
  if (a.options) {
    const opts = a.options.map((o) => ({ Value: o.value, Label: label(o.label) }));
    out['OptionSet'] =
      type === 'Boolean'
        ? {
            Name: `${e.logicalName}_${a.name}`,
            FalseOption: opts.find((o) => o.Value === 0) ?? null,
            TrueOption: opts.find((o) => o.Value === 1) ?? null,
          }
        : { Name: `${e.logicalName}_${a.name}`, Options: opts };
    out['GlobalOptionSet'] = null;
  }
  return out;
}

export function synthesizeEntityDefinition(e: EntityDef): Record<string, unknown> {
  return {
    MetadataId: nameGuid(e.logicalName),
    LogicalName: e.logicalName,
    EntitySetName: e.entitySetName,
    PrimaryIdAttribute: e.primaryKey,
    ChangeTrackingEnabled: e.changeTracking,
    Attributes: [...e.attributes.values()].map((a) => attributeJson(e, a)),
  };
}
