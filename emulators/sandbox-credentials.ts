// Fixed, public credentials of the sandbox emulators. They guard nothing real and are printed by `ferry sandbox`.
export const SANDBOX = {
  entraTenantId: '8f0c2d1e-5b4a-4c3d-9e8f-7a6b5c4d3e2f',
  dynamicsClientId: '3c1d6a52-0f3e-4f7b-9a41-2d8e5c7b9f10',
  dynamicsClientSecret: 'sandbox-dynamics-secret',
  campaignOrg: 'ferrysandbox',
  /** Tenant id of the same instance after its migration to Campaign v8. */
  campaignOrgV8: 'ferrysandboxv8',
  /** Fields the sandbox's v8 migration dropped (they answer blank). */
  campaignDroppedV8: { profile: ['fax', 'middleName'] },
  campaignClientId: 'ferry-sandbox-client',
  campaignClientSecret: 'sandbox-campaign-secret',
  campaignScopes: [
    'openid',
    'AdobeID',
    'read_organizations',
    'additional_info.projectedProductContext',
    'campaign_sdk',
  ],
  journalRegistrationId: 'ferry-sandbox-email-events',
} as const;
