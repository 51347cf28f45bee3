// Runs the back end (checkExpressions → lower → emit → check → files) on a resolved project.
import { checkBundle } from '../../compiler/check/index.ts';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.ts';
import { emit } from '../../compiler/emit/index.ts';
import { checkExpressions } from '../../compiler/expr/check-project.ts';
import { lower } from '../../compiler/lower/index.ts';
import type { ResolvedProject } from '../../compiler/resolve/types.ts';
import { bundleFiles } from '../../compiler/write/index.ts';
import { LIB_SPECIFIER } from '../../compiler/write/inputs.ts';

export function backEnd(
  project: ResolvedProject,
  outDir: string,
): { diagnostics: Diagnostic[]; files: Map<string, string> | null } {
  const { checked, diagnostics } = checkExpressions(project);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, files: null };
  const emitted = emit(lower(checked, '0.1.0'), { version: '0.1.0', lib: LIB_SPECIFIER });
  const check = checkBundle(emitted.ts, outDir);
  if (check.diagnostics.length > 0) return { diagnostics: check.diagnostics, files: null };
  return { diagnostics, files: bundleFiles(emitted, check.dts) };
}
