// The run-scoped parts of an entity-flow env: parent resolver, key finders (one per target flow) and intents.
import type { EntityFlow, Flow } from '../../contract.ts';
import type { FlowRunContext } from '../context.ts';
import { optoutFieldsFor, type EntityEnv } from './env.ts';
import { IntentWriter } from './intents.ts';
import { contentFields } from './key-index/content.ts';
import { KeyFinder } from './key-index/finder.ts';
import { ParentResolver } from './parents.ts';

export function entityBase(
  ctx: FlowRunContext,
  flow: EntityFlow,
  flows: ReadonlyMap<string, Flow>,
): Omit<EntityEnv, 'phase'> {
  // One finder per flow whose records this run looks up: the flow itself and its link parents share them.
  const finders = new Map<string, KeyFinder>();
  const finderFor = (f: EntityFlow): KeyFinder => {
    let finder = finders.get(f.name);
    if (finder === undefined) {
      finder = new KeyFinder(ctx, f.target, contentFields(f, optoutFieldsFor(f, flows)), f.name);
      finders.set(f.name, finder);
    }
    return finder;
  };
  return {
    ctx,
    flow,
    parents: new ParentResolver(flows, finderFor),
    syncedAt: ctx.now().toISOString(),
    optoutFields: optoutFieldsFor(flow, flows),
    keys: finderFor(flow),
    closeKeys: () => {
      for (const f of finders.values()) f.close();
    },
    intents: new IntentWriter(ctx.state),
  };
}
