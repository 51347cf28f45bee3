// Shape of tenants/<t>/tenant.yaml after schema validation (schemas/tenant.schema.json).
import type { FilterSpec } from './mapping.ts';
/** Where a secret comes from. A literal string is never accepted. */
export type SecretRef = { readonly env: string } | { readonly file: string };

/** A certificate uploaded to the app registration; msal signs a client assertion with its key. */
export interface CertificateCredential {
  /** PEM private key (PKCS#8 or PKCS#1). */
  readonly privateKey: SecretRef;
  /** PEM certificate: its thumbprint is computed and it is sent as `x5c`. */
  readonly certificate?: SecretRef;
  /** SHA-1 thumbprint (hex) as Entra shows it, when no certificate PEM is given. */
  readonly thumbprint?: string;
  /** SHA-256 thumbprint (hex), sent as `x5t#S256`. */
  readonly thumbprintSha256?: string;
}

/** Workload identity federation: a signed token from a file, re-read on every token request. */
export interface WorkloadIdentityCredential {
  /** Token file path; default the AZURE_FEDERATED_TOKEN_FILE environment variable. */
  readonly tokenFile?: string;
}

/** Azure managed identity (IMDS or the App Service identity endpoint). */
export interface ManagedIdentityCredential {
  /** Client id of a user-assigned identity; the system-assigned identity when absent. */
  readonly clientId?: string;
}

export interface DynamicsConnection {
  /** Environment root, e.g. https://contoso.crm.dynamics.com (the Web API is under api/data/v9.2/). */
  readonly url: string;
  readonly tenantId: string;
  readonly clientId: string;
  /** Exactly one credential: client secret, certificate, workload identity or managed identity. */
  readonly clientSecret?: SecretRef;
  readonly certificate?: CertificateCredential;
  readonly workloadIdentity?: WorkloadIdentityCredential;
  readonly managedIdentity?: ManagedIdentityCredential;
  /** Authority override (default https://login.microsoftonline.com/<tenantId>). */
  readonly authority?: string;
  /** Token endpoint override (sandbox / sovereign clouds). */
  readonly tokenUrl?: string;
  /** Max concurrent requests (adaptive concurrency starts lower). Default 8. */
  readonly maxConcurrency?: number;
  /** Records per $batch / UpsertMultiple to start with (split only on failure). Default 1000. */
  readonly batchSize?: number;
}

/** Which Campaign answers the REST API: Campaign Standard, or Campaign v8 after a migration from Standard. */
export type CampaignFlavor = 'standard' | 'v8';

export interface CampaignConnection {
  /** Base URL ending in /<ORG>/campaign. */
  readonly url: string;
  readonly imsTokenUrl: string;
  readonly clientId: string;
  /** X-Api-Key value (the Developer Console client id). */
  readonly apiKey: string;
  readonly clientSecret: SecretRef;
  readonly scopes: readonly string[];
  /** Journaling URL of the event registration. */
  readonly journalUrl?: string;
  /** Events per journal page (and per Dynamics commit). Default 1000. */
  readonly journalBatchSize?: number;
  /** Campaign API requests per second, lookups included (token bucket). Default 20. */
  readonly callsPerSecond?: number;
  /** Concurrent Campaign requests. Default 8. */
  readonly concurrency?: number;
  /** `standard` (default) or `v8` (an instance migrated from Standard: filter names, dropped fields). */
  readonly flavor?: CampaignFlavor;
  /** v8 only: SOAP router of the instance (`https://<instance>.campaign.adobe.com/nl/jsp/soaprouter.jsp`): email events are read from its delivery and tracking logs. */
  readonly soapUrl?: string;
  /** v8 only: fields the migration dropped (the API answers them blank), by resource name. */
  readonly droppedFields?: Readonly<Record<string, readonly string[]>>;
}

export interface TenantFile {
  readonly version: 1;
  readonly name: string;
  readonly description?: string;
  readonly dynamics: DynamicsConnection;
  readonly campaign: CampaignConnection;
  /** Mapping names (files mappings/<name>.yaml or tenants/<t>/mappings/<name>.yaml). */
  readonly mappings: readonly string[];
  /** Per-mapping overrides, merged over the mapping file. */
  readonly overrides?: Readonly<Record<string, { readonly enabled?: boolean; readonly filter?: FilterSpec }>>;
  /** `sqlite:<path>` (relative to the tenant folder) or `postgres://…`. Default sqlite:.state/<name>.db */
  readonly state?: string;
  /** When flows run under `ferry serve` (and `run --follow`): a tenant default and per-flow entries. */
  readonly schedule?: TenantSchedule;
  /** Worker leases (several workers on one PostgreSQL state store): durations such as `30s`. */
  readonly lease?: { readonly ttl?: string; readonly renewEvery?: string };
  /** How long a run waits on throttling, and how long an API may keep failing before a flow stops: durations. */
  readonly resilience?: { readonly pauseBudget?: string; readonly outageBudget?: string };
  /** Webhook alerts (flow failed, drift, dead letters, no success, pending opt-outs, authentication). */
  readonly alerts?: AlertSettings;
}

export interface AlertSettings {
  readonly webhooks: readonly {
    readonly name: string;
    /** The webhook URL is a secret (it grants posting): from the environment or a file. */
    readonly url: SecretRef;
    readonly format?: 'slack' | 'teams' | 'json';
  }[];
  /** Alert when live dead letters are above this (default 100). */
  readonly deadLetters?: number;
  /** Alert when a flow has had no successful run for this many intervals (default 3). */
  readonly missedIntervals?: number;
  /** Alert when an opt-out has been pending longer than this duration (default `1h`). */
  readonly optoutPendingFor?: string;
}

/** One schedule: a polling interval (`30s`) or a 5-field cron expression (UTC), never both. */
export interface ScheduleEntry {
  readonly interval?: string;
  readonly cron?: string;
}

export interface TenantSchedule extends ScheduleEntry {
  /** Flow name → its own schedule, replacing the tenant default for that flow. */
  readonly flows?: Readonly<Record<string, ScheduleEntry>>;
}
