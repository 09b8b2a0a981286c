import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config/index.ts';
import { DomainError } from '../errors/index.ts';
import { createLogger } from '../logging/index.ts';
import { createHttpApp, sendHtml, type HttpApp } from './index.ts';

const DECLARED = 20 * 1024 * 1024;

let app: HttpApp;
let port: number;
// A browser's kind of connection: kept alive unless the server says otherwise.
const agents: http.Agent[] = [];
function keepAliveAgent(): http.Agent {
  const agent = new http.Agent({ keepAlive: true });
  agents.push(agent);
  return agent;
}
const serverSockets: Socket[] = [];

beforeAll(async () => {
  app = await createHttpApp({ config: testConfig(), logger: createLogger('silent'), ready: async () => undefined });
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: DECLARED }, (_request, body, done) => done(null, body));
  const refuse = async (request: { headers: Record<string, unknown> }) => {
    if (request.headers.authorization !== 'yes') throw new DomainError('not_you', 'unauthenticated', 'Who are you?');
  };
  app.get('/at-once', async () => ({ ok: true }));
  app.get('/page', async (_request, reply) => sendHtml(reply, '<!doctype html><title>x</title>'));
  app.post('/upload', { config: { csrf: false }, onRequest: refuse, bodyLimit: DECLARED }, async (request) => ({ bytes: (request.body as Buffer).length }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  app.server.on('connection', (socket: Socket) => serverSockets.push(socket));
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const agent of agents) agent.destroy();
  await app.close();
});

/** Starts an upload of DECLARED bytes, sends its first 64 KiB, and waits for the answer without sending more. */
function startUpload(headers: Record<string, string>): Promise<{ response: http.IncomingMessage; request: http.ClientRequest }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/upload', agent: keepAliveAgent(), headers: { 'content-type': 'application/octet-stream', 'content-length': String(DECLARED), ...headers } });
    request.on('response', (response) => resolve({ response, request }));
    request.on('error', reject);
    request.write(Buffer.alloc(64 * 1024));
  });
}

describe('an answer sent before the body is read', () => {
  it('comes while the client is still sending, and closes the connection instead of reading the rest', async () => {
    const { response, request } = await startUpload({});
    expect(response.statusCode).toBe(401);
    expect(response.headers.connection).toBe('close');
    response.resume();
    // The server ends the connection: the client's socket closes without our sending the rest.
    const socket = request.socket;
    if (socket && !socket.closed) await new Promise((resolve) => socket.once('close', resolve));
    const server = serverSockets.at(-1);
    expect(server?.bytesRead).toBeLessThan(DECLARED);
    request.destroy();
  });

  it('leaves a request whose body was read on its kept-alive connection', async () => {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/upload', agent: keepAliveAgent(), headers: { 'content-type': 'application/octet-stream', authorization: 'yes' } }, resolve);
      request.on('error', reject);
      request.end(Buffer.alloc(1000));
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers.connection).not.toBe('close');
    response.resume();
  });

  it('leaves a request without a body on its kept-alive connection, however fast the answer (a page, an API read)', async () => {
    for (const path of ['/page', '/at-once']) {
      // A new connection each time: the answer may leave before Node has marked the request complete.
      const agent = keepAliveAgent();
      const get = () =>
        new Promise<http.IncomingMessage>((resolve, reject) => {
          const request = http.request({ host: '127.0.0.1', port, method: 'GET', path, agent }, resolve);
          request.on('error', reject);
          request.end();
        });
      const first = await get();
      expect(first.statusCode).toBe(200);
      expect(first.headers.connection, path).toBe('keep-alive');
      const socket = first.socket;
      first.resume();
      await new Promise((resolve) => first.once('end', resolve));
      const second = await get();
      second.resume();
      // The same connection carries the next request.
      expect(second.socket, path).toBe(socket);
    }
  });
});
