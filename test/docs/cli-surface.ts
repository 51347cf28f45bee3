// Checks a `ferry …` command line against the commands and options the CLI actually registers.
import { Command } from 'commander';
import type { Option } from 'commander';
import { COMMANDS } from '../../cli/commands/index.ts';

export function buildProgram(): Command {
  const program = new Command('ferry');
  for (const c of COMMANDS) c.register(program);
  return program;
}

/** Split a shell line into words (quotes respected; no expansion). */
export function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** The argv after `ferry` / `npx ferry`, or null when the line is not a ferry command. */
export function ferryArgs(line: string): string[] | null {
  const w = words(line.replace(/#.*$/, '').trim());
  const i = w[0] === 'npx' ? 1 : 0;
  if (w[i] !== 'ferry') return null;
  const rest = w.slice(i + 1);
  // Stop at shell operators: what follows is another command.
  const end = rest.findIndex((t) => ['&&', '||', '|', ';', '>', '2>&1'].includes(t));
  return end === -1 ? rest : rest.slice(0, end);
}

const takesValue = (o: Option): boolean => o.required || o.optional;

/** Problems with one invocation: unknown command or option. */
export function checkArgs(program: Command, args: readonly string[]): { problems: string[] } {
  let cmd = program;
  let i = 0;
  // Walk down the subcommands (`metadata pull`, `dlq list`); `a|b` in docs means either.
  while (i < args.length && !(args[i] ?? '').startsWith('-')) {
    const names = (args[i] ?? '').split('|');
    const subs = names.map((n) => cmd.commands.find((c) => c.name() === n || c.aliases().includes(n)));
    if (subs.some((s) => s === undefined)) {
      if (cmd.commands.length === 0) break; // a positional argument of a leaf command
      const missing = names.filter((_n, k) => subs[k] === undefined);
      return { problems: [`unknown command "${[...commandPath(cmd), ...missing].join(' ')}"`] };
    }
    for (const s of subs.slice(1)) {
      const extra = checkArgs(s as Command, args.slice(i + 1));
      if (extra.problems.length > 0) return extra;
    }
    cmd = subs[0] as Command;
    i++;
  }
  if (cmd === program) return { problems: args.length === 0 ? [] : ['no command'] };
  const problems: string[] = [];
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('-') || a === '-') continue;
    const flag = a.split('=')[0] ?? a;
    if (flag === '--help' || flag === '-h') continue;
    const opt = cmd.options.find((o) => o.long === flag || o.short === flag || (o.negate && o.long === flag));
    if (!opt) {
      problems.push(`"${commandPath(cmd).join(' ')}" has no option ${flag}`);
      continue;
    }
    if (takesValue(opt) && !a.includes('=')) i++;
  }
  return { problems };
}

function commandPath(cmd: Command): string[] {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names;
}
