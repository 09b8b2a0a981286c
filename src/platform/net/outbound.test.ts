import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboundGuard, OutboundRefusedError, type ResolvedAddress } from './index.ts';

let server: http.Server;
let port = 0;
let hits: { url: string; host: string | undefined; body: string }[] = [];
let status = 204;
let location: string | undefined;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      hits.push({ url: request.url ?? '', host: request.headers.host, body: Buffer.concat(chunks).toString() });
      response.writeHead(status, location ? { location } : {}).end('answer body the guard does not read');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server?.close();
});
beforeEach(() => {
  hits = [];
  status = 204;
  location = undefined;
});

const dnsOf = (answers: Record<string, string[]>, calls: string[] = []) => async (hostname: string): Promise<ResolvedAddress[]> => {
  calls.push(hostname);
  return (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const post = { headers: { 'content-type': 'text/plain' }, body: new TextEncoder().encode('gói tin'), timeoutMs: 5_000 };

describe('createOutboundGuard', () => {
  it('refuses a loopback target unless the allow-list names it, before any connection', async () => {
    const closed = createOutboundGuard({ allow: [] });
    await expect(closed.post(new URL(`http://127.0.0.1:${port}/internal/admin/reset`), post)).rejects.toMatchObject({ reason: 'internal', address: '127.0.0.1' });
    await expect(closed.post(new URL(`http://0x7f.1:${port}/`), post)).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(closed.post(new URL(`http://[::ffff:127.0.0.1]:${port}/`), post)).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(hits).toEqual([]);

    const open = createOutboundGuard({ allow: ['127.0.0.0/8'] });
    expect(await open.post(new URL(`http://127.0.0.1:${port}/edoc?x=1`), post)).toEqual({ status: 204 });
    expect(hits).toEqual([{ url: '/edoc?x=1', host: `127.0.0.1:${port}`, body: 'gói tin' }]);
  });

  it('refuses a name when any of its addresses is internal', async () => {
    const guard = createOutboundGuard({ allow: [], resolve: dnsOf({ 'mixed.example.vn': ['14.225.10.20', '10.0.0.7'], 'public.example.vn': ['14.225.10.20', '2001:ee0:4000::1'] }) });
    await expect(guard.check(new URL('https://mixed.example.vn/'))).rejects.toMatchObject({ reason: 'internal', host: 'mixed.example.vn', address: '10.0.0.7' });
    expect(await guard.check(new URL('https://public.example.vn/'))).toHaveLength(2);
    await expect(guard.check(new URL('https://nowhere.example.vn/'))).rejects.toMatchObject({ reason: 'unresolvable' });
  });

  it('trusts a host name on the allow-list whatever it resolves to', async () => {
    const guard = createOutboundGuard({ allow: ['qlvb.noibo.gov.vn'], resolve: dnsOf({ 'qlvb.noibo.gov.vn': ['127.0.0.1'] }) });
    expect(await guard.post(new URL(`http://qlvb.noibo.gov.vn:${port}/in`), post)).toEqual({ status: 204 });
    expect(hits.map((h) => h.host)).toEqual([`qlvb.noibo.gov.vn:${port}`]);
  });

  it('resolves once and connects to the address it checked', async () => {
    const calls: string[] = [];
    let answer = 0;
    const answers = ['127.0.0.1', '10.0.0.7'];
    const guard = createOutboundGuard({
      allow: ['127.0.0.1'],
      resolve: async (hostname) => {
        calls.push(hostname);
        return [{ address: answers[Math.min(answer++, answers.length - 1)]!, family: 4 }];
      },
    });
    expect(await guard.post(new URL(`http://rebind.example.vn:${port}/`), post)).toEqual({ status: 204 });
    expect(calls).toEqual(['rebind.example.vn']);
    expect(hits).toHaveLength(1);
  });

  it('does not follow redirects', async () => {
    status = 302;
    location = 'http://169.254.169.254/latest/meta-data/';
    const guard = createOutboundGuard({ allow: ['127.0.0.1'] });
    expect(await guard.post(new URL(`http://127.0.0.1:${port}/`), post)).toEqual({ status: 302 });
    expect(hits).toHaveLength(1);
  });
});
