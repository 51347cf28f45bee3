// Stage `lower`: checked, resolved mappings -> the typed IR bundle (flows in dependency order), deep-frozen
// plain data.
import type { CheckedProject } from '../expr/checked.ts';
import { deepFreeze } from '../ir/freeze.ts';
import type { IrBundle, IrFlow } from '../ir/index.ts';
import { lowerEntity } from './entity.ts';
import { lowerEvents } from './events.ts';
import { lowerOptout } from './optout.ts';

export function lower(checked: CheckedProject, compilerVersion: string): IrBundle {
  const flows: IrFlow[] = checked.mappings.map((m) =>
    m.kind === 'entity' ? lowerEntity(m) : m.kind === 'events' ? lowerEvents(m) : lowerOptout(m),
  );
  return deepFreeze({ kind: 'bundle', tenant: checked.tenant, compilerVersion, flows });
}
