// Fixed, public credentials of the sandbox emulators. They guard nothing real and are printed by `ferry sandbox`.
export const SANDBOX = {
  entraTenantId: '8f0c2d1e-5b4a-4c3d-9e8f-7a6b5c4d3e2f',
  dynamicsClientId: '3c1d6a52-0f3e-4f7b-9a41-2d8e5c7b9f10',
  dynamicsClientSecret: 'sandbox-dynamics-secret',
  campaignOrg: 'ferrysandbox',
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
