import { BlockList, isIP } from 'node:net';
import { canonicalAddress } from './addresses.ts';

/**
 * The operator's exceptions to the internal-address rule (WEBHOOK_ALLOW_HOSTS): IP addresses,
 * CIDR ranges and host names. A host name is trusted whatever it resolves to (a receiving
 * system on the agency's own network); an address or range is trusted whatever name led to it.
 */
export interface AllowList {
  allowsHost(hostname: string): boolean;
  allowsAddress(address: string): boolean;
}

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Why one allow-list entry is not usable, or undefined when it is. */
export function allowEntryProblem(entry: string): string | undefined {
  const [network = '', prefix, extra] = entry.split('/');
  if (extra !== undefined) return `"${entry}" is not an address, a CIDR range or a host name`;
  if (prefix !== undefined) {
    const family = isIP(network);
    const bits = Number(prefix);
    if (family === 0) return `"${entry}": ${network} is not an IP address`;
    if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) return `"${entry}": the prefix length must be 0–${family === 4 ? 32 : 128}`;
    return undefined;
  }
  if (isIP(entry) !== 0) return undefined;
  return HOST_NAME.test(normalHost(entry)) ? undefined : `"${entry}" is not an address, a CIDR range or a host name`;
}

/** Entries of a comma- or space-separated list, and the problems of the unusable ones. */
export function parseAllowList(text: string | undefined): { entries: string[]; problems: string[] } {
  const entries = (text ?? '').split(/[\s,]+/).filter((e) => e !== '');
  const problems = entries.map(allowEntryProblem).filter((p): p is string => p !== undefined);
  return { entries, problems };
}

function normalHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

export function createAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const addresses = new BlockList();
  for (const entry of entries) {
    const problem = allowEntryProblem(entry);
    if (problem) throw new Error(`allow-list: ${problem}`);
    const [network = '', prefix] = entry.split('/');
    const family = isIP(network) === 4 ? 'ipv4' : 'ipv6';
    if (prefix !== undefined) addresses.addSubnet(network, Number(prefix), family);
    else if (isIP(entry) !== 0) addresses.addAddress(canonicalAddress(entry), isIP(canonicalAddress(entry)) === 4 ? 'ipv4' : 'ipv6');
    else hosts.add(normalHost(entry));
  }
  return {
    allowsHost: (hostname) => hosts.has(normalHost(hostname)),
    allowsAddress(address) {
      const canonical = canonicalAddress(address);
      const family = isIP(canonical);
      return family !== 0 && addresses.check(canonical, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
