// Per flow, the YAML position of the first line that uses each metadata field (`dynamics:<table>` /
// `campaign:<resource>` -> field -> position), so a drift message can point at the field, not the mapping.
import type { LoadedYaml } from '../load/types.ts';
import type { DynamicsEntity } from '../../core/metadata/model.ts';
import { ptr } from './report.ts';
import type { ExprSource, ResolvedField, ResolvedMapping, ResolvedProject } from './types.ts';

export interface FieldOrigin {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export type FlowFieldOrigins = Record<string, Record<string, FieldOrigin>>;

// Identifiers outside string literals: the column names an expression may read.
const IDENT = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*/g;

class Origins {
  readonly out: FlowFieldOrigins = {};

  add(key: string, field: string, doc: LoadedYaml, pointer: string, atKey = false): void {
    const fields = (this.out[key] ??= {});
    if (fields[field] !== undefined) return;
    const p = doc.position(pointer, atKey ? { key: true } : undefined);
    fields[field] = { file: doc.file, line: p.line, col: p.col };
  }

  /** Columns of `entity` an expression names, each at its own position inside the scalar. */
  expr(entity: DynamicsEntity, src: ExprSource): void {
    const fields = (this.out[`dynamics:${entity.logicalName}`] ??= {});
    for (const m of src.text.matchAll(IDENT)) {
      const name = m[0];
      if (!entity.attributes.has(name) || fields[name] !== undefined) continue;
      const p = src.site.doc.positionInScalar(src.site.pointer, m.index);
      fields[name] = { file: src.site.doc.file, line: p.line, col: p.col };
    }
  }

  /** A field's target (at its key) and, for `from:` columns of `source`, the `from:` value. */
  field(targetKey: string, f: ResolvedField, source?: DynamicsEntity): void {
    this.add(targetKey, f.target, f.site.doc, f.site.pointer, true);
    if (source === undefined) return;
    if (f.from?.attribute)
      this.add(`dynamics:${source.logicalName}`, f.from.name, f.site.doc, `${f.site.pointer}/from`);
    if (f.expr) this.expr(source, f.expr);
  }
}

function mappingOrigins(m: ResolvedMapping): FlowFieldOrigins {
  const o = new Origins();
  if (m.kind === 'entity') {
    const [dyn, cmp] = [`dynamics:${m.source.logicalName}`, `campaign:${m.target.resource.name}`];
    for (const f of m.fields) o.field(cmp, f, m.source);
    for (const l of m.links) {
      o.add(cmp, l.name, l.site.doc, l.site.pointer, true);
      o.add(dyn, l.from.name, l.site.doc, `${l.site.pointer}/from`);
    }
    for (const c of [...m.filter.all, ...m.filter.any]) o.expr(m.source, c);
    o.add(cmp, m.target.key.name, m.doc, ptr('target', 'key'));
    o.add(dyn, m.source.primaryKey, m.doc, ptr('source', 'entity'));
  } else if (m.kind === 'events') {
    for (const t of m.types) {
      const key = `dynamics:${t.activity.logicalName}`;
      o.add(key, t.key.name, t.site.doc, `${t.site.pointer}/key`);
      for (const f of t.fields) o.field(key, f);
      if (t.followUp)
        for (const f of t.followUp.fields) o.field(`dynamics:${t.followUp.activity.logicalName}`, f);
    }
    o.add(`dynamics:${m.contact.logicalName}`, m.contact.primaryKey, m.doc, ptr('contact', 'entity'));
  } else {
    const [dyn, cmp] = [`dynamics:${m.source.logicalName}`, `campaign:${m.target.resource.name}`];
    for (const p of m.pairs) {
      o.add(dyn, p.dynamics.name, p.site.doc, `${p.site.pointer}/dynamics`);
      o.add(cmp, p.campaign.name, p.site.doc, `${p.site.pointer}/campaign`);
    }
  }
  return o.out;
}

/** Flow name -> metadata key -> field -> where the flow's YAML first uses it. */
export function fieldOrigins(project: ResolvedProject): Record<string, FlowFieldOrigins> {
  return Object.fromEntries(project.mappings.map((m) => [m.name, mappingOrigins(m)]));
}
