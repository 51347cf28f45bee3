// docs/*.md and README.md: every `ferry …` command shown is a registered command with registered options; relative links resolve.
// (README.md's shell lines are also run for real by readme-commands.test.ts.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextSteps, PACKAGE_ROOT } from '../../cli/commands/init.ts';
import { buildProgram, checkArgs, ferryArgs } from './cli-surface.ts';

const DOCS = join(PACKAGE_ROOT, 'docs');
const pages = readdirSync(DOCS)
  .filter((f) => f.endsWith('.md'))
  .sort();
// Code blocks in these languages are config files, not shell.
const NOT_SHELL = new Set(['ini', 'yaml', 'yml', 'json', 'dockerfile', 'ts', 'typescript']);

/** Every ferry command line in a markdown page: shell code blocks and inline code spans. */
export function commandsIn(markdown: string): string[] {
  const found: string[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```/gm;
  for (const m of markdown.matchAll(fence)) {
    if (NOT_SHELL.has((m[1] ?? '').toLowerCase())) continue;
    for (const raw of (m[2] ?? '').split('\n')) {
      const line = raw.replace(/^\s*(\$\s+|exec\s+)/, '').trim();
      if (ferryArgs(line) !== null) found.push(line);
    }
  }
  const prose = markdown.replace(fence, '');
  for (const m of prose.matchAll(/`([^`\n]+)`/g)) {
    const span = m[1] ?? '';
    if (ferryArgs(span) !== null) found.push(span);
  }
  return found;
}

const program = buildProgram();

// Paths relative to the package root.
const checked = [...pages.map((p) => `docs/${p}`), 'README.md'];

describe.each(checked)('%s', (page) => {
  const text = readFileSync(join(PACKAGE_ROOT, page), 'utf8');

  it('shows only ferry commands and options that exist', () => {
    const lines = commandsIn(text);
    for (const line of lines) {
      expect(checkArgs(program, ferryArgs(line) ?? []).problems, `${page}: ${line}`).toEqual([]);
    }
  });

  it('links only to files and headings that exist', () => {
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1] ?? '';
      if (/^[a-z]+:/i.test(target)) continue;
      const [file, anchor] = target.split('#');
      const path = file ? join(dirname(join(PACKAGE_ROOT, page)), file) : join(PACKAGE_ROOT, page);
      expect(existsSync(path), `${page} -> ${target}`).toBe(true);
      if (anchor) {
        const slugs = [...readFileSync(path, 'utf8').matchAll(/^#+\s+(.+)$/gm)].map((h) =>
          (h[1] ?? '')
            .toLowerCase()
            .replace(/[^\p{L}\p{N} -]/gu, '')
            .replace(/ /g, '-'),
        );
        expect(slugs, `${page} -> ${target}`).toContain(anchor);
      }
    }
  });
});

describe('docs/ as a whole', () => {
  it('shows every user-facing command at least once', () => {
    const all = pages
      .flatMap((p) => commandsIn(readFileSync(join(DOCS, p), 'utf8')))
      .map((l) => (ferryArgs(l) ?? []).join(' '));
    expect(all.length).toBeGreaterThan(25);
    for (const c of [
      'init',
      'metadata pull',
      'validate',
      'compile',
      'plan',
      'run',
      'status',
      'replay',
      'dlq list',
      'dlq retry',
    ]) {
      expect(
        all.some((a) => a.startsWith(c)),
        c,
      ).toBe(true);
    }
  });
});

describe('commands outside docs/', () => {
  it('README.md: the check above sees its shell block and its inline commands', () => {
    const lines = commandsIn(readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8')).map((l) =>
      (ferryArgs(l) ?? []).join(' '),
    );
    expect(lines.length).toBeGreaterThan(15);
    for (const c of [
      'sandbox',
      'run --tenant sandbox --once',
      'init ../acme-ferry --tenant stage',
      'metadata pull',
    ])
      expect(lines, c).toContain(c);
  });

  it('ferry init next steps name real commands', () => {
    const lines = nextSteps('prod', 'x').flatMap(
      (s) => (/(npx ferry [^(]+)/.exec(s)?.[1] ?? '').trim() || [],
    );
    expect(lines.length).toBe(4);
    for (const line of lines) expect(checkArgs(program, ferryArgs(line) ?? []).problems, line).toEqual([]);
  });

  it('the extractor finds commands in code blocks and inline spans, and skips config blocks', () => {
    const md =
      '```sh\nnpx ferry validate --tenant a\nls\n```\n\nRun `ferry status --tenant a` now.\n\n```ini\nferry run\n```\n';
    expect(commandsIn(md)).toEqual(['npx ferry validate --tenant a', 'ferry status --tenant a']);
    expect(checkArgs(program, ['validate', '--tenant', 'a', '--no-such-flag']).problems).toEqual([
      '"validate" has no option --no-such-flag',
    ]);
    expect(checkArgs(program, ['frobnicate']).problems).toEqual(['unknown command "frobnicate"']);
  });
});

describe('docs/tenant-reference.md', () => {
  it('documents every key of schemas/tenant.schema.json', () => {
    const doc = readFileSync(join(DOCS, 'tenant-reference.md'), 'utf8');
    type Node = { properties?: Record<string, Node>; $ref?: string };
    const schema = JSON.parse(
      readFileSync(join(PACKAGE_ROOT, 'schemas/tenant.schema.json'), 'utf8'),
    ) as Node & { $defs: Record<string, Node> };
    const deref = (n: Node): Node => (n.$ref ? (schema.$defs[n.$ref.split('/').pop() ?? ''] ?? n) : n);
    const keys: string[] = [];
    const walk = (n: Node, depth: number) => {
      for (const [k, child] of Object.entries(deref(n).properties ?? {})) {
        keys.push(k);
        if (depth < 2) walk(child, depth + 1);
      }
    };
    walk(schema, 0);
    walk(schema.$defs['override'] ?? {}, 1);
    walk(schema.$defs['secretRef'] ?? {}, 1);
    expect(keys.length).toBeGreaterThan(25);
    const undocumented = keys.filter(
      (k) => !new RegExp('(`|`\\{ )([\\w.<>]*\\.)?' + k + '(`|[:.\\s])').test(doc),
    );
    expect(undocumented).toEqual([]);
  });
});
