import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { readPayload } from './read-payload.ts';

/**
 * Bulk requests answered by another thread. A batch of a thousand synced dossiers is tens of
 * milliseconds of parsing, checking and garbage on the thread that reads it; a citizen's
 * lookup that comes meanwhile on the same event loop waits for all of it. Routes that take
 * bulk bodies forward the large ones, bytes as received, to a thread running the same routes
 * (app/ingest-threads.ts), and send its answer as it is. The body is read, whole and within
 * the route's limit, by that thread only: each decision about it comes from that one reading.
 */

/** A request as forwarded: the body as received, the headers the answer depends on. */
export interface ForwardedRequest {
  method: string;
  /** Path and query as the client sent them. */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The client's address as this process resolved it (trusted proxies applied). */
  remoteAddress: string;
}

export interface ForwardedAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** The thread(s) that answer forwarded requests. */
export interface RequestOffload {
  answer(request: ForwardedRequest): Promise<ForwardedAnswer>;
}

/** Bodies at least this large go to the other thread; a lookup or a handful of items stays here. */
export const OFFLOAD_MIN_BYTES = 64 * 1024;

/** The request headers the other thread sees: what the answer depends on, nothing that authenticates. */
const FORWARDED_HEADERS = ['content-type', 'accept', 'accept-language', 'cookie', 'user-agent', 'x-request-id', 'dstcode'] as const;

/** The answer headers passed on (the security headers and the rest are this process's own). */
const ANSWERED_HEADERS = ['content-type', 'retry-after'] as const;

const offloads = new WeakMap<FastifyInstance, RequestOffload>();

/** Gives the app's routes a thread for bulk bodies (the process that serves the public does). */
export function setRequestOffload(app: FastifyInstance, offload: RequestOffload): void {
  offloads.set(app, offload);
}

/** The app's offload, if it has one. */
export function requestOffloadOf(app: FastifyInstance): RequestOffload | undefined {
  return offloads.get(app);
}

export interface OffloadOptions {
  /** Headers to add for the other thread, from what this process established (the verified caller). */
  vouch?(request: FastifyRequest): Record<string, string>;
}

/**
 * A route's preParsing hook: a body of OFFLOAD_MIN_BYTES or more (by its Content-Length) is
 * read within the route's limit and answered by the app's offload; smaller bodies, bodies of
 * unknown length and apps without an offload go on here. Registered after the app's own
 * preParsing hooks (the signature check), so what is forwarded has passed them.
 * Undefined when the app has no offload: the route is declared as usual.
 */
export function offloadLargeBodies(app: FastifyInstance, options: OffloadOptions = {}) {
  const offload = requestOffloadOf(app);
  if (!offload) return undefined;
  return async function forwardLargeBody(request: FastifyRequest, reply: FastifyReply, payload: Readable): Promise<Readable | FastifyReply> {
    const declared = Number(request.headers['content-length']);
    if (!Number.isSafeInteger(declared) || declared < OFFLOAD_MIN_BYTES) return payload;
    const body = await readPayload(payload, request.routeOptions.bodyLimit ?? Infinity, request.headers['content-length']);
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    Object.assign(headers, options.vouch?.(request));
    const answer = await offload.answer({ method: request.method, url: request.raw.url ?? request.url, headers, body, remoteAddress: request.ip });
    reply.code(answer.statusCode);
    for (const name of ANSWERED_HEADERS) {
      const value = answer.headers[name];
      if (value !== undefined) reply.header(name, value);
    }
    reply.send(answer.body);
    return reply;
  };
}
