import { Type } from 'typebox';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { TimelineEntry } from './dossiers.repository.ts';
import { formJsonSchema } from './dossiers.forms.ts';
import { statusLabel } from './dossiers.messages.ts';
import { DossierCodeParams, DossierJson, ErrorJson, FormQuery, LookupJson, LookupQuery, SubmitJson, SubmittedJson } from './dossiers.schemas.ts';
import type { DossiersService } from './dossiers.service.ts';

const timelineJson = (entries: TimelineEntry[], locale: Locale) => entries.map((e) => ({ status: e.status, statusLabel: statusLabel(locale, e.status), note: e.note, at: e.at.toISOString() }));

/** The dossiers JSON API: thin, every rule is in the service. */
export async function registerDossierApi(app: HttpApp, deps: { service: DossiersService; baseUrl: string }): Promise<void> {
  const { service } = deps;

  app.post(
    '/api/v1/dossiers',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'File an application (signed-in citizen or business)',
        description:
          'Validates the answers against the case\'s form and the files against its dossier components, then creates the dossier (status 1) and queues the receipt e-mail. Send the `csrf-token` header. ' +
          'Files: one per component of the case (`dossiers.upload_component_unknown` for another index, `dossiers.upload_limit` for a second file or past the bytes of a dossier); a PDF, JPEG or PNG whose name ends in its type\'s extension, ' +
          'with no second dangerous extension, whole in its structure and without active content (`dossiers.upload_invalid`); within the bytes an account may store per day (`dossiers.upload_quota`). ' +
          'A file is kept only if the dossier is filed.',
        body: SubmitJson,
        response: { 201: SubmittedJson, 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson },
      },
    },
    async (request, reply) => {
      const { procedureCode, caseCode, receivingAgency, answers } = request.body;
      // Refuse early: no file is staged for a request that cannot file anything.
      const target = await service.applicationTarget(request.actor, procedureCode, caseCode);
      const files = (request.body.uploads ?? []).map((u, i) => ({ componentIndex: u.componentIndex, fileName: u.fileName, field: `uploads[${i}]`, content: () => Buffer.from(u.contentBase64, 'base64') }));
      const staged = await service.stageApplicationFiles(request.actor, target, files, request.locale);
      let submitted;
      try {
        submitted = await service.submitApplication(request.actor, { procedureCode, caseCode, receivingAgency, answers, staged }, { locale: request.locale });
      } finally {
        // Files of a dossier not filed are never kept.
        await service.discardStaged(staged);
      }
      return reply.status(201).send({
        code: submitted.code,
        receivedAt: submitted.receivedAt.toISOString(),
        dueAt: submitted.dueAt?.toISOString() ?? null,
        receiptUrl: `/dossiers/${encodeURIComponent(submitted.code)}/receipt`,
        trackUrl: `${deps.baseUrl}/track?code=${encodeURIComponent(submitted.code)}`,
      });
    },
  );

  app.get(
    '/api/v1/dossiers/lookup',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'Track a dossier by code and a second factor',
        description: 'Public. An unknown code and a wrong verifier get the same 404. Lookups are limited per client address (IPv6: per /64), and answers checked per dossier code, counted before the check; a right answer after the code\'s budget is spent is refused too (429).',
        querystring: LookupQuery,
        response: { 200: LookupJson, 404: ErrorJson, 429: ErrorJson },
      },
    },
    async (request) => {
      const found = await service.lookup(request.query.code, request.query.verifier, request.ip);
      return {
        code: found.code,
        procedureName: found.procedureName,
        status: found.status,
        statusLabel: statusLabel(request.locale, found.status),
        receivingAgency: { code: found.receivingAgency, name: found.agencyName },
        receivedAt: found.receivedAt.toISOString(),
        dueAt: found.dueAt?.toISOString() ?? null,
        timeline: timelineJson(found.timeline, request.locale),
      };
    },
  );

  app.get(
    '/api/v1/dossiers/forms',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'The form of a procedure case, as JSON Schema',
        querystring: FormQuery,
        response: { 200: Type.Object({}, { additionalProperties: true, description: 'JSON Schema (2020-12) of the answers' }), 404: ErrorJson, 400: ErrorJson },
      },
    },
    async (request) => formJsonSchema(await service.formOf(request.query.procedure, request.query.case, request.query.applicant ?? 'citizen')),
  );

  app.get(
    '/api/v1/dossiers/:code',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'A dossier, for its applicant or an official of the receiving agency',
        params: DossierCodeParams,
        response: { 200: DossierJson, 401: ErrorJson, 404: ErrorJson },
      },
    },
    async (request) => {
      const { dossier: d, timeline, uploads, agencyName } = await service.getDossier(request.actor, request.params.code);
      const form = d.formData as { answers?: Record<string, unknown> };
      return {
        code: d.code,
        procedure: { code: d.procedureCode, name: d.procedureName, versionId: d.procedureVersionId },
        caseCode: d.caseCode,
        status: d.status,
        statusLabel: statusLabel(request.locale, d.status),
        applicant: { kind: d.applicantKind === 2 ? ('business' as const) : ('citizen' as const), identifier: d.applicantIdentifier, name: d.applicantName },
        receivingAgency: { code: d.receivingAgency, name: agencyName },
        receivedAt: d.receivedAt.toISOString(),
        dueAt: d.dueAt?.toISOString() ?? null,
        source: d.source,
        answers: form.answers ?? {},
        uploads: uploads.map((u) => ({ componentIndex: u.componentIndex, fileName: u.originalName, contentType: u.contentType, size: u.size, sha256: u.sha256 })),
        timeline: timelineJson(timeline, request.locale),
      };
    },
  );
}
