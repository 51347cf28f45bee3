// Public surface of the load stage.
export { loadYaml } from './yaml.ts';
export { escapeSegment, joinPointer, parsePointer } from './pointer.ts';
export type { LoadedYaml, Position } from './types.ts';
