// Every runtime dependency is listed, with its reason, in docs/security.md, and nothing else is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  dependencies: Record<string, string>;
};
const doc = readFileSync(new URL('docs/security.md', root), 'utf8');
const section = doc.slice(doc.indexOf('## Dependencies'));
const listed = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);

describe('runtime dependencies', () => {
  it('are exactly the ones docs/security.md explains', () => {
    expect(listed.length).toBeGreaterThan(0);
    expect([...listed].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });

  it('are pinned to one exact version', () => {
    for (const [name, version] of Object.entries(pkg.dependencies))
      expect({ name, version }).toEqual({ name, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });
});
