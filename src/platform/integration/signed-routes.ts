import { PassThrough, type Readable } from 'node:stream';
import type { SwaggerTransform } from '@fastify/swagger';
import type { FastifyRequest, RouteOptions } from 'fastify';
import { readPayload, type HttpApp } from '../http/index.ts';
import { authenticateSignedRequest, type IntegrationCaller, type SignedRequestOptions } from './authenticate.ts';
import { IntegrationErrors } from './errors.ts';
import { DEFAULT_MAX_SKEW_SECONDS } from './signature.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated integration client on routes with `config.signed`; undefined elsewhere. */
    integrationClient?: IntegrationCaller;
  }
  interface FastifyContextConfig {
    /** Only agencies' systems that sign the request (X-Egov-* headers) may call this route. Needs `csrf: false`. */
    signed?: boolean;
  }
}

/** XML bodies reach signed routes as the raw Buffer: the route picks its parser (edXML …) and the XML declares its own encoding. */
export const XML_CONTENT_TYPES = ['application/xml', 'text/xml'] as const;

/**
 * Wires signed requests into the app: every route declared with
 * `config: { signed: true, csrf: false }` is authenticated and gets
 * `request.integrationClient`. Call it right after createHttpApp, before modules add
 * routes: Fastify copies hooks into child plugins when they are created.
 *
 * A `preParsing` hook, because the signature covers the raw bytes of the body, which the
 * content-type parsers throw away: for signed routes it buffers the payload (within the
 * route's bodyLimit), verifies, then hands the same bytes on as a fresh stream, so the usual
 * parsers run unchanged, unsigned routes are untouched, and nothing is parsed before the
 * caller is authenticated.
 */
export function registerSignedRequests(app: HttpApp, options: SignedRequestOptions): void {
  if (!app.hasRequestDecorator('integrationClient')) app.decorateRequest('integrationClient', undefined);
  for (const type of XML_CONTENT_TYPES) {
    // Fastify has no XML parser; another registration may already have added one.
    if (!app.hasContentTypeParser(type)) app.addContentTypeParser(type, parseXmlBody);
  }
  app.addHook('onRoute', (route) => {
    assertSignedRouteConfig(route);
    documentSignedRoute(route);
  });
  const verify = requireSignedRequest(options);
  app.addHook('preParsing', async (request, reply, payload) => (request.routeOptions.config?.signed === true ? verify(request, reply, payload) : payload));
}

/**
 * The preParsing hook itself, for a route that wants it explicitly
 * (`{ preParsing: [requireSignedRequest(options)], config: { csrf: false } }`).
 */
export function requireSignedRequest(options: SignedRequestOptions) {
  return async function verifySignedPayload(request: FastifyRequest, _reply: unknown, payload: Readable): Promise<Readable> {
    let body: Buffer | undefined;
    request.integrationClient = await authenticateSignedRequest(
      {
        headers: request.headers,
        method: request.method,
        // The raw request target: path and query as the client sent them, percent-encoding included.
        path: request.raw.url ?? request.url,
        readBody: async () => (body = await readPayload(payload, request.routeOptions.bodyLimit ?? Infinity, request.headers['content-length'])),
      },
      options,
    );
    if (body) verifiedBodies.set(request, body);
    const replay = new PassThrough();
    replay.end(body);
    return replay;
  };
}

/** The bytes a signed request was verified against, kept for the XML parser so that it does not read (and copy) them again. */
const verifiedBodies = new WeakMap<FastifyRequest, Buffer>();

/**
 * XML bodies as the raw Buffer. On a signed route that is the very Buffer the signature was
 * checked on (a multi-megabyte package is not copied once more); elsewhere the body is
 * read within the route's limit.
 */
function parseXmlBody(request: FastifyRequest, payload: Readable, done: (error: Error | null, body?: Buffer) => void): void {
  const verified = verifiedBodies.get(request);
  if (verified) {
    payload.resume();
    done(null, verified);
    return;
  }
  readPayload(payload, request.routeOptions.bodyLimit ?? Infinity, request.headers['content-length']).then(
    (body) => done(null, body),
    (error: Error) => done(error),
  );
}

