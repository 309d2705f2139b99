/** A throwaway certificate authority and broker certificate for the TLS tests, made with openssl. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestTls {
  caPem: string;
  otherCaPem: string;
  keystorePath: string;
  keystorePassword: string;
  clientCertPem: string;
  clientKeyPem: string;
}

function ossl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeTestTls(dir: string): TestTls {
  mkdirSync(dir, { recursive: true });
  const password = 'test-keystore-pass';
  const ca = (name: string) => {
    ossl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.pem`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  };
  ca('test-ca');
  ca('other-ca');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n');
  for (const who of ['broker', 'client']) {
    ossl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${who === 'broker' ? 'localhost' : 'kafka-cli-test-client'}`, '-keyout', `${who}.key`, '-out', `${who}.csr`]);
    ossl(dir, ['x509', '-req', '-in', `${who}.csr`, '-CA', 'test-ca.pem', '-CAkey', 'test-ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'ext.cnf', '-out', `${who}.pem`]);
  }
  ossl(dir, ['pkcs12', '-export', '-in', 'broker.pem', '-inkey', 'broker.key', '-certfile', 'test-ca.pem', '-name', 'broker', '-passout', `pass:${password}`, '-out', 'broker.p12']);
  return {
    caPem: join(dir, 'test-ca.pem'),
    otherCaPem: join(dir, 'other-ca.pem'),
    keystorePath: join(dir, 'broker.p12'),
    keystorePassword: password,
    clientCertPem: join(dir, 'client.pem'),
    clientKeyPem: join(dir, 'client.key'),
  };
}
