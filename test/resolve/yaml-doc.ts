// Loads a mapping file for resolve tests through the real load stage (positions included).
import { readFileSync } from 'node:fs';
import { loadYaml } from '../../compiler/load/index.ts';
import type { LoadedYaml } from '../../compiler/load/types.ts';
import type { Mapping } from '../../core/model/mapping.ts';

export const loadMappingFile = (file: string, label = file): { doc: LoadedYaml; value: Mapping } => {
  const { doc, diagnostics } = loadYaml(label, readFileSync(file, 'utf8'));
  if (diagnostics.length > 0) throw new Error(`${label}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return { doc, value: doc.value as Mapping };
};