/** The caller of a signed route. Throws when the route was not authenticated, so a forgotten wiring fails closed. */
export function integrationClientOf(request: FastifyRequest): IntegrationCaller {
  if (!request.integrationClient) throw IntegrationErrors.signatureMissing();
  return request.integrationClient;
}

/** The name of the signature in the OpenAPI document's security schemes. */
const SIGNED_REQUEST_SECURITY_SCHEME = 'egovSignedRequest';

// OpenAPI has no scheme for an HMAC over several headers: an apiKey header (the signature)
// whose description says the rest. Kept in step with signature.ts and docs/integration.md.
const SIGNED_REQUEST_SCHEME_DESCRIPTION = [
  "Signed request of an agency's IT system (an integration client: `egov clients create --agency <code>` prints its id and secret once). Headers:",
  '',
  '- `X-Egov-Client`: the client id.',
  `- \`X-Egov-Timestamp\`: Unix time in whole seconds; refused (\`integration.timestamp_skew\`) when more than ${DEFAULT_MAX_SKEW_SECONDS} s from the server clock.`,
  '- `X-Egov-Nonce` (optional, recommended): 16–64 characters of `[A-Za-z0-9_-]`, new for every request (`integration.nonce_invalid` otherwise).',
  '- `X-Egov-Signature`: lower-case hex HMAC-SHA256, keyed with the secret, of `<timestamp>\\n<METHOD>\\n<path>\\n<hex SHA-256 of the body>`; with a nonce, of `<timestamp>\\n<nonce>\\n<METHOD>\\n<path>\\n<hex SHA-256 of the body>`. `path` is the request target as sent (path and query, percent-encoding included); the body hash covers the exact bytes sent (SHA-256 of nothing when there is no body).',
  '',
  'Replay rule: with a nonce, a client may use each nonce once; without one, each signature is accepted once, so two identical requests signed in the same second cannot both pass. A second use is refused with `integration.replay`.',
  '',
  'Refusals are 401 with the code `integration.signature_missing`, `integration.client_unknown`, `integration.client_revoked`, `integration.timestamp_skew`, `integration.nonce_invalid`, `integration.signature_invalid` or `integration.replay`. The integration guide (docs/integration.md) has a worked example.',
].join('\n');

/**
 * Marks a signed route in the OpenAPI document as needing the signature, and declares the
 * scheme. Through the route's swaggerTransform: @fastify/swagger calls it with the document
 * being built, and the platform's OpenAPI options (http/app.ts) need not know integrations.
 */
function documentSignedRoute(route: RouteOptions): void {
  const config = route.config as ({ signed?: boolean; swaggerTransform?: SwaggerTransform | false } & Record<string, unknown>) | undefined;
  if (config?.signed !== true || config.swaggerTransform === false) return;
  const own = config.swaggerTransform;
  const swaggerTransform: SwaggerTransform = (input) => {
    const document = 'openapiObject' in input ? input.openapiObject : undefined;
    if (document) {
      const components = (document.components ??= {});
      components.securitySchemes = {
        ...components.securitySchemes,
        [SIGNED_REQUEST_SECURITY_SCHEME]: { type: 'apiKey', in: 'header', name: 'X-Egov-Signature', description: SIGNED_REQUEST_SCHEME_DESCRIPTION },
      };
    }
    const result = own ? own(input) : { schema: input.schema, url: input.url };
    return { ...result, schema: { ...result.schema, security: [{ [SIGNED_REQUEST_SECURITY_SCHEME]: [] }] } };
  };
  // A copy: several routes may share one config object.
  route.config = { ...config, swaggerTransform };
}

// A signed route without `csrf: false` would refuse every call with a confusing 403:
// fail at startup instead.
function assertSignedRouteConfig(route: RouteOptions): void {
  const config = route.config as { signed?: boolean; csrf?: boolean } | undefined;
  if (config?.signed === true && config.csrf !== false) {
    throw new Error(`Route ${String(route.method)} ${route.url} is signed: declare config.csrf = false too`);
  }
}
