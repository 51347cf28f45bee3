// Connection info printed by `ferry sandbox --json` (first stdout line) and returned by startSandbox().
export interface SandboxInfo {
  readonly dynamics: {
    /** Environment root, e.g. http://127.0.0.1:7401 (Web API under /api/data/v9.2/). */
    readonly url: string;
    readonly tokenUrl: string;
    readonly tenantId: string;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly scope: string;
  };
  readonly campaign: {
    /** Ends in /<ORG>/campaign. */
    readonly url: string;
    readonly org: string;
    readonly imsTokenUrl: string;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly apiKey: string;
    readonly scope: string;
    readonly journalUrl: string;
  };
  readonly control: { readonly url: string };
}

export interface SandboxPorts {
  readonly dynamics: number;
  readonly entra: number;
  readonly campaign: number;
  readonly ims: number;
  readonly journal: number;
  readonly control: number;
}

/** Fixed sandbox ports from a base: 7401 Dynamics, 7402 Entra, 7403 Campaign, 7404 IMS, 7405 journal, 7406 control. */
export function portsFrom(base: number): SandboxPorts {
  return {
    dynamics: base,
    entra: base + 1,
    campaign: base + 2,
    ims: base + 3,
    journal: base + 4,
    control: base + 5,
  };
}

export const JOURNAL_PATH =
  '/events/organizations/ferrysandbox/integrations/ferry-sandbox/ferry-sandbox-email-events';
