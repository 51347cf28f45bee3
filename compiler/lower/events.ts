// ResolvedEvents -> IrEventsFlow (enabled types, in EVENT_TYPES order).
import { codepointCompare } from '../../runtime/lib/sort.ts';
import type { CheckedEvents, CheckedField } from '../expr/checked.ts';
import type { IrEventsFlow, IrTransform } from '../ir/index.ts';
import { EVENT_TYPES } from '../../core/model/mapping.ts';
import { moduleName, origin, siteOrigin } from './common.ts';
import { lowerField } from './field.ts';

const transform = (fs: readonly CheckedField[]): IrTransform => ({
  kind: 'transform',
  input: 'event',
  fields: [...fs].sort((a, b) => codepointCompare(a.target, b.target)).map((f) => lowerField(f, 'value')),
});

export function lowerEvents(m: CheckedEvents): IrEventsFlow {
  const types = [...m.types].sort((a, b) => EVENT_TYPES.indexOf(a.type) - EVENT_TYPES.indexOf(b.type));
  const bounce = types.find((t) => t.type === 'bounce');
  return {
    kind: 'events',
    name: m.name,
    module: moduleName(m.name),
    origin: origin(m.doc, '/name', true),
    sourceFile: m.doc.file,
    contact: {
      entity: m.contact.logicalName,
      entitySet: m.contact.entitySetName,
      primaryKey: m.contact.primaryKey,
    },
    hardBouncesOnly: bounce ? bounce.hardOnly : true,
    types: types.map((t) => ({
      kind: 'eventType',
      type: t.type,
      origin: siteOrigin(t.site),
      activity: {
        entity: t.activity.logicalName,
        entitySet: t.activity.entitySetName,
        key: t.key.name,
        regardingNav: t.regardingNav,
        transform: transform(t.fields),
      },
      followUp: t.followUp
        ? {
            entity: t.followUp.activity.logicalName,
            entitySet: t.followUp.activity.entitySetName,
            // No alternate key on follow-ups: the runtime upserts by primary key with an id derived from the event id.
            key: t.followUp.activity.primaryKey,
            regardingNav: t.followUp.regardingNav,
            transform: transform(t.followUp.fields),
            dueInDays: t.followUp.dueInDays,
          }
        : null,
    })),
  };
}
