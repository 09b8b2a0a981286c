import { describe, expect, it } from 'vitest';
import type { ResolvedClient } from './authenticate.ts';
import { cachedResolver } from './index.ts';

function counting(answers: Record<string, ResolvedClient | undefined | Error>) {
  const calls: string[] = [];
  return {
    calls,
    resolver: {
      async resolve(clientId: string) {
        calls.push(clientId);
        const answer = answers[clientId];
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
  };
}

const client = (clientId: string, secrets = ['s1']): ResolvedClient => ({ clientId, agencyCode: '000.00.00.G15', secrets });

describe('cachedResolver', () => {
  it('reuses a resolved client until its time is up, then asks again (a revocation applies)', async () => {
    let clock = 0;
    const answers: Record<string, ResolvedClient | undefined | Error> = { a: client('a') };
    const { calls, resolver } = counting(answers);
    const cached = cachedResolver(resolver, { ttlMs: 1000, now: () => clock });
    expect(await cached.resolve('a')).toEqual(client('a'));
    clock = 999;
    expect(await cached.resolve('a')).toEqual(client('a'));
    expect(calls).toEqual(['a']);
    answers.a = { ...client('a', []), revoked: true };
    clock = 1000;
    expect(await cached.resolve('a')).toMatchObject({ revoked: true, secrets: [] });
    expect(calls).toEqual(['a', 'a']);
  });

  it('shares one resolution between concurrent lookups', async () => {
    const { calls, resolver } = counting({ a: client('a') });
    const cached = cachedResolver(resolver);
    await Promise.all([cached.resolve('a'), cached.resolve('a'), cached.resolve('a')]);
    expect(calls).toEqual(['a']);
  });

  it('remembers neither an unknown client nor a failure', async () => {
    const answers: Record<string, ResolvedClient | undefined | Error> = { gone: undefined, broken: new Error('database down') };
    const { calls, resolver } = counting(answers);
    const cached = cachedResolver(resolver);
    expect(await cached.resolve('gone')).toBeUndefined();
    answers.gone = client('gone'); // created a moment later
    expect(await cached.resolve('gone')).toEqual(client('gone'));
    await expect(cached.resolve('broken')).rejects.toThrow('database down');
    answers.broken = client('broken');
    expect(await cached.resolve('broken')).toEqual(client('broken'));
    expect(calls).toEqual(['gone', 'gone', 'broken', 'broken']);
  });

  it('keeps at most maxEntries clients, dropping the oldest', async () => {
    const { calls, resolver } = counting({ a: client('a'), b: client('b'), c: client('c') });
    const cached = cachedResolver(resolver, { maxEntries: 2 });
    for (const id of ['a', 'b', 'c', 'c', 'b', 'a']) await cached.resolve(id);
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
