// Splices a created or changed table into the served `$metadata` text, leaving every other byte of the snapshot as it was.
import type { EntityDef } from '../schema/model.ts';
import { boundActionXml, entitySetXml, entityTypeXml } from '../synth.ts';

const escRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `xml` with `e`'s EntityType replaced (or added), its EntitySet and collection-bound `actions` added when new. */
export function spliceEntity(
  xml: string,
  e: EntityDef,
  base: EntityDef | undefined,
  actions: readonly string[],
): string {
  const type = entityTypeXml(e, base);
  const existing = new RegExp(
    `<EntityType\\s+Name="${escRe(e.logicalName)}"[^>]*?(?:/>|>[\\s\\S]*?</EntityType>)`,
  );
  if (existing.test(xml)) return xml.replace(existing, () => type);
  const container = xml.indexOf('<EntityContainer');
  const end = xml.lastIndexOf('</EntityContainer>');
  if (container < 0 || end < 0) return xml;
  const ops = actions.map((a) => boundActionXml(a, e.logicalName)).join('');
  return (
    xml.slice(0, container) +
    type +
    ops +
    xml.slice(container, end) +
    (e.entitySetName === '' ? '' : entitySetXml(e)) +
    xml.slice(end)
  );
}
