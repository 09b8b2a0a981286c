import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Answers reference data (provinces, communes) that browsers may keep: an ETag over the JSON
 * and `Cache-Control: public, max-age`; a request whose If-None-Match holds that tag gets 304
 * without a body. The pages' scripts (commune picker) read it through the browser's cache.
 */
export function sendCachedJson(request: FastifyRequest, reply: FastifyReply, body: unknown, maxAgeSeconds = 3600): FastifyReply {
  const json = JSON.stringify(body);
  const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag).header('cache-control', `public, max-age=${maxAgeSeconds}`).header('vary', 'accept-encoding');
  if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(json);
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
