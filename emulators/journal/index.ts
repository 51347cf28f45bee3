export { startJournalEmulator } from './server.ts';
export type { JournalEmulator, JournalEmulatorOptions } from './server.ts';
export { EventJournal, DEFAULT_RETENTION_MS, positionOf } from './journal.ts';
export type { ReadResult } from './journal.ts';
export { simulateDelivery } from './delivery.ts';
export type { DeliveryProfile, DeliverySpec } from './delivery.ts';
export type { EmailEvent, EmailEventType, JournalRecord } from './payload.ts';
