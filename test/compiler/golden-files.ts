// What a golden folder holds for one compiled project: the TypeScript sources, and per mapping the
// JSON of its IR flow. UPDATE_GOLDEN=1 rewrites the folder; otherwise the tests compare byte for byte.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CompileResult } from '../../compiler/index.ts';

export function goldenFiles(r: CompileResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, text] of r.files ?? [])
    if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.set(name, text);
  for (const flow of r.ir?.flows ?? [])
    out.set(`${flow.module}.ir.json`, `${JSON.stringify(flow, null, 2)}\n`);
  return out;
}

export function updateGolden(dir: string, r: CompileResult): void {
  if (process.env['UPDATE_GOLDEN'] !== '1' || r.files === null) return;
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of goldenFiles(r)) writeFileSync(path.join(dir, name), text);
}

/** Golden file name -> content, as stored in `dir` (sources and IR only). */
export function storedGolden(dir: string): Map<string, string> {
  const names = readdirSync(dir).filter((n) => /\.(ir\.json|ts)$/.test(n));
  return new Map(names.sort().map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]));
}

/** Every object and array in `v` is frozen. */
export function deeplyFrozen(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return true;
  return Object.isFrozen(v) && Object.values(v).every(deeplyFrozen);
}
