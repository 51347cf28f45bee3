// Per-module emit state: hoisted constant tables, local names, and the source map (which generated
// line came from which YAML position) that the check stage uses to report TS errors at YAML positions.
import type { FieldRef } from '../expr/ast.ts';
import type { IrOrigin } from '../ir/index.ts';
import { _, id, type Code } from './code.ts';
import { readColumn } from './read.ts';

/** A generated statement that starts with `needle` came from `origin` (an expression's first character or a field key). */
export interface SiteMark {
  readonly needle: string;
  readonly origin: IrOrigin;
}

export class ModuleCx {
  readonly hoisted: { name: Code; init: Code; comment: string }[] = [];
  readonly marks: SiteMark[] = [];
  private n = 0;

  constructor(
    /** Name of the record parameter inside transforms / predicates: `r` (typed row) or `e` (event). */
    readonly record: 'r' | 'e',
  ) {}

  /** A fresh local or module-level name with a fixed prefix (never derived from input). */
  fresh(prefix: 'v' | 't' | 'm' | 'c' | 'T' | 'L'): Code {
    return id(`${prefix}${this.n++}`);
  }

  hoist(prefix: 'T' | 'L', init: Code, comment: string): Code {
    const name = this.fresh(prefix);
    this.hoisted.push({ name, init, comment });
    return name;
  }

  /** `const vN = ` starts the generated line of a value; marking it maps TS errors there to `origin`. */
  mark(name: Code, origin: IrOrigin): void {
    this.marks.push({ needle: `const ${name.toString()} = `, origin });
  }

  /** Code reading a field (own properties only); date-time columns arrive as ISO text and are read as Date. */
  field = (ref: FieldRef): Code => {
    const read = readColumn(this.record, ref.name);
    return ref.type.base === 'datetime' && ref.edm !== undefined ? _`rt.datetime(${read})` : read;
  };
}
