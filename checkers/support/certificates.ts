import { createPrivateKey, X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Reading X.509 certificates the learner made (openssl, kubeadm, cert-manager, a CSR approved by
 * the cluster) with Node's built-in `crypto.X509Certificate`. Shared by the x509 and
 * kubeconfig-identity checkers.
 */

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const PEM_ANY = /-----BEGIN ([A-Z0-9 ]+)-----/;

/** The certificates of a PEM bundle in order (the first is the leaf, as TLS servers send them), or why there are none. */
export function parseCertificates(input: Buffer | string): { certs: X509Certificate[] } | { problem: string } {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const text = bytes.toString('latin1');
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    if (bytes.length === 0) return { problem: 'it is empty' };
    // DER is what `openssl x509 -outform der` writes: a single certificate, no armour.
    if (bytes[0] === 0x30) {
      try {
        return { certs: [new X509Certificate(bytes)] };
      } catch {
        // Not DER either: report it as the PEM it lacks.
      }
    }
    const other = PEM_ANY.exec(text)?.[1];
    return { problem: other !== undefined ? `it holds a ${other}, not a CERTIFICATE` : 'no PEM certificate in it (no -----BEGIN CERTIFICATE----- block)' };
  }
  const certs: X509Certificate[] = [];
  for (const [i, block] of blocks.entries()) {
    try {
      certs.push(new X509Certificate(block));
    } catch (error) {
      return { problem: `certificate ${i + 1} of ${blocks.length} does not parse: ${(error as Error).message}` };
    }
  }
  return { certs };
}

/** What a certificate says about whom it names, in the terms checks compare. */
export interface CertFacts {
  commonName: string | undefined;
  organizations: string[];
  dnsNames: string[];
  ipAddresses: string[];
  issuerCommonName: string | undefined;
  notBefore: Date;
  notAfter: Date;
}

/** A distinguished-name field as Node's legacy object holds it: a string, or an array when repeated. */
function dnValues(name: unknown, field: string): string[] {
  const value = (name as Record<string, unknown> | undefined)?.[field];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The entries of `subjectAltName` as Node prints it: `DNS:a, DNS:b, IP Address:10.0.0.1`. A value
 * holding a comma or quote is printed as a JSON string (`DNS:"a,b"`), so it is read as one.
 */
export function parseSubjectAltName(text: string | undefined): { type: string; value: string }[] {
  if (text === undefined || text === '') return [];
  const entries: { type: string; value: string }[] = [];
  const entry = /([A-Za-z][A-Za-z ]*):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g;
  for (const match of text.matchAll(entry)) {
    const raw = match[2] ?? '';
    let value = raw;
    if (raw.startsWith('"')) {
      try {
        value = JSON.parse(raw) as string;
      } catch {
        value = raw;
      }
    }
    entries.push({ type: match[1] ?? '', value });
  }
  return entries;
}

/** One spelling per address: `::1` and `0:0:0:0:0:0:0:1` (how Node prints IPv6 SANs) are the same IP. */
export function canonicalIp(ip: string): string {
  const bare = ip.trim().replace(/^\[|\]$/g, '');
  if (isIP(bare) === 6) return new URL(`http://[${bare}]/`).hostname.replace(/^\[|\]$/g, '');
  return bare;
}

/** DNS names compare case-insensitively (RFC 4343); a trailing dot is the same name. */
export const canonicalDns = (name: string): string => name.trim().toLowerCase().replace(/\.$/, '');

export function certFacts(cert: X509Certificate): CertFacts {
  const legacy = cert.toLegacyObject();
  const sans = parseSubjectAltName(cert.subjectAltName);
  return {
    commonName: dnValues(legacy.subject, 'CN')[0],
    organizations: dnValues(legacy.subject, 'O'),
    dnsNames: sans.filter((s) => s.type === 'DNS').map((s) => s.value),
    ipAddresses: sans.filter((s) => s.type === 'IP Address').map((s) => canonicalIp(s.value)),
    issuerCommonName: dnValues(legacy.issuer, 'CN')[0],
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
  };
}

/**
 * Whether `keyPem` is the private key of `cert`: `openssl x509 -noout -modulus` compared with
 * `openssl rsa -noout -modulus`, for any key type. A key that does not parse is `{ problem }`.
 */
export function keyMatchesCertificate(cert: X509Certificate, keyPem: Buffer | string): boolean | { problem: string } {
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch (error) {
    const text = typeof keyPem === 'string' ? keyPem : keyPem.toString('latin1');
    const other = PEM_ANY.exec(text)?.[1];
    if (other !== undefined && !other.includes('PRIVATE KEY')) return { problem: `it holds a ${other}, not a private key` };
    if (/ENCRYPTED/.test(text)) return { problem: 'the private key is encrypted (a passphrase is needed)' };
    return { problem: `not a private key: ${(error as Error).message}` };
  }
  return cert.checkPrivateKey(key);
}

/** Whether `ca` issued and signed `cert` (names chain and the signature verifies with the CA's key). */
export function issuedBy(cert: X509Certificate, ca: X509Certificate): boolean {
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

/** `2026-03-01` — the date part of an instant, as evidence shows validity. */
export const day = (date: Date): string => (Number.isNaN(date.getTime()) ? 'an unreadable date' : date.toISOString().slice(0, 10));
