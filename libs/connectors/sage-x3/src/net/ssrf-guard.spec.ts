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
    // NAT64 (RFC 6052) in every spelling, and its local-use prefix (RFC 8215)
    '64:ff9b::7f00:1',
    '64:ff9b::169.254.169.254',
    '64:ff9b:1::8.8.8.8',
    // IPv4-compatible (deprecated ::a.b.c.d)
    '::127.0.0.1',
    '::10.0.0.1',
    '::a9fe:a9fe',
    '::192.168.0.1',
    // IPv4-mapped in hex, and SIIT (::ffff:0:a.b.c.d)
    '::ffff:7f00:1',
    '::ffff:0:10.0.0.1',
    // 6to4 (2002:AABB:CCDD::) carrying a private IPv4
    '2002:7f00:1::',
    '2002:a00:1::1',
    '2002:a9fe:a9fe::1',
    '2002:c0a8:101::1',
    // site-local (fec0::/10, deprecated but routable in some networks), Teredo, documentation
    'fec0::1',
    'feff::1',
    '2001::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '2001:db8::1',
    '3fff::1',
    // outside global unicast (2000::/3), discard, multicast, broadcast and other IPv4 specials
    '4000::1',
    '100::1',
    'ff02::1',
    '255.255.255.255',
    '192.0.2.1',
    '198.18.0.1',
    '224.0.0.1',
    '240.0.0.1',
    'not-an-address',
  ])('classifies %s as private or reserved', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '52.18.1.20',
    '2a00:1450:4007:80f::200e',
    // forms that carry a public IPv4 are judged by it
    '64:ff9b::8.8.8.8',
    '::ffff:8.8.8.8',
    '2002:808:808::1',
  ])('classifies %s as public', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('refuses a private address hidden in an IPv6 form when the host resolves to it', async () => {
    const nat64 = () => Promise.resolve([{ address: '64:ff9b::a9fe:a9fe', family: 6 }]);
    await expect(resolveSafeTarget('https://x3.customer.example', false, nat64)).rejects.toThrow(/private or reserved/);
    await expect(resolveSafeTarget('http://[2002:a00:1::1]:8124', false)).rejects.toThrow(/private or reserved/);
    await expect(resolveSafeTarget('http://[fec0::1]:8124', false)).rejects.toThrow(/private or reserved/);
  });

  it('refuses private, loopback and metadata targets outside development', async () => {
    await expect(resolveSafeTarget('http://127.0.0.1:8124', false)).rejects.toThrow(X3ConfigurationError);
    await expect(resolveSafeTarget('http://[::1]:8124', false)).rejects.toThrow(/private or reserved/);
    await expect(resolveSafeTarget('http://localhost:8124', false)).rejects.toThrow(/not allowed/);
    await expect(resolveSafeTarget('http://metadata.google.internal', false)).rejects.toThrow(/not allowed/);
    await expect(resolveSafeTarget('http://169.254.169.254/latest', false)).rejects.toThrow(/private or reserved/);
  });

  it('refuses a host when any DNS answer is private (rebinding) and pins the vetted address', async () => {
    const mixed = () =>
      Promise.resolve([
        { address: '52.18.1.20', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ]);
    await expect(resolveSafeTarget('https://x3.customer.example', false, mixed)).rejects.toThrow(/10\.0\.0\.5/);
    const publicOnly = () => Promise.resolve([{ address: '52.18.1.20', family: 4 }]);
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
    const none = () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    await expect(resolveSafeTarget('https://nowhere.invalid', false, none)).rejects.toThrow(/does not resolve/);
  });
});
