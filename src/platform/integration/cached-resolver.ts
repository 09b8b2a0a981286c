import type { ClientSecretResolver, ResolvedClient } from './authenticate.ts';

export interface CachedResolverOptions {
  /** How long a resolved client is reused (default 5 s): the longest a revocation or rotation takes to apply in a process. */
  ttlMs?: number;
  /** Clients kept at most; the oldest entry goes first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Remembers resolved clients for a few seconds. Resolving costs two queries and a
 * decryption per signed request, and a receiving system calls many times a second with
 * the same client. Unknown clients are not remembered (a client created a moment ago is
 * found at once), and concurrent lookups of one client share one resolution.
 */
export function cachedResolver<C extends ResolvedClient = ResolvedClient>(resolver: ClientSecretResolver<C>, options: CachedResolverOptions = {}): ClientSecretResolver<C> {
  const ttlMs = options.ttlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { until: number; client: Promise<C | undefined> }>();
  return {
    resolve(clientId) {
      const cached = entries.get(clientId);
      if (cached && cached.until > now()) return cached.client;
      entries.delete(clientId);
      const client = resolver.resolve(clientId);
      entries.set(clientId, { until: now() + ttlMs, client });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      // Neither a failure nor an unknown client is remembered.
      client.then(
        (found) => {
          if (!found && entries.get(clientId)?.client === client) entries.delete(clientId);
        },
        () => {
          if (entries.get(clientId)?.client === client) entries.delete(clientId);
        },
      );
      return client;
    },
  };
}
