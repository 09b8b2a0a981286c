import type { FastifyRequest } from 'fastify';
import type { HttpApp } from '../../platform/http/index.ts';
import { integrationClientOf } from '../../platform/integration/index.ts';
import type { ExchangeService } from './exchange.service.ts';
import type { WebhookService } from './exchange.webhooks.ts';
import {
  AckBody,
  AcksBody,
  AcksResponse,
  AgenciesQuery,
  AgenciesResponse,
  CertificateBody,
  CertificateResponse,
  DeliveryJson,
  ErrorJson,
  InboxQuery,
  InboxResponse,
  PackageParams,
  PackageView,
  PolicyBody,
  PolicyResponse,
  RedeliverResponse,
  WebhookBody,
  WebhookResponse,
  SendResponse,
  SentQuery,
  SentResponse,
  type PackageJson,
} from './exchange.schemas.ts';
import type { DeliveryView, ExchangeCaller, PackageRecord } from './exchange.types.ts';

/** Every field a package shows on the API, listed here and nowhere else. */
export function presentPackage(p: PackageRecord): PackageJson {
  return {
    id: p.id,
    kind: p.kind,
    sender: p.senderAgency,
    documentId: p.documentId,
    businessType: p.businessType,
    statusCode: p.statusCode,
    subject: p.subject,
    priority: p.priority,
    dueDate: p.dueDate,
    sha256: p.contentSha256,
    size: p.sizeBytes,
    signature: p.signatureState,
    warnings: p.warnings,
    receivedAt: p.receivedAt.toISOString(),
  };
}

export function presentDelivery(d: DeliveryView): DeliveryJson {
  return { ...d, deliveredAt: d.deliveredAt?.toISOString() ?? null, acknowledgedAt: d.acknowledgedAt?.toISOString() ?? null };
}

const signed = { signed: true, csrf: false } as const;
const tags = ['exchange'];
const errors = { 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson, 409: ErrorJson, 413: ErrorJson };

function callerOf(request: FastifyRequest): ExchangeCaller {
  const client = integrationClientOf(request);
  return { kind: 'system', clientId: client.clientId, agencyCode: client.agencyCode };
}

function wantsXml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /\b(application|text)\/xml\b/.test(accept);
}

