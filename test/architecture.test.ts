import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

describe('ARCHITECTURE.md', () => {
  const text = readFileSync(path.join(root, 'ARCHITECTURE.md'), 'utf8');
  // Backticked tokens that look like repo paths (contain a slash or a known file extension).
  const paths = [...text.matchAll(/`([^`\s]+)`/g)]
    .map((m) => m[1] ?? '')
    .filter((p) => /^[a-z.][\w./-]*$/i.test(p) && (p.includes('/') || /\.(ts|js|json|md)$/.test(p)))
    .filter((p) => !p.includes('<') && !p.startsWith('bench/results'));

  it('names paths', () => {
    expect(paths.length).toBeGreaterThan(30);
  });

  it.each(paths)('%s exists', (p) => {
    expect(existsSync(path.join(root, p)), `${p} is named in ARCHITECTURE.md but does not exist`).toBe(true);
  });
});
