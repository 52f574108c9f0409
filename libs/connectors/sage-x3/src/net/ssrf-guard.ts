import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { X3ConfigurationError } from '../errors/x3-errors';

// The X3 base URL is typed by a customer: without this guard it could point our servers at
// internal services or the cloud metadata endpoint.

const METADATA_HOSTS = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.azure.com',
  'instance-data',
  'instance-data.ec2.internal',
]);

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parse('2000::');
const v4From = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);

/**
 * The IPv4 address an IPv6 form carries to an IPv4 host: IPv4-mapped (::ffff:a.b.c.d),
 * SIIT (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4
 * (2002:aabb:ccdd::). Null for every other address.
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = address.parts;
  const range = address.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return v4From(p[6], p[7]);
  if (range === '6to4') return v4From(p[1], p[2]);
  if (range === 'rfc6052' && address.match(ipaddr.IPv6.parse('64:ff9b::'), 96)) return v4From(p[6], p[7]);
  if (p.slice(0, 6).every((part) => part === 0) && range === 'unicast') return v4From(p[6], p[7]);
  return null;
}

/**
 * Only global unicast targets are allowed (ipaddr.js classifies; anything it names is refused:
 * private, loopback, link-local, site-local, unique-local, CGNAT, multicast, documentation,
 * benchmarking, Teredo, local-use NAT64...). IPv6 forms that carry an IPv4 address are judged by
 * that address, so 64:ff9b::10.0.0.1 is as private as 10.0.0.1.
 */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.range() !== 'unicast';
  const v6 = parsed as ipaddr.IPv6;
  const embedded = embeddedIPv4(v6);
  if (embedded) return embedded.range() !== 'unicast';
  return v6.range() !== 'unicast' || !v6.match(GLOBAL_UNICAST_V6, 3);
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
