// The repository root, in a module of its own so child processes need not import the compiler to know it.
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
