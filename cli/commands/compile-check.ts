// `compile --check` explains a difference: which inputs changed since the bundle was compiled (from the
// two manifests' input hashes) and which flows they, or the differing files, affect.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { IrBundle, IrFlow } from '../../compiler/ir/index.ts';

export interface CheckReport {
  /** Inputs (root-relative) added, removed or changed since the bundle on disk was compiled. */
  readonly inputs: readonly string[];
  /** Flows whose mapping, tenant file, metadata or generated module changed. */
  readonly flows: readonly string[];
  /** Bundle files that differ from a fresh compile. */
  readonly files: readonly string[];
  /** No manifest.json at the bundle folder: nothing was compiled there yet. */
  readonly missing: boolean;
  /** The bundle on disk was written by another compiler version. */
  readonly compiler: { readonly was: string; readonly now: string } | null;
}

interface ManifestLike {
  readonly compilerVersion?: unknown;
  readonly inputs?: unknown;
}

const parse = (text: string | null | undefined): ManifestLike => {
  try {
    const v: unknown = JSON.parse(text ?? '');
    return typeof v === 'object' && v !== null ? (v as ManifestLike) : {};
  } catch {
    return {};
  }
};

const inputsOf = (m: ManifestLike): Readonly<Record<string, unknown>> =>
  typeof m.inputs === 'object' && m.inputs !== null ? (m.inputs as Record<string, unknown>) : {};

/** Tables and resources a flow reads or writes. */
function touches(flow: IrFlow): { readonly tables: Set<string>; readonly resources: Set<string> } {
  if (flow.kind === 'events') {
    const tables = new Set([flow.contact.entity]);
    for (const t of flow.types) {
      tables.add(t.activity.entity);
      if (t.followUp !== null) tables.add(t.followUp.entity);
    }
    return { tables, resources: new Set() };
  }
  return { tables: new Set([flow.source.entity]), resources: new Set([flow.target.resource]) };
}

/** Does a change of `input` (root-relative, `/`-separated) affect `flow`? */
function affects(input: string, flow: IrFlow): boolean {
  if (input === flow.origin.file) return true;
  if (input.endsWith('/tenant.yaml') || input.endsWith('/dynamics/metadata.xml')) return true;
  const { tables, resources } = touches(flow);
  const table = /\/dynamics\/entities\/([^/]+)\.json$/.exec(input)?.[1];
  if (table !== undefined) return tables.has(table);
  const resource = /\/campaign\/([^/]+)\.json$/.exec(input)?.[1];
  return resource !== undefined && resources.has(resource);
}

export async function explainCheck(
  outDir: string,
  files: ReadonlyMap<string, string>,
  ir: IrBundle,
  differs: readonly string[],
): Promise<CheckReport> {
  const text = await readFile(path.join(outDir, 'manifest.json'), 'utf8').catch(() => null);
  if (text === null)
    return { inputs: [], flows: ir.flows.map((f) => f.name), files: differs, missing: true, compiler: null };
  const was = parse(text);
  const now = parse(files.get('manifest.json'));
  const [a, b] = [inputsOf(was), inputsOf(now)];
  const inputs = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
  const modules = new Set(differs.map((f) => f.replace(/\.(d\.ts|ts|js)$/, '')));
  const flows = ir.flows
    .filter((f) => modules.has(f.module) || inputs.some((i) => affects(i, f)))
    .map((f) => f.name);
  const compiler =
    typeof was.compilerVersion === 'string' && was.compilerVersion !== now.compilerVersion
      ? { was: was.compilerVersion, now: String(now.compilerVersion) }
      : null;
  return { inputs, flows, files: differs, missing: false, compiler };
}

/** The lines `compile --check` prints on stderr when the bundle is out of date. */
export function checkLines(where: string, tenant: string, r: CheckReport): string[] {
  if (r.missing) return [`error: no compiled bundle at ${where} (run ferry compile --tenant ${tenant})`];
  const lines = [`error: bundle at ${where} is out of date (run ferry compile --tenant ${tenant})`];
  if (r.compiler !== null) lines.push(`  compiled by ferry ${r.compiler.was}, this is ${r.compiler.now}`);
  lines.push(`  changed inputs: ${r.inputs.length > 0 ? r.inputs.join(', ') : 'none'}`);
  lines.push(`  flows affected: ${r.flows.length > 0 ? r.flows.join(', ') : 'none'}`);
  lines.push(`  files that differ: ${r.files.join(', ')}`);
  return lines;
}
