// Deterministic seed data for the emulators (streams; row i depends only on (seed, i)).
export {
  contactAt,
  contactIdAt,
  contacts,
  vehiclesOf,
  vehicles,
  visitsOf,
  serviceVisits,
  rngFor,
} from './dynamics.ts';
export type { DynamicsRow, SeedOptions } from './dynamics.ts';
export { campaignProfiles } from './campaign.ts';
export type { CampaignSeedOptions, SeedProfile } from './campaign.ts';
export { seedCampaign, seedDynamics } from './load.ts';
export type { DynamicsSink } from './load.ts';
