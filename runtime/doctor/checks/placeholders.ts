// Scaffolded `YOUR-…` values left in the tenant file: schema-valid, but they name no real service.
import type { Check, Finding } from '../types.ts';
import { fail, ok } from '../types.ts';

/** The placeholder shape `ferry init` writes (`YOUR-ORG`, `YOUR-APP-CLIENT-ID`). */
const PLACEHOLDER = /YOUR-[A-Z0-9]+(?:-[A-Z0-9]+)*/g;

/** The finding for a tenant file's text (also used when the file is too unfinished to load). */
export function placeholderFinding(tenantText: string): Finding {
  const found: string[] = [];
  tenantText.split('\n').forEach((line, i) => {
    // A YAML comment may mention the convention; only values count.
    const value = line.replace(/(^|\s)#.*$/, '');
    for (const m of value.matchAll(PLACEHOLDER)) found.push(`${m[0]} (line ${i + 1})`);
  });
  if (found.length === 0) return ok('placeholders', 'no YOUR-… value left in the tenant file');
  return fail(
    'placeholders',
    `tenant file still holds ${found.join(', ')}`,
    'Replace each YOUR-… value with your own (docs/real-tenant-setup.md says where each comes from).',
  );
}

export const placeholders: Check = async (ctx) => [placeholderFinding(ctx.tenantText)];
