import { BlockList, isIP } from 'node:net';

/**
 * Which IP addresses an outbound request made on a caller's behalf (a webhook) may reach.
 * Everything that is not a global unicast address is internal: the hub's own loopback, the
 * private and carrier-grade NAT networks it may sit in, link-local (cloud metadata at
 * 169.254.169.254), multicast, broadcast and the reserved and documentation ranges of
 * IANA's special-purpose registries. IPv6 forms that carry an IPv4 address (mapped,
 * compatible, NAT64, 6to4) are judged by that IPv4 address.
 */

const INTERNAL_V4: [network: string, prefix: number][] = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the limited broadcast 255.255.255.255
];

const INTERNAL_V6: [network: string, prefix: number][] = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48], // local-use NAT64: translates to networks of the operator's choice
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments, Teredo (its IPv4 address is obfuscated)
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some stacks)
  ['ff00::', 8], // multicast
];

const internal = new BlockList();
for (const [network, prefix] of INTERNAL_V4) internal.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of INTERNAL_V6) internal.addSubnet(network, prefix, 'ipv6');

/** The 16 bytes of an IPv6 address (`::`, embedded dotted IPv4 and zone-less forms). */
function ipv6Bytes(text: string): Uint8Array | undefined {
  let address = text;
  const dotted = /\d+\.\d+\.\d+\.\d+$/.exec(address)?.[0];
  if (dotted !== undefined) {
    const v4 = ipv4Bytes(dotted);
    if (!v4) return undefined;
    address = `${address.slice(0, -dotted.length)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? Number.parseInt(g, 16) : Number.NaN)));
  const left = parse(halves[0] ?? '');
  const right = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const bytes = new Uint8Array(16);
  for (const [i, g] of [...left, ...Array<number>(missing).fill(0), ...right].entries()) {
    if (Number.isNaN(g)) return undefined;
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  }
  return bytes;
}

function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split('.').map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255) ? parts : undefined;
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** The IPv4 address an IPv6 address carries, when it is one of the forms that reach IPv4 hosts. */
export function embeddedIpv4(address: string): string | undefined {
  const b = ipv6Bytes(address);
  if (!b) return undefined;
  const last = (at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
  const zeros = (n: number) => Array<number>(n).fill(0);
  if (startsWith(b, [...zeros(10), 0xff, 0xff])) return last(12); // ::ffff:a.b.c.d, mapped
  if (startsWith(b, [...zeros(8), 0xff, 0xff, 0, 0])) return last(12); // ::ffff:0:a.b.c.d, translated (SIIT)
  if (startsWith(b, [0, 0x64, 0xff, 0x9b, ...zeros(8)])) return last(12); // 64:ff9b::a.b.c.d, NAT64
  if (startsWith(b, [0x20, 0x02])) return last(2); // 2002:aabb:ccdd::, 6to4
  if (startsWith(b, zeros(12))) return last(12); // ::a.b.c.d, compatible (deprecated); also :: and ::1
  return undefined;
}

/** True when `address` is not a global unicast address. Anything unparseable counts as internal. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return internal.check(address, 'ipv4');
  if (family !== 6) return true;
  if (internal.check(address, 'ipv6')) return true;
  const v4 = embeddedIpv4(address);
  return v4 !== undefined && internal.check(v4, 'ipv4');
}

/** An IPv6 address that only wraps an IPv4 one (`::ffff:10.0.0.1`) written as that IPv4 address. */
export function canonicalAddress(address: string): string {
  if (isIP(address) !== 6) return address;
  const b = ipv6Bytes(address);
  return b && startsWith(b, [...Array<number>(10).fill(0), 0xff, 0xff]) ? `${b[12]}.${b[13]}.${b[14]}.${b[15]}` : address.toLowerCase();
}
