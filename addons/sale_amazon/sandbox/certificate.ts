/**
 * The sandbox's TLS identity for https mode: a self-signed certificate made at start, never
 * written to the repository. It is its own CA (basicConstraints CA:TRUE), so a client trusts the
 * sandbox, and only it, by passing this one certificate as `ca`.
 */
import { generate } from 'selfsigned';

export interface SandboxCertificate {
  /** PEM certificate; also the CA to trust. */
  cert: string;
  /** PEM private key. */
  key: string;
}

export async function makeSandboxCertificate(): Promise<SandboxCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'Amazon SP-API sandbox (test only)' }], {
    keyType: 'ec', // P-256: generated in milliseconds, unlike an RSA key
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 30 * 86400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      // The sandbox listens on loopback; clients check the certificate against the address they dial.
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
