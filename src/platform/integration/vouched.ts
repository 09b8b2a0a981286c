import type { FastifyRequest } from 'fastify';
import type { HttpApp } from '../http/index.ts';
import type { IntegrationCaller } from './authenticate.ts';
import { IntegrationErrors } from './errors.ts';

/**
 * A signed request answered by another thread of the same process (platform/http/offload.ts):
 * the serving thread checked the signature and used up its nonce, so the answering thread
 * takes the caller it vouches for instead of checking again (a second check would refuse it
 * as a replay). Only for an app that never listens on a socket: its requests come from the
 * forwarding code alone, which builds their headers from a fixed list plus this one.
 */
const VOUCHED_CLIENT_HEADER = 'x-egov-vouched-client';

/** The header that carries the verified caller of a signed request to the answering thread. */
export function vouchForCaller(request: FastifyRequest): Record<string, string> {
  const client = request.integrationClient;
  return client ? { [VOUCHED_CLIENT_HEADER]: JSON.stringify({ clientId: client.clientId, agencyCode: client.agencyCode }) } : {};
}

/**
 * In the answering thread's app, instead of registerSignedRequests: signed routes take their
 * caller from the vouching header, and are refused without it (fail closed).
 */
export function acceptVouchedCallers(app: HttpApp): void {
  if (!app.hasRequestDecorator('integrationClient')) app.decorateRequest('integrationClient', undefined);
  app.addHook('preParsing', async (request, _reply, payload) => {
    if (request.routeOptions.config?.signed !== true) return payload;
    const header = request.headers[VOUCHED_CLIENT_HEADER];
    if (typeof header !== 'string') throw IntegrationErrors.signatureMissing();
    const caller = JSON.parse(header) as IntegrationCaller;
    request.integrationClient = { clientId: caller.clientId, agencyCode: caller.agencyCode };
    return payload;
  });
}
