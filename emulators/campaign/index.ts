export { startCampaignEmulator } from './server.ts';
export type { CampaignEmulator, CampaignEmulatorOptions } from './server.ts';
export { CampaignStore } from './store.ts';
export type { HistoryEvent } from './store.ts';
export type { CampaignCounters, Operation } from './accounting.ts';
export { defaultCampaignMetadata, defaultProfileResource, PROFILE_FIELDS } from './default-metadata.ts';
export { campaignTimestamp, parseDateTime } from './time.ts';
