// Public surface of the emulators (tests, benchmarks and `ferry sandbox` import from here).
export * from './campaign/index.ts';
export * from './ims/index.ts';
export * from './journal/index.ts';
export * from './seed/index.ts';
export { startSandbox, portsFrom, JOURNAL_PATH } from './sandbox/index.ts';
export type { Sandbox, SandboxOptions, SandboxInfo, SandboxPorts } from './sandbox/index.ts';
export { startEntraEmulator } from './entra/index.ts';
export type { EntraEmulator, EntraEmulatorOptions } from './entra/index.ts';
export { SANDBOX } from './sandbox-credentials.ts';
