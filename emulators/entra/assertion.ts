// Client assertion (private_key_jwt) checks as Entra makes them for certificate credentials:
// signature (RS256/PS256) by a certificate registered on the app, found by its x5t or x5t#S256
// thumbprint; iss = sub = client id; aud = the token endpoint; nbf/exp with a 5-minute skew; a jti.
import { constants, createHash, verify, X509Certificate } from 'node:crypto';
import { AAD, type AadError } from './errors.ts';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const SKEW_S = 300;

interface Registered {
  readonly cert: X509Certificate;
  readonly sha1: string;
  readonly sha256: string;
}

/** Thumbprints of a configured certificate, as Entra keys them (raw digests, base64url in headers). */
export function registerCertificate(pem: string): Registered {
  const cert = new X509Certificate(pem);
  return {
    cert,
    sha1: createHash('sha1').update(cert.raw).digest('base64url'),
    sha256: createHash('sha256').update(cert.raw).digest('base64url'),
  };
}

const json = (part: string): Record<string, unknown> | null => {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

const hex = (b64url: string): string => Buffer.from(b64url, 'base64url').toString('hex').toUpperCase();

export interface AssertionInput {
  readonly assertion: string;
  readonly clientId: string;
  readonly audience: string;
  readonly certificates: readonly Registered[];
  readonly now: Date;
}

/** null when Entra would accept the assertion, else the error it answers. */
export function checkAssertion(a: AssertionInput): AadError | null {
  const { now, clientId } = a;
  const parts = a.assertion.split('.');
  const header = parts.length === 3 ? json(parts[0] ?? '') : null;
  const claims = parts.length === 3 ? json(parts[1] ?? '') : null;
  if (!header || !claims) return AAD.malformedJwt(now);
  const alg = header['alg'];
  if (alg !== 'RS256' && alg !== 'PS256') return AAD.malformedJwt(now);
  if (claims['iss'] !== clientId || claims['sub'] !== clientId) return AAD.assertionClientMismatch(now);
  const aud = claims['aud'];
  const auds = Array.isArray(aud) ? aud : [aud];
  if (!auds.some((x) => typeof x === 'string' && x.replace(/\/$/, '') === a.audience))
    return AAD.assertionAudience(now);
  const exp = claims['exp'];
  const nbf = claims['nbf'] ?? claims['iat'];
  if (typeof exp !== 'number' || typeof claims['jti'] !== 'string' || claims['jti'] === '')
    return AAD.malformedJwt(now);
  const t = now.getTime() / 1000;
  if (t > exp + SKEW_S || (typeof nbf === 'number' && t < nbf - SKEW_S))
    return AAD.assertionTime(
      now,
      new Date((typeof nbf === 'number' ? nbf : exp) * 1000),
      new Date(exp * 1000),
    );
  const s256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const s1 = typeof header['x5t'] === 'string' ? header['x5t'] : undefined;
  const used = s256 ?? s1;
  if (used === undefined) return AAD.malformedJwt(now);
  const found = a.certificates.find((c) => (s256 ? c.sha256 === s256 : c.sha1 === s1));
  if (!found) return AAD.keyNotFound(clientId, hex(used), now);
  const range = `Start=${found.cert.validFrom}, End=${found.cert.validTo}`;
  if (Date.parse(found.cert.validTo) < now.getTime()) return AAD.keyExpired(hex(used), range, now);
  const data = Buffer.from(`${parts[0] ?? ''}.${parts[1] ?? ''}`);
  const sig = Buffer.from(parts[2] ?? '', 'base64url');
  const key =
    alg === 'PS256'
      ? {
          key: found.cert.publicKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
        }
      : found.cert.publicKey;
  if (!verify('sha256', data, key, sig)) return AAD.badSignature(hex(used), range, now);
  return null;
}
