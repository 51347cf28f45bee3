// The error hierarchy, its code registry and classify(): one entry point for compiler, runtime and CLI.
export * from './errors/classes.ts';
export * from './errors/classify.ts';
export * from './errors/registry.ts';
export * from './errors/scrub.ts';
export * from './errors/wire.ts';
