// `ferry validate` exit codes (0 valid, 1 invalid, 2 usage) and output, calling main() directly.
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { captureIo, fixture } from './helpers.ts';

async function ferry(...argv: string[]) {
  const io = captureIo();
  const code = await main(argv, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('ferry validate', () => {
  it('exits 0 for a valid project', async () => {
    const r = await ferry('validate', '--tenant', 'demo', '--root', fixture('valid'), '--schema-only');
    expect(r.code).toBe(0);
    // vehicles is disabled by an override: three of four listed mappings remain
    expect(r.stdout).toContain('tenant demo: 3 mappings valid');
  });

  it('exits 1 with sorted, caret-annotated diagnostics for an invalid project', async () => {
    const r = await ferry(
      'validate',
      '--tenant',
      'broken',
      '--root',
      fixture('broken-mappings'),
      '--schema-only',
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'mappings/misspelt-enum.yaml:9:12 error FERRY013 must be equal to one of the allowed values: label, value; found "lable"',
    );
    expect(r.stdout).toContain('9 | picklists: lable\n  |            ^\nhint: did you mean "label"?');
    expect(r.stdout.trimEnd().endsWith('26 errors, 0 warnings')).toBe(true);
    const first = r.stdout.indexOf('mappings/bad-field-name.yaml');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(first).toBeLessThan(r.stdout.indexOf('mappings/yaml-syntax.yaml'));
  });

  it('prints a JSON array of diagnostics with --json', async () => {
    const r = await ferry(
      'validate',
      '--tenant',
      'acme',
      '--root',
      fixture('tenant-schema'),
      '--json',
      '--schema-only',
    );
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.stdout) as { code: string; line: number }[];
    expect(diags.map((d) => d.code)).toContain('FERRY015');
    expect(r.stdout).not.toContain('hunter2');
  });

  it('never prints a literal secret, not even in the source excerpt', async () => {
    const r = await ferry(
      'validate',
      '--tenant',
      'acme',
      '--root',
      fixture('tenant-schema'),
      '--schema-only',
    );
    expect(r.stdout).toContain('FERRY015');
    expect(r.stdout).not.toContain('hunter2');
  });

  it('exits 2 on usage errors', async () => {
    expect((await ferry('validate')).code).toBe(2); // missing --tenant
    expect((await ferry('validate', '--tenant', 'demo', '--bogus')).code).toBe(2);
    expect((await ferry('frobnicate')).code).toBe(2);
    const unknown = await ferry('validate', '--tenant', 'nope', '--root', fixture('valid'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('known tenants: demo');
    expect((await ferry('validate', '--tenant', '../etc', '--root', fixture('valid'))).code).toBe(2);
  });

  it('exits 0 for --help and --version', async () => {
    const help = await ferry('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('validate');
    expect((await ferry('--version')).code).toBe(0);
  });

  it('offers -t as the short of --tenant on every command that takes a tenant', async () => {
    const commands = [
      ['validate'],
      ['compile'],
      ['init'],
      ['run'],
      ['plan'],
      ['status'],
      ['replay'],
      ['dlq', 'list'],
      ['dlq', 'retry'],
      ['metadata', 'pull'],
    ];
    for (const cmd of commands) {
      const help = await ferry(...cmd, '--help');
      expect(help.code, cmd.join(' ')).toBe(0);
      expect(help.stdout, cmd.join(' ')).toMatch(/^ {2}-t, --tenant <name> /m);
    }
  });
});
