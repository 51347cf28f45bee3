// Shared building blocks for every ferry emulator.
export { startHttpServer } from './server.ts';
export type { RequestHandler, ServerOptions, StartedServer } from './server.ts';
export {
  readBody,
  readText,
  readJson,
  BodyTooLargeError,
  BodyParseError,
  DEFAULT_BODY_LIMIT,
} from './body.ts';
export { sendJson, sendText, sendEmpty, parseForm } from './respond.ts';
export { mulberry32, toSeed, Rng } from './prng.ts';
export type { RandomFn } from './prng.ts';
export { FaultInjector, runWithFault } from './faults.ts';
export type { FaultRule, FaultAction, FaultDecision, FaultRenderer } from './faults.ts';
export { systemClock, manualClock, offsetClock } from './clock.ts';
export { EmulatorError } from './errors.ts';
export type { Json } from './json.ts';
export { readJsonFiles } from './snapshot-files.ts';
export type { SnapshotFile } from './snapshot-files.ts';
export type { Clock, ManualClock } from './clock.ts';
