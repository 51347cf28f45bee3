// User-facing text says what it means: no ids of ferry's private requirement checklist (MAP-8, KEY-6, …)
// and no sections of reference notes a user does not have. Scans docs, user files, diagnostics,
// every string literal ferry's own code can print, and the CLI help.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { PACKAGE_ROOT } from '../../cli/commands/init.ts';
import { ALL_CODES } from '../../compiler/validate/docs.ts';
import { buildProgram } from './cli-surface.ts';

/** Families of the checklist ids; ids like FERRY114, HTTP 429 or UTF-8 are not among them. */
const INTERNAL_ID = /\b(?:UC|IN|KEY|MAP|FLT|DEL|CE|EV|OPT|OPS|LIM|SEC|PAIN)-\d+\b/;
const PRIVATE_REFERENCE =
  /\breference (?:[\w-]+\.md )?§|\b(?:dynamics-web-api|campaign-standard-api|adobe-integration-behaviour)\.md\b/;

function internalIds(text: string): string[] {
  const found: string[] = [];
  for (const line of text.split('\n'))
    if (INTERNAL_ID.test(line) || PRIVATE_REFERENCE.test(line)) found.push(line.trim());
  return found;
}

// Not user-facing: tests and their fixtures, the emulators (stand-ins for the real services), outputs.
const SKIP = new Set(['node_modules', '.git', 'dist', 'build', 'test', 'emulators', 'results', '.state']);

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return files(full, keep);
    return keep(name) ? [full] : [];
  });
}

/** Text of every string and template literal in a source file, with its line. */
function literals(file: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      out.push({ line, text: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function helpTexts(cmd: Command): string[] {
  return [cmd.helpInformation(), ...cmd.commands.flatMap(helpTexts)];
}

const rel = (f: string): string => relative(PACKAGE_ROOT, f);
const USER_FILES = /\.(md|ya?ml|tmpl|json)$|^(gitignore|ferry\.yml)$/;
const userFiles = [
  ...files(PACKAGE_ROOT, (n) => n.endsWith('.md')),
  ...['schemas', 'mappings', 'tenants', 'cli/templates', '.github'].flatMap((d) =>
    files(join(PACKAGE_ROOT, d), (n) => USER_FILES.test(n) && !n.endsWith('.md')),
  ),
];
const sourceFiles = ['compiler', 'runtime', 'core', 'cli', 'bin'].flatMap((d) =>
  files(join(PACKAGE_ROOT, d), (n) => /\.[jt]s$/.test(n) && !n.endsWith('.d.ts')),
);

describe('no internal requirement ids in user-facing text', () => {
  it('the check flags checklist ids and private reference sections, not codes or standards', () => {
    expect(
      internalIds('types are converted (MAP-8)\nsee reference §6\nas campaign-standard-api.md says'),
    ).toHaveLength(3);
    expect(internalIds('FERRY114 HTTP 429 UTF-8 ISO-8601 RFC 9110 §10.2.3 AB-123 0x80048d19')).toEqual([]);
  });

  it('finds the files it scans', () => {
    const names = [...userFiles, ...sourceFiles].map(rel);
    for (const f of ['README.md', 'docs/mapping-reference.md', 'schemas/mapping.schema.json', 'cli/main.ts'])
      expect(names).toContain(f);
    expect(sourceFiles.length).toBeGreaterThan(100);
  });

  it.each(userFiles.map(rel))('%s', (file) => {
    expect(internalIds(readFileSync(join(PACKAGE_ROOT, file), 'utf8'))).toEqual([]);
  });

  it('string literals of compiler, runtime, core and cli (messages, hints, output)', () => {
    const hits = sourceFiles.flatMap((f) =>
      literals(f).flatMap((l) => internalIds(l.text).map((t) => `${rel(f)}:${l.line}: ${t}`)),
    );
    expect(hits).toEqual([]);
  });

  it('diagnostic titles and hints', () => {
    expect(ALL_CODES.length).toBeGreaterThan(60);
    expect(
      ALL_CODES.flatMap((c) => internalIds(`${c.title}\n${c.hint}`).map((t) => `${c.code}: ${t}`)),
    ).toEqual([]);
  });

  it('CLI help', () => {
    const help = helpTexts(buildProgram());
    expect(help.length).toBeGreaterThan(10);
    expect(help.flatMap(internalIds)).toEqual([]);
  });
});

describe('README.md', () => {
  it('stays the short way in (under 15 KB)', () => {
    expect(statSync(join(PACKAGE_ROOT, 'README.md')).size).toBeLessThan(15_000);
  });
});
