import { isPrivateAddress, resolveSafeTarget } from './ssrf-guard';
import { X3ConfigurationError } from '../errors/x3-errors';

describe('SSRF guard for the customer-supplied X3 base URL', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fd00:ec2::254',
    'fc12::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
  ])('classifies %s as private or reserved', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '52.18.1.20', '2a00:1450:4007:80f::200e'])('classifies %s as public', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('refuses private, loopback and metadata targets outside development', async () => {
    await expect(resolveSafeTarget('http://127.0.0.1:8124', false)).rejects.toThrow(X3ConfigurationError);
    await expect(resolveSafeTarget('http://[::1]:8124', false)).rejects.toThrow(/private or reserved/);
    await expect(resolveSafeTarget('http://localhost:8124', false)).rejects.toThrow(/not allowed/);
    await expect(resolveSafeTarget('http://metadata.google.internal', false)).rejects.toThrow(/not allowed/);
    await expect(resolveSafeTarget('http://169.254.169.254/latest', false)).rejects.toThrow(/private or reserved/);
  });

  it('refuses a host when any DNS answer is private (rebinding) and pins the vetted address', async () => {
    const mixed = async () => [
      { address: '52.18.1.20', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    await expect(resolveSafeTarget('https://x3.customer.example', false, mixed)).rejects.toThrow(/10\.0\.0\.5/);
    const publicOnly = async () => [{ address: '52.18.1.20', family: 4 }];
    expect(await resolveSafeTarget('https://x3.customer.example:8124', false, publicOnly)).toMatchObject({
      hostname: 'x3.customer.example',
      address: '52.18.1.20',
      family: 4,
    });
  });

  it('allows private targets only when development explicitly allows them', async () => {
    expect((await resolveSafeTarget('http://127.0.0.1:4010', true)).address).toBe('127.0.0.1');
  });

  it('reports a host that does not resolve', async () => {
    const none = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    await expect(resolveSafeTarget('https://nowhere.invalid', false, none)).rejects.toThrow(/does not resolve/);
  });
});