/** The REST transport of the document axis: every call is signed by an integration client of the calling agency. */
export function registerExchangeApi(app: HttpApp, service: ExchangeService, webhooks: WebhookService, options: { maxPackageBytes: number }): void {
  app.post(
    '/api/v1/exchange/packages',
    {
      config: signed,
      bodyLimit: options.maxPackageBytes,
      schema: {
        tags,
        summary: 'Send an edXML package (document or status)',
        description:
          'Body: the edXML bytes (Content-Type application/xml), stored and forwarded unchanged. 201 with the per-recipient deliveries; ' +
          '200 when the same package was already sent (idempotent re-send). Unknown recipients are refused with their ids.',
        response: { 200: SendResponse, 201: SendResponse, ...errors },
      },
    },
    async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(typeof request.body === 'string' ? request.body : '');
      const result = await service.send(callerOf(request), body);
      return reply.status(result.duplicate ? 200 : 201).send({
        id: result.package.id,
        documentId: result.package.documentId,
        duplicate: result.duplicate,
        package: presentPackage(result.package),
        deliveries: result.deliveries.map(presentDelivery),
        warnings: result.package.warnings,
      });
    },
  );

  app.get(
    '/api/v1/exchange/inbox',
    { config: signed, schema: { tags, summary: 'Packages waiting for the calling agency, oldest first', querystring: InboxQuery, response: { 200: InboxResponse, ...errors } } },
    async (request) => {
      const page = await service.inbox(callerOf(request), request.query);
      return {
        items: page.items.map((i) => ({ deliveryId: i.deliveryId, package: presentPackage(i.package), delivery: presentDelivery(i.delivery) })),
        nextAfter: page.nextAfter,
      };
    },
  );

  app.get(
    '/api/v1/exchange/packages/:id',
    {
      config: signed,
      schema: {
        tags,
        summary: 'One package: the original bytes (Accept: application/xml) or the model as JSON',
        params: PackageParams,
        response: { 200: PackageView, ...errors },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (wantsXml(request)) {
        const { package: pkg, stream } = await service.openOriginal(caller, request.params.id);
        return reply
          .type('application/xml')
          .header('content-length', String(pkg.sizeBytes))
          .header('x-content-sha256', pkg.contentSha256)
          // A stream is sent as is (the JSON schema does not apply): the bytes the sender sent.
          .send(stream as never);
      }
      const view = await service.readModel(caller, request.params.id);
      return { package: presentPackage(view.package), deliveries: view.deliveries.map(presentDelivery), model: view.model };
    },
  );

  app.post(
    '/api/v1/exchange/packages/:id/ack',
    {
      config: signed,
      schema: { tags, summary: 'Acknowledge a delivery: done, fail or processing (idempotent)', params: PackageParams, body: AckBody, response: { 200: DeliveryJson, ...errors } },
    },
    async (request) => presentDelivery(await service.acknowledge(callerOf(request), request.params.id, request.body.result)),
  );

  app.post(
    '/api/v1/exchange/acks',
    {
      config: signed,
      schema: {
        tags,
        summary: 'Acknowledge many deliveries at once (at most 500)',
        description: 'Each answer succeeds or fails on its own, with the same rules as the single acknowledgement; the outcomes come back in order.',
        body: AcksBody,
        response: { 200: AcksResponse, ...errors },
      },
    },
    async (request) => {
      const outcomes = await service.acknowledgeMany(callerOf(request), request.body.acks);
      return {
        items: outcomes.map((o) =>
          o.ok ? { id: o.id, ok: true, delivery: presentDelivery(o.delivery) } : { id: o.id, ok: false, error: { code: o.error.code, message: o.error.message } },
        ),
      };
    },
  );

  app.get(
    '/api/v1/exchange/sent',
    {
      config: signed,
      schema: { tags, summary: 'Packages sent by the calling agency, with each recipient\'s delivery and status history', querystring: SentQuery, response: { 200: SentResponse, ...errors } },
    },
    async (request) => {
      const page = await service.sent(callerOf(request), request.query);
      return {
        items: page.items.map((i) => ({
          package: presentPackage(i.package),
          deliveries: i.deliveries.map((d) => ({
            ...presentDelivery(d),
            statuses: d.statuses.map((s) => ({ ...s, reportedAt: s.reportedAt?.toISOString() ?? null, recordedAt: s.recordedAt.toISOString() })),
          })),
        })),
      };
    },
  );

  app.get(
    '/api/v1/exchange/agencies',
    { config: signed, schema: { tags, summary: 'The agency directory of the axis (possible recipients)', querystring: AgenciesQuery, response: { 200: AgenciesResponse, ...errors } } },
    async (request) => {
      const page = await service.agencies(callerOf(request), request.query);
      return { items: page.items.map((a) => ({ code: a.code, name: a.name, parentCode: a.parentCode, level: a.level })), nextAfter: page.nextAfter };
    },
  );

  app.post(
    '/api/v1/exchange/certificates',
    {
      config: signed,
      schema: {
        tags,
        summary: 'Register a certificate the calling agency signs its packages with',
        description: 'Packages from the agency and its units then verify against it (XML-DSig, enveloped). 201 when new, 200 when already registered.',
        body: CertificateBody,
        response: { 200: CertificateResponse, 201: CertificateResponse, ...errors },
      },
    },
    async (request, reply) => {
      const result = await service.registerCertificate(callerOf(request), request.body.certificate);
      return reply.status(result.created ? 201 : 200).send({ ...result, notAfter: result.notAfter?.toISOString() ?? null });
    },
  );

  app.put(
    '/api/v1/exchange/policy',
    {
      config: signed,
      schema: { tags, summary: 'Whether the calling agency refuses unsigned or unverifiable packages', body: PolicyBody, response: { 200: PolicyResponse, ...errors } },
    },
    async (request) => service.setSignaturePolicy(callerOf(request), request.body),
  );

  app.put(
    '/api/v1/exchange/webhook',
    {
      config: signed,
      schema: {
        tags,
        summary: 'Push deliveries for the calling agency to a URL',
        description:
          'Each delivery is POSTed (the original edXML, signed with the returned secret like integration requests, client id egov-exchange; headers x-egov-package-id, x-egov-sender, x-egov-sequence). ' +
          'Failures are retried with exponential backoff and parked after the configured number of attempts. The inbox keeps every delivery until acknowledged. ' +
          'Each push resolves the host again and is refused (parked at once) when an address is internal; redirects are not followed (a 3xx answer is a failure).',
        body: WebhookBody,
        response: { 200: WebhookResponse, ...errors },
      },
    },
    async (request) => webhooks.setWebhook(callerOf(request), request.body.url),
  );

  app.delete(
    '/api/v1/exchange/webhook',
    { config: signed, schema: { tags, summary: 'Stop pushing deliveries (the inbox remains)', response: { 204: { type: 'null' }, ...errors } } },
    async (request, reply) => {
      await webhooks.deleteWebhook(callerOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/exchange/webhook/redeliver',
    { config: signed, schema: { tags, summary: 'Push again every delivery not yet pushed nor acknowledged', response: { 200: RedeliverResponse, ...errors } } },
    async (request) => webhooks.redeliver(callerOf(request)),
  );
}
