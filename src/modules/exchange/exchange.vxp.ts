import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDomainError } from '../../platform/errors/index.ts';
import { declareSecurityScheme, type HttpApp } from '../../platform/http/index.ts';
import type { Agency, AgenciesApi } from '../agencies/index.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import type { ExchangeService, InboxItem } from './exchange.service.ts';
import { ACK_RESULTS, type AckResult } from './exchange.types.ts';
import {
  agencyItem,
  AgenciesAnswer,
  answers,
  CountAnswer,
  DeleteAgencyAnswer,
  EdocAnswer,
  failOf,
  OK,
  receivedEdoc,
  ReceivedListAnswer,
  SendEdocAnswer,
  sentEdocs,
  SentListAnswer,
  UpdateStatusAnswer,
  VxpFail,
} from './exchange.vxp-answers.ts';
import { authenticateVxp, type VxpAuthenticated, type VxpAuthOptions } from './exchange.vxp-auth.ts';
import { vxpFileOf } from './exchange.vxp-signature.ts';

/**
 * The VXP transport: the calls of the Government Office's SDK for the document-exchange axis
 * (SDKVXP 2.0.1), so that document-management systems built on it work against egov
 * unchanged (issue #20). The SDK's endpoint is `<base>/vxp`. Every call is authenticated from
 * its signed `XroadVnpt-*` headers before its body is read (exchange.vxp-auth.ts), its
 * parameters are the signed headers, and every answer — success or refusal, known call or
 * not, an error of a hook or of the body's reading — is the SDK's envelope
 * (exchange.vxp-answers.ts). Everything goes through the same use cases as the signed API.
 */

type VxpAgencies = Pick<AgenciesApi, 'searchAgencies' | 'listUnitsOf' | 'removeOwnUnit'>;

export interface VxpTransportDeps {
  exchange: ExchangeService;
  agencies: VxpAgencies;
  auth: VxpAuthOptions;
  /** sendEdoc's body limit: the largest package (default 50 MB). */
  maxPackageBytes: number;
}

/** Every other call's body is `{}`, empty or a small JSON the SDK does not sign. */
export const VXP_CALL_BODY_LIMIT = 64 * 1024;
/** Inbox pages read at most for one getReceivedEdocList filtered by message type. */
const RECEIVED_PAGES_MAX = 25;
const RECEIVED_MAX = 200;
/** A bound on getAgenciesList (the national directory has about 111,000 entries). */
const AGENCIES_MAX = 200_000;
const SEND_EDOC = '/vxp/sendEdoc';

const tags = ['VXP (SDK of the document-exchange axis)'];
const SIGNED =
  'Signed as the SDK signs: XroadVnpt-systemid, XroadVnpt-timestamp (ddMMyyyyTHHmmss+SSS, local time of the client), XroadVnpt-sign-header-key, XroadVnpt-sign-header (JSON of the signed headers) and XroadVnpt-hash-header (hex HMAC-SHA256 of that JSON with the secret); see docs/integration.md, "The VXP transport". Every answer, refusals included, is {status, ErrorCode, ErrorDesc, …}.';

/** The name of the SDK's signature in the OpenAPI document's security schemes. */
const VXP_SECURITY_SCHEME = 'vxpSignedRequest';

