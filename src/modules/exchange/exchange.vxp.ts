import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEqual } from '../../platform/crypto/index.ts';
import { toErrorResponse, type HttpApp } from '../../platform/http/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import { ExchangeErrors } from './exchange.errors.ts';
import type { ExchangeService } from './exchange.service.ts';
import { ACK_RESULTS, type AckResult, type ExchangeCaller } from './exchange.types.ts';

/**
 * A VXP-style transport for existing document-management systems (DOMAIN §6): the calls
 * of the Government Office's SDK, with the system id and secret sent as headers
 * (`systemid`, `secret`) instead of an HMAC signature, and the parameters as headers
 * (`from`, `servicetype`, `messagetype`, `docid`, `status`). Answers are JSON
 * `{ status: "OK" | "FAIL", ErrorCode, ErrorDesc, … }` like the SDK's results. Everything
 * goes through the same use cases as the REST API; only the envelope differs.
 *
 * The secret travels in clear: this transport exists for systems that cannot sign, and must
 * only be served over TLS.
 */

type VxpClients = Pick<AgenciesApi, 'findClient' | 'resolveClientSecrets' | 'searchAgencies'>;

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

async function authenticate(clients: VxpClients, request: FastifyRequest): Promise<ExchangeCaller> {
  const systemId = header(request, 'systemid');
  const secret = header(request, 'secret');
  if (!systemId || !secret) throw ExchangeErrors.vxpCredentialsMissing();
  const client = await clients.findClient(systemId);
  const secrets = client && !client.revoked ? await clients.resolveClientSecrets(systemId) : [];
  let ok = false;
  // Every active secret is compared (two during a rotation), without stopping early.
  for (const candidate of secrets) ok = constantTimeEqual(candidate, secret) || ok;
  if (!client || !ok) throw ExchangeErrors.vxpCredentialsInvalid();
  return { kind: 'system', clientId: client.clientId, agencyCode: client.agencyCode };
}

const OK = { status: 'OK', ErrorCode: '0', ErrorDesc: '' } as const;

export async function registerVxpTransport(app: HttpApp, deps: { exchange: ExchangeService; clients: VxpClients; maxPackageBytes: number }): Promise<void> {
  const { exchange, clients } = deps;
  await app.register(async (scope: FastifyInstance) => {
    // The SDK posts the edXML file as bytes; whatever the content type, the route reads it raw.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.maxPackageBytes }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error, _request, reply: FastifyReply) => {
      const { status, body } = toErrorResponse(error);
      return reply.status(status).send({ status: 'FAIL', ErrorCode: body.error.code, ErrorDesc: body.error.message, ...(body.error.details ? { details: body.error.details } : {}) });
    });
    // Every call is authenticated from its headers before its body is read: a wrong secret
    // with a 50 MB package is refused at once (and the connection closed, see the HTTP
    // shell), not after the package was read. The caller is kept for the route.
    const callers = new WeakMap<FastifyRequest, ExchangeCaller>();
    scope.addHook('onRequest', async (request) => {
      callers.set(request, await authenticate(clients, request));
    });
    const callerOf = (request: FastifyRequest): ExchangeCaller => {
      const caller = callers.get(request);
      // Unreachable while the hook above is in place; fail closed should it ever be removed.
      if (!caller) throw ExchangeErrors.vxpCredentialsMissing();
      return caller;
    };
    const options = { config: { csrf: false }, schema: { hide: true }, bodyLimit: deps.maxPackageBytes };

    scope.post('/vxp/sendEdoc', options, async (request) => {
      const caller = callerOf(request);
      const messageType = header(request, 'messagetype') ?? 'edoc';
      if (messageType !== 'edoc' && messageType !== 'status') throw ExchangeErrors.vxpMessageTypeInvalid();
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const result = await exchange.send(caller, body);
      if ((result.package.kind === 'status') !== (messageType === 'status')) {
        // Accepted all the same: the package itself says what it is.
        request.log.info({ messageType, kind: result.package.kind }, 'vxp: messagetype header disagrees with the package');
      }
      return { ...OK, DocID: result.package.id, duplicate: result.duplicate, warnings: result.package.warnings };
    });

    scope.post('/vxp/getReceivedEdocList', options, async (request) => {
      const caller = callerOf(request);
      const messageType = header(request, 'messagetype');
      const page = await exchange.inbox(caller, { limit: 200 });
      const items = page.items.filter((i) => messageType === undefined || (messageType === 'status') === (i.package.kind === 'status'));
      return {
        ...OK,
        data: items.map((i) => ({
          id: i.package.id,
          from: i.package.senderAgency,
          to: i.delivery.recipient,
          docCode: i.package.documentId,
          messagetype: i.package.kind === 'status' ? 'status' : 'edoc',
          sequence: i.delivery.sequence,
          withdrawn: i.delivery.withdrawn,
          created_time: i.package.receivedAt.toISOString(),
        })),
      };
    });

    scope.post('/vxp/getEdoc', options, async (request) => {
      const caller = callerOf(request);
      const docId = header(request, 'docid');
      if (!docId) throw ExchangeErrors.vxpDocIdMissing();
      const { package: pkg, stream } = await exchange.openOriginal(caller, docId);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      // The SDK's getEdoc carries the file in `data`, base64.
      return { ...OK, DocID: pkg.id, data: Buffer.concat(chunks).toString('base64') };
    });

    scope.post('/vxp/updateStatus', options, async (request) => {
      const caller = callerOf(request);
      const docId = header(request, 'docid');
      const status = header(request, 'status');
      if (!docId) throw ExchangeErrors.vxpDocIdMissing();
      if (!status || !ACK_RESULTS.includes(status as AckResult)) throw ExchangeErrors.vxpStatusInvalid();
      const delivery = await exchange.acknowledge(caller, docId, status as AckResult);
      return { ...OK, DocID: docId, ackResult: delivery.ackResult };
    });

    scope.post('/vxp/getSentEdocList', options, async (request) => {
      const caller = callerOf(request);
      const docId = header(request, 'docid');
      const page = await exchange.sent(caller, { limit: 100 });
      const items = page.items.filter((i) => docId === undefined || i.package.id === docId);
      return {
        ...OK,
        data: items.flatMap((i) =>
          i.deliveries.map((d) => ({
            docId: i.package.id,
            docCode: i.package.documentId,
            fromCode: i.package.senderAgency,
            toCode: d.recipient,
            status: d.ackResult ?? d.state,
            withdrawn: d.withdrawn,
            statuses: d.statuses.map((s) => ({ code: s.statusCode, description: s.description, time: (s.reportedAt ?? s.recordedAt).toISOString() })),
          })),
        ),
      };
    });

    scope.post('/vxp/getAgenciesList', options, async (request) => {
      callerOf(request);
      const page = await clients.searchAgencies({ limit: 500, after: header(request, 'after') });
      return { ...OK, data: page.items.map((a) => ({ id: a.code, code: a.code, pcode: a.parentCode ?? '', name: a.name })), nextAfter: page.nextAfter };
    });

    scope.post('/vxp/registerAgency', options, async (request) => {
      callerOf(request);
      // The directory is kept by its administrators (agencies module), not by the systems that use it.
      throw ExchangeErrors.vxpRegisterNotSupported();
    });
  });
}
