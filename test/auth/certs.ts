// Test certificates made with the openssl CLI (node cannot create X.509), and a JWT signer for assertions.
import { constants, createHash, createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCert {
  readonly keyPath: string;
  readonly certPath: string;
  readonly keyPem: string;
  readonly certPem: string;
  /** SHA-1 thumbprint in hex, as the Entra portal shows it. */
  readonly thumbprint: string;
}

const CA_CONF = `[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n`;

/** A 2048-bit RSA key and a self-signed certificate; `expired` makes one valid only in January 2020. */
export async function makeCert(name: string, opts: { expired?: boolean } = {}): Promise<TestCert> {
  const dir = await mkdtemp(path.join(tmpdir(), `ferry-cert-${name}-`));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'key.pem']);
  if (opts.expired) {
    // `openssl req -x509` cannot backdate; `openssl ca -selfsign` takes explicit dates.
    await writeFile(path.join(dir, 'ca.cnf'), CA_CONF);
    await writeFile(path.join(dir, 'index.txt'), '');
    await writeFile(path.join(dir, 'serial'), '01\n');
    run(['req', '-new', '-key', 'key.pem', '-subj', `/CN=${name}`, '-out', 'req.csr']);
    run([
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-selfsign',
      '-keyfile',
      'key.pem',
      '-in',
      'req.csr',
      '-notext',
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200102000000Z',
      '-out',
      'cert.pem',
    ]);
  } else {
    run([
      'req',
      '-new',
      '-x509',
      '-key',
      'key.pem',
      '-subj',
      `/CN=${name}`,
      '-days',
      '2',
      '-out',
      'cert.pem',
    ]);
  }
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  // The secret file rule: owned by us, mode 600.
  await chmod(keyPath, 0o600);
  await chmod(certPath, 0o600);
  const certPem = await readFile(certPath, 'utf8');
  const thumbprint = new X509Certificate(certPem).fingerprint.replaceAll(':', '');
  return { keyPath, certPath, keyPem: await readFile(keyPath, 'utf8'), certPem, thumbprint };
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** An RS256 (or, with header alg PS256, PS256) client assertion as a certificate-holding client would sign it (claims overridable). */
export function signAssertion(
  cert: TestCert,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): string {
  const raw = new X509Certificate(cert.certPem).raw;
  const now = Math.floor(Date.now() / 1000);
  const h = b64({
    alg: 'RS256',
    typ: 'JWT',
    x5t: createHash('sha1').update(raw).digest('base64url'),
    ...header,
  });
  const p = b64({ jti: randomUUID(), nbf: now, iat: now, exp: now + 600, ...claims });
  const key = createPrivateKey(cert.keyPem);
  // PS256 as msal signs it: RSA-PSS with a salt as long as the digest.
  const signer =
    header['alg'] === 'PS256'
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : key;
  const sig = sign('sha256', Buffer.from(`${h}.${p}`), signer).toString('base64url');
  return `${h}.${p}.${sig}`;
}
