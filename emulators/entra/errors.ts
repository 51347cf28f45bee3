// AADSTS-style token endpoint errors. The reference records only invalid_scope's shape (§1.2); the
// texts for a wrong secret / unknown client follow Entra's public wording but are unverified (§Unverified).
import { randomUUID } from 'node:crypto';

export interface AadError {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const stamp = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function aad(status: number, error: string, code: number, text: string, now: Date): AadError {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

export const AAD = {
  invalidSecret: (clientId: string, now: Date) =>
    aad(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      now,
    ),
  unknownClient: (clientId: string, tenant: string, now: Date) =>
    aad(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      now,
    ),
  missingScope: (now: Date) =>
    aad(400, 'invalid_scope', 70011, "The provided request must include a 'scope' input parameter.", now),
  invalidScope: (scope: string, now: Date) =>
    aad(
      400,
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
      now,
    ),
  missingSecret: (now: Date) =>
    aad(
      401,
      'invalid_client',
      7000216,
      "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
      now,
    ),
  unsupportedGrant: (grant: string, now: Date) =>
    aad(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`, now),
  missingClientId: (now: Date) =>
    aad(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
      now,
    ),
  unknownTenant: (tenant: string, now: Date) =>
    aad(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      now,
    ),
  // Client assertion errors: codes and wording from Entra answers quoted in public issue threads
  // (AADSTS700027/700024/700021/700023/50027); the HTTP statuses follow invalid_client = 401.
  malformedJwt: (now: Date) => aad(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.', now),
  assertionType: (type: string, now: Date) =>
    aad(
      400,
      'invalid_request',
      50027,
      `Invalid JWT token. The client_assertion_type '${type}' is not supported.`,
      now,
    ),
  assertionClientMismatch: (now: Date) =>
    aad(
      401,
      'invalid_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter.",
      now,
    ),
  assertionAudience: (now: Date) =>
    aad(401, 'invalid_client', 700023, 'Client assertion audience claim does not match Realm issuer.', now),
  assertionTime: (now: Date, from: Date, to: Date) =>
    aad(
      401,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${stamp(now)}, assertion valid from ${stamp(from)}, expiry time of assertion ${stamp(to)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
      now,
    ),
  keyNotFound: (clientId: string, thumbprint: string, now: Date) =>
    aad(
      401,
      'invalid_client',
      700027,
      `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
      now,
    ),
  keyExpired: (thumbprint: string, range: string, now: Date) =>
    aad(
      401,
      'invalid_client',
      700027,
      `Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '${thumbprint}', Found key '${range}']`,
      now,
    ),
  badSignature: (thumbprint: string, range: string, now: Date) =>
    aad(
      401,
      'invalid_client',
      700027,
      `Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${thumbprint}', Found key '${range}']`,
      now,
    ),
} as const;
