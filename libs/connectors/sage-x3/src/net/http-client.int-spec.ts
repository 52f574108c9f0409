/** @jest-environment ./libs/connectors/sage-x3/src/testing/native-require.environment.js */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createX3Transport } from '../x3-transport.factory';
import { X3ConfigurationError } from '../errors/x3-errors';
import { X3ConnectionSettings } from '../x3-connection-settings';

// Local stand-ins for an on-premise Syracuse: a self-signed HTTPS server and one that redirects.
const answer = JSON.stringify({
  data: { x3FinanceData: { currency: { read: { _id: 'EUR', _createStamp: 'x', _updateStamp: 'x', code: 'EUR' } } } },
});

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('HTTP transport edge cases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'x3-tls-'));
  let tlsServer: https.Server;
  let redirectServer: http.Server;
  let caPem: string;
  let base: X3ConnectionSettings;
  let redirectUrl: string;

  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    caPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    tlsServer = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: caPem }, (req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(answer));
    });
    redirectServer = http.createServer((req, res) => {
      req.resume();
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    });
    const [tlsPort, redirectPort] = await Promise.all([listen(tlsServer), listen(redirectServer)]);
    base = {
      baseUrl: `https://127.0.0.1:${tlsPort}`,
      endpoint: 'SEED',
      companies: [],
      allowPrivateTargets: true,
      requestTimeoutMs: 5000,
      auth: { kind: 'basic', user: 'u', password: 'p' },
    };
    redirectUrl = `http://127.0.0.1:${redirectPort}`;
  });
  afterAll(() => {
    tlsServer?.close();
    redirectServer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a self-signed server unless its CA is configured', async () => {
    const untrusted = createX3Transport(base);
    await expect(untrusted.get('company', 'FR10')).rejects.toThrow(X3ConfigurationError);
    await expect(untrusted.get('company', 'FR10')).rejects.toThrow(/TLS certificate not trusted/);
    untrusted.close();
    const trusted = createX3Transport({ ...base, tls: { caPem } });
    await expect(trusted.get('currency', 'EUR')).resolves.toMatchObject({ _id: 'EUR', code: 'EUR' });
    trusted.close();
  });

  it('never follows a redirect', async () => {
    const x3 = createX3Transport({ ...base, baseUrl: redirectUrl });
    await expect(x3.get('company', 'FR10')).rejects.toThrow(/redirect/);
    x3.close();
  });
});
