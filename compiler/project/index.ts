// Public surface of the project loader.
export { loadProject } from './load.ts';
export { displayPath } from './files.ts';
export type { LoadProjectOptions, LoadedProject, ProjectMapping } from './types.ts';
