import { promises as dns } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isInternalAddress } from './addresses.ts';
import { createAllowList } from './allow-list.ts';

/**
 * Outbound HTTP on a caller's behalf (webhooks) that cannot be turned against the hub's own
 * network: every address a name resolves to is checked, and the connection goes to the
 * addresses checked, never to a second answer of the DNS (DNS rebinding). Redirects are not
 * followed, so a receiver cannot bounce the request inward either.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export class OutboundRefusedError extends Error {
  /** `internal`: an address is internal and not on the allow-list; `unresolvable`: the name has no address. */
  readonly reason: 'internal' | 'unresolvable';
  readonly host: string;
  readonly address: string | undefined;
  constructor(reason: 'internal' | 'unresolvable', host: string, address?: string, cause?: unknown) {
    super(
      reason === 'internal'
        ? `${host} resolves to ${address}, an internal address (loopback, private, link-local or reserved) that is not on the allow-list`
        : `${host} has no address${cause instanceof Error ? ` (${cause.message})` : ''}`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'OutboundRefusedError';
    this.reason = reason;
    this.host = host;
    this.address = address;
  }
}

export interface OutboundOptions {
  /** Exceptions for internal addresses: IPs, CIDR ranges, host names (WEBHOOK_ALLOW_HOSTS). */
  allow: readonly string[];
  /** Name resolution; by default the system's (getaddrinfo, /etc/hosts included). */
  resolve?: ResolveHost;
}

export interface OutboundPost {
  headers: Record<string, string>;
  body: Uint8Array;
  timeoutMs: number;
}

const systemResolve: ResolveHost = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** The host of a URL as a resolver or `isIP` expects it: no brackets around IPv6, no trailing dot. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

export function createOutboundGuard(options: OutboundOptions) {
  const allow = createAllowList(options.allow);
  const resolve = options.resolve ?? systemResolve;

  /** The addresses `url` may be reached at, after checking every one; throws OutboundRefusedError. */
  async function check(url: URL): Promise<ResolvedAddress[]> {
    const host = bareHost(url);
    const literal = isIP(host);
    let addresses: ResolvedAddress[];
    if (literal !== 0) addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
    else {
      try {
        addresses = await resolve(host);
      } catch (error) {
        throw new OutboundRefusedError('unresolvable', host, undefined, error);
      }
      if (addresses.length === 0) throw new OutboundRefusedError('unresolvable', host);
    }
    if (allow.allowsHost(host)) return addresses;
    for (const { address } of addresses) {
      if (isInternalAddress(address) && !allow.allowsAddress(address)) throw new OutboundRefusedError('internal', host, address);
    }
    return addresses;
  }

  /** POSTs `init.body` to `url` and answers the status; the response body is not read. */
  async function post(url: URL, init: OutboundPost): Promise<{ status: number }> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported scheme ${url.protocol}`);
    const addresses = await check(url);
    const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
      const usable = addresses.filter((a) => !lookupOptions.family || a.family === lookupOptions.family);
      const first = usable[0];
      if (!first) {
        callback(Object.assign(new Error(`no IPv${lookupOptions.family} address among those checked`), { code: 'ENOTFOUND' }), '', 0);
        return;
      }
      if (lookupOptions.all) (callback as unknown as (err: null, all: ResolvedAddress[]) => void)(null, usable);
      else callback(null, first.address, first.family);
    };
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolveStatus, reject) => {
      const request = transport.request(
        url,
        {
          method: 'POST',
          headers: { ...init.headers, 'content-length': String(init.body.byteLength) },
          // A fresh agent: a pooled socket of the process's global agent may have been opened to
          // an address nobody checked.
          agent: false,
          lookup,
          signal: AbortSignal.timeout(init.timeoutMs),
        },
        (response) => {
          resolveStatus({ status: response.statusCode ?? 0 });
          response.destroy();
        },
      );
      request.on('error', reject);
      request.end(init.body);
    });
  }

  return { check, post };
}

export type OutboundGuard = ReturnType<typeof createOutboundGuard>;
