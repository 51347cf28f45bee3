export { startImsEmulator } from './server.ts';
export type { ImsEmulator, ImsEmulatorOptions } from './server.ts';
export { ImsTokens } from './tokens.ts';
export type { IssuedToken } from './tokens.ts';
