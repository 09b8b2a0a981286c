import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * An onSend hook: an answer sent while the client is still sending the request's body (a
 * refusal from a hook that runs before the body is read: wrong credentials, no session,
 * a bad CSRF header) closes the connection. Otherwise Node would have to read and discard
 * the rest of the body (up to the route's limit, 50 MB on some routes) to reuse the
 * connection, which is the work the early refusal avoids; Fastify does the same for a body
 * it refuses while reading. A request whose body has fully arrived keeps its connection.
 */
export function closeConnectionIfBodyUnread(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void {
  // `complete` is false only on a real socket with bytes still to come (light-my-request leaves it undefined).
  if (request.raw.complete === false) reply.header('connection', 'close');
  done(null, payload);
}
