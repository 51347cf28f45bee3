// Reading a source column in generated code. A name Object.prototype also has (toString, __proto__,
// constructor, ...) goes through rt.own, so an absent column reads as undefined instead of the inherited
// member; any other name is read directly: a hasOwnProperty call per read made compiled transforms slower
// than the same mapping written by hand, and an absent column reads as undefined either way.
import { _, id, lit, type Code } from './code.ts';

const INHERITED: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

export const readColumn = (record: string, name: string): Code =>
  INHERITED.has(name) ? _`rt.own(${id(record)}, ${lit(name)})` : _`${id(record)}[${lit(name)}]`;
