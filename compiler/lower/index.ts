// Stage `lower`: checked, resolved mappings -> the typed IR bundle (flows in dependency order).
import type { CheckedProject } from '../expr/check-project.ts';
import type { IrBundle, IrFlow } from '../ir/index.ts';
import { lowerEntity } from './entity.ts';
import { lowerEvents } from './events.ts';
import { lowerOptout } from './optout.ts';

export function lower(checked: CheckedProject, compilerVersion: string): IrBundle {
  const flows: IrFlow[] = checked.project.mappings.map((m) =>
    m.kind === 'entity'
      ? lowerEntity(m, checked)
      : m.kind === 'events'
        ? lowerEvents(m, checked)
        : lowerOptout(m),
  );
  return { kind: 'bundle', tenant: checked.project.tenant, compilerVersion, flows };
}
