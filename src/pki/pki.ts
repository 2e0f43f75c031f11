import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as forge from 'node-forge';

/** The apiserver's credentials: a CA, a serving certificate signed by it, and the admin token. */
export interface Pki {
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  adminToken: string;
  /** Key that signs service-account tokens (PEM, PKCS#8), and its public half. */
  serviceAccountKeyPem: string;
  serviceAccountPublicKeyPem: string;
}

function newSerial(): string {
  // A positive 16-byte serial (leading nibble kept below 8 so it is not read as negative).
  return '0' + randomBytes(16).toString('hex').slice(1);
}

function selfSignedCa(): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = newSerial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600_000);
  const subject = [{ name: 'commonName', value: 'kubepg-ca' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function servingCert(ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }, hosts: string[]): { certPem: string; keyPem: string } {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = newSerial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600_000);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  const altNames = hosts.map((h) => (/^[\d.]+$/.test(h) || h.includes(':') ? { type: 7, ip: h } : { type: 2, value: h }));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

/**
 * Loads the PKI from `<dataDir>/pki`, creating it on first start. A second start reuses the
 * same CA, certificate and token, so kubeconfigs handed out earlier keep working.
 */
export function ensurePki(dataDir: string, extraHosts: string[] = []): Pki {
  const dir = path.join(dataDir, 'pki');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (n: string): string => path.join(dir, n);
  if (!existsSync(file('ca.crt')) || !existsSync(file('ca.key'))) {
    const ca = selfSignedCa();
    writeFileSync(file('ca.key'), forge.pki.privateKeyToPem(ca.key), { mode: 0o600 });
    writeFileSync(file('ca.crt'), forge.pki.certificateToPem(ca.cert));
  }
  if (!existsSync(file('apiserver.crt')) || !existsSync(file('apiserver.key'))) {
    const ca = {
      cert: forge.pki.certificateFromPem(readFileSync(file('ca.crt'), 'utf8')),
      key: forge.pki.privateKeyFromPem(readFileSync(file('ca.key'), 'utf8')) as forge.pki.rsa.PrivateKey,
    };
    const hosts = ['localhost', '127.0.0.1', '::1', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', '10.96.0.1', ...extraHosts];
    const { certPem, keyPem } = servingCert(ca, [...new Set(hosts)]);
    writeFileSync(file('apiserver.key'), keyPem, { mode: 0o600 });
    writeFileSync(file('apiserver.crt'), certPem);
  }
  if (!existsSync(file('sa.key'))) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(file('sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(file('sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  }
  if (!existsSync(file('admin.token'))) {
    writeFileSync(file('admin.token'), randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return {
    caCertPem: readFileSync(file('ca.crt'), 'utf8'),
    serverCertPem: readFileSync(file('apiserver.crt'), 'utf8'),
    serverKeyPem: readFileSync(file('apiserver.key'), 'utf8'),
    adminToken: readFileSync(file('admin.token'), 'utf8').trim(),
    serviceAccountKeyPem: readFileSync(file('sa.key'), 'utf8'),
    serviceAccountPublicKeyPem: readFileSync(file('sa.pub'), 'utf8'),
  };
}

/** Writes `<dataDir>/kubeconfig` for the admin user and returns its path. */
export function writeKubeconfig(dataDir: string, server: string, pki: Pki): string {
  const file = path.join(dataDir, 'kubeconfig');
  const caData = Buffer.from(pki.caCertPem).toString('base64');
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: kubepg',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${caData}`,
    'users:',
    '- name: kubepg-admin',
    '  user:',
    `    token: ${pki.adminToken}`,
    'contexts:',
    '- name: kubepg',
    '  context:',
    '    cluster: kubepg',
    '    user: kubepg-admin',
    '    namespace: default',
    'current-context: kubepg',
    '',
  ].join('\n');
  // Written beside and renamed, so a reader (a restarted server's clients) never sees it half written.
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return file;
}
