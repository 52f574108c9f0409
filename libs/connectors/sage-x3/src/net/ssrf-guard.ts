import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { X3ConfigurationError } from '../errors/x3-errors';

// The X3 base URL is typed by a customer: without this guard it could point our servers at
// internal services or the cloud metadata endpoint.

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['100::', 64],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.azure.com',
  'instance-data',
  'instance-data.ec2.internal',
]);

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses carry an IPv4 target.
  const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (embedded) return blocked.check(embedded[1], 'ipv4');
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hexMapped) {
    const [hi, lo] = [parseInt(hexMapped[1], 16), parseInt(hexMapped[2], 16)];
    return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
  }
  return blocked.check(address, 'ipv6');
}

export interface SafeTarget {
  url: URL;
  hostname: string;
  /** The vetted address every request connects to (no second DNS answer can swap it). */
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

export async function resolveSafeTarget(
  baseUrl: string,
  allowPrivate: boolean,
  resolver: Resolver = systemResolver,
): Promise<SafeTarget> {
  const url = new URL(baseUrl);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (METADATA_HOSTS.has(hostname.toLowerCase()) || hostname.toLowerCase() === 'localhost')) {
    throw new X3ConfigurationError(`X3 base URL host ${hostname} is not allowed`);
  }
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = isIP(hostname) ? [{ address: hostname, family: isIP(hostname) }] : await resolver(hostname);
  } catch (error) {
    throw new X3ConfigurationError(`X3 host ${hostname} does not resolve`, { cause: error });
  }
  if (addresses.length === 0) throw new X3ConfigurationError(`X3 host ${hostname} does not resolve`);
  // Every answer must be public: otherwise a later lookup could pick the private one.
  const refused = addresses.find((a) => isPrivateAddress(a.address));
  if (refused && !allowPrivate) {
    throw new X3ConfigurationError(
      `X3 host ${hostname} resolves to a private or reserved address (${refused.address})`,
    );
  }
  return { url, hostname, address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}
