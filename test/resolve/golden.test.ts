// Golden diagnostics: each fixtures/<case>/ holds broken mapping(s) and expected.txt (code, line:col, message, hint).
// Regenerate with UPDATE_GOLDEN=1 after checking the change is intended.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import { loadTenantMetadata } from '../../compiler/metadata/index.ts';
import { resolveProject } from '../../compiler/resolve/index.ts';
import { withExtras } from './extra-metadata.ts';
import { loadMappingFile } from './yaml-doc.ts';

const ROOT = 'test/resolve/fixtures';
const metadata = withExtras((await loadTenantMetadata('tenants/sandbox/metadata')).metadata);

const format = (d: Diagnostic): string =>
  `${d.file}:${d.line}:${d.col} ${d.severity} ${d.code} ${d.message}\n    hint: ${d.hint ?? ''}`;

const run = (dir: string): { text: string; failed: boolean } => {
  const own = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => loadMappingFile(join(dir, f), f));
  const defaults = existsSync(join(dir, 'defaults.txt'))
    ? readFileSync(join(dir, 'defaults.txt'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((n) => loadMappingFile(`mappings/${n}.yaml`, `mappings/${n}.yaml`))
    : [];
  const { project, diagnostics } = resolveProject(
    { tenant: 'sandbox', tenantDir: 'tenants/sandbox', mappings: [...defaults, ...own] },
    metadata,
  );
  return { text: `${diagnostics.map(format).join('\n')}\n`, failed: project === null };
};

const cases = readdirSync(ROOT).sort();

describe('resolve golden diagnostics', () => {
  it('has a case per check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of cases) {
    it(name, () => {
      const dir = join(ROOT, name);
      const { text, failed } = run(dir);
      const golden = join(dir, 'expected.txt');
      if (process.env.UPDATE_GOLDEN) writeFileSync(golden, text);
      expect(text).toBe(readFileSync(golden, 'utf8'));
      // Only the warnings case produces a project; every other case has an error.
      expect(failed).toBe(name !== 'warnings');
    });
  }
});
