// A 5-field cron expression (minute hour day-of-month month day-of-week), evaluated in UTC.
// Fields take `*`, numbers, ranges `a-b`, steps `*/n` or `a-b/n`, lists `a,b`, and month/day names.
// Day-of-month and day-of-week combine as in Vixie cron: when both are restricted, either may match.

export interface Cron {
  readonly text: string;
  readonly minute: ReadonlySet<number>;
  readonly hour: ReadonlySet<number>;
  readonly dom: ReadonlySet<number>;
  readonly month: ReadonlySet<number>;
  readonly dow: ReadonlySet<number>;
  readonly domAny: boolean;
  readonly dowAny: boolean;
}

/** What is wrong and where: `offset` is the character position in the expression. */
export interface CronProblem {
  readonly kind: 'fields' | 'syntax' | 'range' | 'never';
  readonly message: string;
  readonly offset: number;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  // 7 is Sunday too (folded to 0 after parsing).
  { name: 'day of week', min: 0, max: 7, names: DAYS },
];

class Problem extends Error {
  constructor(
    readonly kind: CronProblem['kind'],
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

function value(text: string, at: number, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + (spec.name === 'month' ? 1 : 0);
  if (!/^\d+$/.test(text))
    throw new Problem(
      'syntax',
      `${spec.name}: "${text}" is not a number${spec.names ? ' or a name' : ''}`,
      at,
    );
  const n = Number(text);
  if (n < spec.min || n > spec.max)
    throw new Problem('range', `${spec.name}: ${n} is outside ${spec.min}-${spec.max}`, at);
  return n;
}

function field(text: string, at: number, spec: FieldSpec): Set<number> {
  const out = new Set<number>();
  let pos = at;
  for (const part of text.split(',')) {
    if (part === '') throw new Problem('syntax', `${spec.name}: empty list item`, pos);
    const [range = '', stepText, extra] = part.split('/');
    if (extra !== undefined) throw new Problem('syntax', `${spec.name}: more than one "/" in "${part}"`, pos);
    let lo = spec.min;
    let hi = spec.max;
    if (range !== '*') {
      const [a = '', b, more] = range.split('-');
      if (more !== undefined) throw new Problem('syntax', `${spec.name}: "${range}" is not a range`, pos);
      lo = value(a, pos, spec);
      hi = b === undefined ? (stepText === undefined ? lo : spec.max) : value(b, pos + a.length + 1, spec);
      if (hi < lo) throw new Problem('range', `${spec.name}: range ${a}-${b ?? ''} runs backwards`, pos);
    }
    let step = 1;
    if (stepText !== undefined) {
      const stepAt = pos + range.length + 1;
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0)
        throw new Problem('syntax', `${spec.name}: step "${stepText}" must be a positive number`, stepAt);
      step = Number(stepText);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
    pos += part.length + 1;
  }
  return out;
}

/** The parsed expression, or the first problem with its position. */
export function parseCron(text: string): { cron: Cron } | { problem: CronProblem } {
  const parts: { text: string; at: number }[] = [];
  for (const m of text.matchAll(/\S+/g)) parts.push({ text: m[0], at: m.index });
  if (parts.length !== 5)
    return {
      problem: {
        kind: 'fields',
        message: `a cron expression has 5 fields (minute hour day-of-month month day-of-week); found ${parts.length}`,
        offset: parts[5]?.at ?? 0,
      },
    };
  try {
    const sets = parts.map((p, i) => field(p.text, p.at, FIELDS[i] as FieldSpec));
    const [minute, hour, dom, month, dow] = sets as [
      Set<number>,
      Set<number>,
      Set<number>,
      Set<number>,
      Set<number>,
    ];
    if (dow.delete(7)) dow.add(0);
    const cron: Cron = {
      text,
      minute,
      hour,
      dom,
      month,
      dow,
      domAny: parts[2]?.text === '*',
      dowAny: parts[4]?.text === '*',
    };
    if (nextCron(cron, Date.UTC(2000, 0, 1)) === null)
      throw new Problem('never', `"${text}" names no day that exists (e.g. 30 February)`, parts[2]?.at ?? 0);
    return { cron };
  } catch (err) {
    if (err instanceof Problem)
      return { problem: { kind: err.kind, message: err.message, offset: err.offset } };
    throw err;
  }
}

function dayMatches(c: Cron, d: Date): boolean {
  const dom = c.dom.has(d.getUTCDate());
  const dow = c.dow.has(d.getUTCDay());
  if (c.domAny || c.dowAny) return (c.domAny || dom) && (c.dowAny || dow);
  return dom || dow;
}

/** The first matching minute strictly after `after` (epoch ms), or null within 8 years (never fires). */
export function nextCron(c: Cron, after: number): number | null {
  const t = new Date(Math.floor(after / 60_000) * 60_000 + 60_000);
  const limit = after + 8 * 366 * 86_400_000; // covers 29 February between leap years
  while (t.getTime() <= limit) {
    if (!c.month.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(c, t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!c.hour.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
    } else if (!c.minute.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
    } else return t.getTime();
  }
  return null;
}