export async function registerVxpTransport(app: HttpApp, deps: VxpTransportDeps): Promise<void> {
  const { exchange, agencies } = deps;
  // OpenAPI has no scheme for an HMAC over several headers: the header that carries it, and the rest in words.
  declareSecurityScheme(app, VXP_SECURITY_SCHEME, { type: 'apiKey', in: 'header', name: 'XroadVnpt-hash-header', description: SIGNED.slice(0, SIGNED.indexOf(' Every answer')) });
  await app.register(
    async (scope: FastifyInstance) => {
      // The SDK posts the edXML file as bytes, and `{}` or nothing elsewhere: whatever the
      // content type, bodies are read raw, within the route's limit.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: VXP_CALL_BODY_LIMIT }, (_request, body, done) => done(null, body));

      // Every error on /vxp — a refused signature in the hook below, a body too large, a
      // validation, a database outage (503: the shell's onError hook still adds Retry-After) —
      // becomes the SDK's envelope, never the shell's `{ error }`.
      scope.setErrorHandler((error, request, reply: FastifyReply) => {
        const { status, body } = failOf(error);
        if (status >= 500 && !(isDomainError(error) && error.kind === 'unavailable')) request.log.error({ err: error }, 'vxp call failed');
        else request.log.info({ code: body.ErrorCode, status }, 'vxp call refused');
        return reply.status(status).send(body);
      });
      // What no route below catches (a method they do not take): the same envelope.
      scope.setNotFoundHandler((request, reply) => {
        const { status, body } = failOf(ExchangeErrors.vxpCallUnknown(request.url));
        return reply.status(status).send(body);
      });

      // Authenticated from the headers before the body is read: a wrong signature with a
      // 50 MB package is refused at once (and the connection closed, see the HTTP shell).
      const authenticated = new WeakMap<FastifyRequest, VxpAuthenticated>();
      scope.addHook('onRequest', async (request) => {
        const auth = await authenticateVxp(request.headers, deps.auth);
        // sendEdoc's body must be what the signature names.
        if (request.routeOptions.url === SEND_EDOC && auth.hashFile === undefined) throw ExchangeErrors.vxpHashFileMissing();
        authenticated.set(request, auth);
      });
      // Once read, the body is checked against the signed hash of the file it carries.
      const files = new WeakMap<FastifyRequest, Buffer>();
      scope.addHook('preValidation', async (request) => {
        const hashFile = authenticated.get(request)?.hashFile;
        if (hashFile === undefined) return;
        const file = vxpFileOf(Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0), hashFile);
        if (!file) throw ExchangeErrors.vxpHashFileMismatch();
        files.set(request, file);
      });

      const authOf = (request: FastifyRequest): VxpAuthenticated => {
        const auth = authenticated.get(request);
        // Unreachable while the hook above is in place; fail closed should it ever be removed.
        if (!auth) throw ExchangeErrors.vxpCredentialsMissing();
        return auth;
      };
      /** A signed parameter, by the SDK's name (case-insensitive); unsigned headers are never read. */
      const param = (request: FastifyRequest, name: string): string | undefined => authOf(request).params.get(name.toLowerCase())?.trim() || undefined;
      const messageTypeOf = (request: FastifyRequest): 'edoc' | 'status' | undefined => {
        const value = param(request, 'messagetype')?.toLowerCase();
        if (value !== undefined && value !== 'edoc' && value !== 'status') throw ExchangeErrors.vxpMessageTypeInvalid();
        return value;
      };
      const route = (summary: string, answer: Parameters<typeof answers>[0], description?: string) => ({
        config: { csrf: false },
        bodyLimit: VXP_CALL_BODY_LIMIT,
        schema: { tags, summary, description: [description, SIGNED].filter(Boolean).join(' '), response: answers(answer), security: [{ [VXP_SECURITY_SCHEME]: [] }] },
      });

      scope.post('/sendEdoc', { ...route('Send a package (edXML bytes; headers XroadVnpt-from, -messagetype, -hash-file)', SendEdocAnswer), bodyLimit: deps.maxPackageBytes }, async (request) => {
        const { caller } = authOf(request);
        const messageType = messageTypeOf(request) ?? 'edoc';
        const file = files.get(request);
        if (!file) throw ExchangeErrors.vxpHashFileMissing();
        const result = await exchange.send(caller, file);
        if ((result.package.kind === 'status') !== (messageType === 'status')) {
          // Accepted all the same: the package itself says what it is.
          request.log.info({ messageType, kind: result.package.kind }, 'vxp: messagetype header disagrees with the package');
        }
        return { ...OK, DocId: result.package.id, duplicate: result.duplicate, warnings: result.package.warnings };
      });

      scope.post(
        '/getReceivedEdocList',
        route('Packages waiting for the caller, oldest first (header XroadVnpt-messagetype: edoc or status)', ReceivedListAnswer, `At most ${RECEIVED_MAX}; answer each with updateStatus and call again.`),
        async (request) => {
          const { caller } = authOf(request);
          const messageType = messageTypeOf(request);
          const items: InboxItem[] = [];
          let after: number | undefined;
          for (let page = 0; page < RECEIVED_PAGES_MAX && items.length < RECEIVED_MAX; page++) {
            const { items: batch, nextAfter } = await exchange.inbox(caller, { limit: RECEIVED_MAX, after });
            items.push(...batch.filter((i) => messageType === undefined || (messageType === 'status') === (i.package.kind === 'status')));
            if (nextAfter === null) break;
            after = nextAfter;
          }
          return { ...OK, data: items.slice(0, RECEIVED_MAX).map((i) => receivedEdoc(i, request.locale)) };
        },
      );

      scope.post('/getEdoc', route('A package as it was sent, base64 in data (header XroadVnpt-docId)', EdocAnswer), async (request) => {
        const { caller } = authOf(request);
        const docId = param(request, 'docId');
        if (!docId) throw ExchangeErrors.vxpDocIdMissing();
        const { package: pkg, stream } = await exchange.openOriginal(caller, docId);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return { ...OK, DocId: pkg.id, data: Buffer.concat(chunks).toString('base64') };
      });

      scope.post('/updateStatus', route('Answer a received package: XroadVnpt-status done, fail or processing (headers XroadVnpt-docId, -status)', UpdateStatusAnswer), async (request) => {
        const { caller } = authOf(request);
        const docId = param(request, 'docId');
        const status = param(request, 'status');
        if (!docId) throw ExchangeErrors.vxpDocIdMissing();
        if (!status || !ACK_RESULTS.includes(status as AckResult)) throw ExchangeErrors.vxpStatusInvalid();
        await exchange.acknowledge(caller, docId, status as AckResult);
        return { ...OK, DocId: docId };
      });

      scope.post('/getSentEdocList', route("The caller's 100 most recent packages, one item per recipient (XroadVnpt-messagetype filters)", SentListAnswer), async (request) => {
        const { caller } = authOf(request);
        const messageType = messageTypeOf(request);
        const docId = param(request, 'docId');
        const page = await exchange.sent(caller, { limit: 100 });
        const items = page.items.filter(
          (i) => (docId === undefined || i.package.id === docId) && (messageType === undefined || (messageType === 'status') === (i.package.kind === 'status')),
        );
        return { ...OK, data: items.flatMap((i) => sentEdocs(i, request.locale)) };
      });

      scope.post('/getAgenciesList', route('The whole agency directory, in code order', AgenciesAnswer), async () => ({ ...OK, data: (await wholeDirectory(agencies, {})).map(agencyItem) }));

      scope.post('/getAgenciesListQD20', route('The agencies of one QĐ 20 level (header XroadVnpt-level: 1 for ministries and provinces …)', AgenciesAnswer), async (request) => {
        authOf(request);
        const level = param(request, 'level');
        if (!level || !/^[1-9]\d?$/.test(level)) throw ExchangeErrors.vxpLevelInvalid();
        return { ...OK, data: (await wholeDirectory(agencies, { level: Number(level) })).map(agencyItem) };
      });

      scope.post('/getSynchronizeUnit', route("The caller's agency and every unit below it, to keep a system's own directory in step", AgenciesAnswer), async (request) => {
        const { caller } = authOf(request);
        return { ...OK, data: (await agencies.listUnitsOf(caller.agencyCode)).map(agencyItem) };
      });

      scope.post(
        '/deleteAgency',
        route('Remove a unit of the caller\'s agency from the directory (header XroadVnpt-AgencyCode), audited', DeleteAgencyAnswer, 'Only a unit strictly below the calling agency, with no units of its own and no integration client.'),
        async (request) => {
          const { caller } = authOf(request);
          const code = param(request, 'AgencyCode');
          if (!code) throw ExchangeErrors.vxpAgencyCodeMissing();
          const removed = await agencies.removeOwnUnit({ clientId: caller.clientId, agencyCode: caller.agencyCode }, code);
          return { ...OK, AgencyCode: removed.code };
        },
      );

      scope.post('/registerAgency', route('Not offered: the directory is kept by its administrators', VxpFail), async (request) => {
        authOf(request);
        throw ExchangeErrors.vxpRegisterNotSupported();
      });

      // The SDK declares it GET and sends it as POST: both are taken.
      const count = route('How many packages wait in the inbox of the caller', CountAnswer);
      const countHandler = async (request: FastifyRequest) => ({ ...OK, total: await exchange.inboxCount(authOf(request).caller, {}) });
      scope.post('/countReceiveEdoc', count, countHandler);
      scope.get('/countReceiveEdoc', count, countHandler);

      // Any other path or method under /vxp: an unknown call, in the envelope. Routes rather
      // than only the not-found handler, so that they declare `csrf: false` like every call
      // (the shell's CSRF hook would refuse an unknown POST with 403 first).
      const unknown = { config: { csrf: false }, bodyLimit: VXP_CALL_BODY_LIMIT, schema: { hide: true } };
      const unknownCall = async (request: FastifyRequest) => {
        authOf(request);
        throw ExchangeErrors.vxpCallUnknown(request.url);
      };
      scope.all('/', unknown, unknownCall);
      scope.all('/*', unknown, unknownCall);
    },
    { prefix: '/vxp' },
  );
}

/** Every page of the directory (a query the SDK cannot page). */
async function wholeDirectory(agencies: VxpAgencies, query: { level?: number }): Promise<Agency[]> {
  const all: Agency[] = [];
  let after: string | undefined;
  do {
    const page = await agencies.searchAgencies({ ...query, after, limit: 500 });
    all.push(...page.items);
    after = page.nextAfter ?? undefined;
  } while (after !== undefined && all.length < AGENCIES_MAX);
  return all;
}
