// FetchXML `<condition>` to the emulator's filter expression (SQL three-valued logic, as for `$filter`).
import { E } from '../errors.ts';
import type { FilterExpr, FnName, Operand } from '../odata/filter.ts';
import type { Table } from '../store/store.ts';
import { columnOf } from './columns.ts';

type El = Record<string, unknown>;

const str = (el: El, name: string): string | undefined =>
  typeof el[`@${name}`] === 'string' ? (el[`@${name}`] as string) : undefined;

/** `<value>` children (text) of an `in`/`between` condition. */
function values(el: El): string[] {
  const v = el['value'];
  if (!Array.isArray(v)) return [];
  return v.map((x) =>
    typeof x === 'string' ? x : typeof x === 'object' && x ? String((x as El)['#text'] ?? '') : '',
  );
}

/** A literal typed by the column's Edm type: FetchXML values are text. */
function literal(table: Table, col: string, text: string): Operand {
  const type = table.entity.attributes.get(col)?.type ?? 'Edm.String';
  const bad = () =>
    E.badRequest(`The value '${text}' is not valid for the ${type} column '${col}' in FetchXML.`);
  switch (type) {
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Int64':
    case 'Edm.Decimal':
    case 'Edm.Double': {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) throw bad();
      return { k: 'lit', t: 'number', v: n };
    }
    case 'Edm.Boolean':
      if (text === '1' || text === 'true') return { k: 'lit', t: 'boolean', v: true };
      if (text === '0' || text === 'false') return { k: 'lit', t: 'boolean', v: false };
      throw bad();
    case 'Edm.Guid':
      return { k: 'lit', t: 'guid', v: text.replace(/^\{|\}$/g, '').toLowerCase() };
    case 'Edm.Date':
    case 'Edm.DateTimeOffset':
      return { k: 'lit', t: 'date', v: text };
    default:
      return { k: 'lit', t: 'string', v: text };
  }
}

/** `like` patterns the emulator can honour: `%x%`, `x%`, `%x` and `x`; other wildcards are refused. */
function likeExpr(prop: Operand, pattern: string): FilterExpr {
  const lead = pattern.startsWith('%');
  const trail = pattern.length > 1 && pattern.endsWith('%');
  const core = pattern.slice(lead ? 1 : 0, trail ? -1 : undefined);
  if (/[%_[]/.test(core)) throw E.notImplemented(`the FetchXML like pattern '${pattern}'`);
  const lit: Operand = { k: 'lit', t: 'string', v: core };
  if (!lead && !trail) return { k: 'cmp', op: 'eq', l: prop, r: lit };
  const name: FnName = lead && trail ? 'contains' : lead ? 'endswith' : 'startswith';
  return { k: 'bool', e: { k: 'fn', name, args: [prop, lit] } };
}

const CMP = { eq: 'eq', ne: 'ne', neq: 'ne', gt: 'gt', ge: 'ge', lt: 'lt', le: 'le' } as const;
const not = (e: FilterExpr): FilterExpr => ({ k: 'not', e });
const join = (k: 'and' | 'or', parts: FilterExpr[]): FilterExpr => parts.reduce((l, r) => ({ k, l, r }));

export function conditionExpr(table: Table, el: El): FilterExpr {
  for (const a of Object.keys(el).filter((k) => k.startsWith('@')))
    // uiname/uitype/uihidden are display hints written by Advanced Find: no effect on the result.
    if (!['@attribute', '@operator', '@value', '@uiname', '@uitype', '@uihidden'].includes(a))
      throw E.notImplemented(`the FetchXML attribute '${a.slice(1)}' on <condition>`);
  const col = columnOf(table, str(el, 'attribute'));
  const prop: Operand = { k: 'prop', name: col };
  const op = str(el, 'operator') ?? '';
  const one = (): Operand => {
    const v = str(el, 'value') ?? values(el)[0];
    if (v === undefined) throw E.badRequest(`The FetchXML condition '${op}' on '${col}' needs a value.`);
    return literal(table, col, v);
  };
  const many = (): Operand[] => {
    const vs = values(el);
    if (vs.length === 0)
      throw E.badRequest(`The FetchXML condition '${op}' on '${col}' needs <value> elements.`);
    return vs.map((v) => literal(table, col, v));
  };
  const nullLit: Operand = { k: 'lit', t: 'null', v: null };
  if (op in CMP) return { k: 'cmp', op: CMP[op as keyof typeof CMP], l: prop, r: one() };
  const text = () => String((one() as { v: unknown }).v);
  switch (op) {
    case 'null':
      return { k: 'cmp', op: 'eq', l: prop, r: nullLit };
    case 'not-null':
      return { k: 'cmp', op: 'ne', l: prop, r: nullLit };
    case 'like':
      return likeExpr(prop, text());
    case 'not-like':
      return not(likeExpr(prop, text()));
    case 'begins-with':
      return likeExpr(prop, `${text()}%`);
    case 'not-begin-with':
      return not(likeExpr(prop, `${text()}%`));
    case 'ends-with':
      return likeExpr(prop, `%${text()}`);
    case 'not-end-with':
      return not(likeExpr(prop, `%${text()}`));
    case 'in':
      return join(
        'or',
        many().map((r) => ({ k: 'cmp', op: 'eq', l: prop, r })),
      );
    case 'not-in':
      return join(
        'and',
        many().map((r) => ({ k: 'cmp', op: 'ne', l: prop, r })),
      );
    case 'between':
    case 'not-between': {
      const [lo, hi] = many();
      if (!lo || !hi)
        throw E.badRequest(`The FetchXML condition '${op}' on '${col}' needs two <value> elements.`);
      const range = join('and', [
        { k: 'cmp', op: 'ge', l: prop, r: lo },
        { k: 'cmp', op: 'le', l: prop, r: hi },
      ]);
      return op === 'between' ? range : not(range);
    }
    default:
      throw E.notImplemented(`the FetchXML operator '${op}'`);
  }
}
