import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Certificates for checker tests, made at test time by the `openssl` binary (Node can verify
 * X.509 but not issue it): a CA, and leaves it signs with the subject, SANs and lifetime a test
 * asks for. EC P-256 keys keep it fast. For tests only.
 */
export interface IssuedCert {
  cert: string;
  key: string;
}

export interface LeafRequest {
  cn: string;
  o?: string[];
  dns?: string[];
  ip?: string[];
  days?: number;
  /** Sign with its own key instead of the CA's. */
  selfSigned?: boolean;
}

export interface TestPki {
  ca: IssuedCert;
  issue(request: LeafRequest): IssuedCert;
  cleanup(): void;
}

/** `-subj` text: `/` and `+` inside a value are escaped, as openssl's parser requires. */
const subj = (cn: string, o: readonly string[] = []): string =>
  [...o.map((v) => `/O=${v}`), `/CN=${cn}`].map((part) => part.slice(0, 3) + part.slice(3).replace(/([/+\\])/g, '\\$1')).join('');

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeTestPki(caName = 'kubernetes'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'kubedrill-pki-'));
  const openssl = (args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  openssl(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-subj', subj(caName)]);
  let serial = 0;
  return {
    ca: { cert: read('ca.crt'), key: read('ca.key') },
    issue(r) {
      const n = ++serial;
      const sans = [...(r.dns ?? []).map((d) => `DNS:${d}`), ...(r.ip ?? []).map((i) => `IP:${i}`)];
      writeFileSync(join(dir, `${n}.ext`), sans.length > 0 ? `subjectAltName=${sans.join(',')}\n` : '\n');
      const days = String(r.days ?? 365);
      if (r.selfSigned) {
        openssl(['req', '-x509', ...EC, '-keyout', `${n}.key`, '-out', `${n}.crt`, '-days', days, '-subj', subj(r.cn, r.o), ...(sans.length > 0 ? ['-addext', `subjectAltName=${sans.join(',')}`] : [])]);
      } else {
        openssl(['req', '-new', ...EC, '-keyout', `${n}.key`, '-out', `${n}.csr`, '-subj', subj(r.cn, r.o)]);
        openssl(['x509', '-req', '-in', `${n}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', String(1000 + n), '-days', days, '-extfile', `${n}.ext`, '-out', `${n}.crt`]);
      }
      return { cert: read(`${n}.crt`), key: read(`${n}.key`) };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Base64 as Kubernetes stores Secret `data` and kubeconfig `*-data` fields. */
export const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
