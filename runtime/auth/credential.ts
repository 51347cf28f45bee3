// The tenant's Dynamics credential (secret, certificate, workload or managed identity) -> a token source.
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { CertificateCredential, DynamicsConnection } from '../../core/model/tenant.ts';
import { AuthError, registerSecret } from '../../core/errors.ts';
import type { Clock } from '../http/clock.ts';
import { realClock } from '../http/clock.ts';
import type { Send } from '../http/types.ts';
import { resolveSecret } from '../secrets.ts';
import { dynamicsTokenSource, type DynamicsTokenSource, type MsalCredential } from './dynamics.ts';
import { managedIdentityTokenSource } from './managed-identity.ts';

export interface CredentialContext {
  readonly tenantDir: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Transport for the managed identity endpoint. */
  readonly send: Send;
  readonly clock?: Clock;
}

const hash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);

export async function dynamicsCredential(
  conn: DynamicsConnection,
  ctx: CredentialContext,
): Promise<DynamicsTokenSource> {
  const env = ctx.env ?? process.env;
  if (conn.managedIdentity)
    return managedIdentityTokenSource(conn, conn.managedIdentity, ctx.send, env, ctx.clock ?? realClock);
  return dynamicsTokenSource(conn, await msalCredential(conn, ctx.tenantDir, env, ctx.clock ?? realClock));
}

async function msalCredential(
  conn: DynamicsConnection,
  tenantDir: string,
  env: NodeJS.ProcessEnv,
  clock: Clock,
): Promise<MsalCredential> {
  if (conn.certificate) return certificateCredential(conn.certificate, tenantDir, env, clock);
  if (conn.workloadIdentity) {
    const file = conn.workloadIdentity.tokenFile ?? env['AZURE_FEDERATED_TOKEN_FILE'];
    if (file === undefined || file === '')
      throw new AuthError(
        'FERRY_AUTH_TOKEN_FILE',
        'Workload identity: no tokenFile in the tenant file and AZURE_FEDERATED_TOKEN_FILE is not set',
      );
    // Re-read on every token request: the platform rotates the projected token in place.
    return { auth: { clientAssertion: () => readAssertion(file) }, fingerprint: `wi:${file}` };
  }
  if (!conn.clientSecret)
    throw new AuthError('FERRY_AUTH_DYNAMICS', 'The Dynamics connection names no credential');
  const secret = await resolveSecret(conn.clientSecret, tenantDir, env);
  return { auth: { clientSecret: secret }, fingerprint: `s:${hash(secret)}` };
}

async function readAssertion(file: string): Promise<string> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    throw new AuthError(
      'FERRY_AUTH_TOKEN_FILE',
      `Workload identity token file ${file} cannot be read (${code})`,
    );
  }
  if (text === '')
    throw new AuthError('FERRY_AUTH_TOKEN_FILE', `Workload identity token file ${file} is empty`);
  registerSecret(text, 'token');
  return text;
}

const badCert = (message: string): AuthError => new AuthError('FERRY_AUTH_CERTIFICATE', message);

async function certificateCredential(
  c: CertificateCredential,
  tenantDir: string,
  env: NodeJS.ProcessEnv,
  clock: Clock,
): Promise<MsalCredential> {
  const keyPem = await resolveSecret(c.privateKey, tenantDir, env);
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    // node's message may quote the input: give none of it.
    throw badCert('Dynamics certificate: the private key is not a readable PEM private key');
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw badCert(
      `Dynamics certificate: Entra needs an RSA key, this one is ${key.asymmetricKeyType ?? 'unknown'}`,
    );
  // msal signs with a PKCS#8 key; a PKCS#1 ("BEGIN RSA PRIVATE KEY") file is converted here.
  const privateKey = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  registerSecret(privateKey);
  if (!c.certificate) {
    const clientCertificate = c.thumbprintSha256
      ? { thumbprintSha256: c.thumbprintSha256.toUpperCase(), privateKey }
      : { thumbprint: (c.thumbprint ?? '').toUpperCase(), privateKey };
    return { auth: { clientCertificate }, fingerprint: `c:${hash(privateKey)}` };
  }
  const certPem = await resolveSecret(c.certificate, tenantDir, env);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    throw badCert('Dynamics certificate: the certificate is not a readable PEM certificate');
  }
  const now = clock.now();
  if (Date.parse(cert.validTo) <= now)
    throw badCert(
      `Dynamics certificate ${cert.fingerprint256.replaceAll(':', '')} expired on ${cert.validTo}`,
    );
  if (Date.parse(cert.validFrom) > now)
    throw badCert(
      `Dynamics certificate ${cert.fingerprint256.replaceAll(':', '')} is not valid before ${cert.validFrom}`,
    );
  if (!cert.checkPrivateKey(key))
    throw badCert('Dynamics certificate: the private key does not belong to the certificate');
  // x5t#S256 (msal then signs PS256) and x5c, so Entra can match the uploaded certificate.
  const clientCertificate = {
    thumbprintSha256: cert.fingerprint256.replaceAll(':', ''),
    privateKey,
    x5c: certPem,
  };
  return {
    auth: { clientCertificate },
    fingerprint: `c:${clientCertificate.thumbprintSha256}:${hash(privateKey)}`,
  };
}
