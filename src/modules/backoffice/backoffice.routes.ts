import { Type } from 'typebox';
import type { HttpApp } from '../../platform/http/index.ts';
import type { BackofficeApi } from './backoffice.service.ts';

const ErrorJson = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))) }) });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 70 }) });
const ActionParams = Type.Object({
  code: Type.String({ maxLength: 70 }),
  action: Type.Union(['accept', 'request-supplement', 'refuse', 'assign', 'forward', 'send-back', 'stop', 'apologise', 'issue-result'].map((a) => Type.Literal(a))),
});
const ActionBody = Type.Object({
  version: Type.Integer({ minimum: 1, description: 'The dossier version the official acted on (optimistic versioning: 409 `dossiers.dossier_changed` when it moved meanwhile)' }),
  gaps: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 30 })),
  reasons: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 30 })),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  note: Type.Optional(Type.String({ maxLength: 1000 })),
  assigneeId: Type.Optional(Type.String({ maxLength: 36 })),
  newDueDay: Type.Optional(Type.String({ maxLength: 10, description: 'yyyy-MM-dd (apology)' })),
});
const QueueQuery = Type.Object({
  bucket: Type.Optional(Type.String({ maxLength: 20, description: 'mine (the steps the official may take now), receive, processing, supplement, payment, due_soon, overdue, finished, interagency (liên thông: open hand-offs to or from the units)' })),
  unit: Type.Optional(Type.String({ maxLength: 35 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The back office's JSON API (officials signed in; send the `csrf-token` header on POST). Thin: every rule is in the use cases. */
export function registerBackofficeApi(app: HttpApp, service: BackofficeApi): void {
  app.get('/api/v1/backoffice/queue', { schema: { tags: ['backoffice'], summary: 'A work queue of the official\'s units, most urgent first, with the count of every queue', querystring: QueueQuery, response: { 200: Type.Unknown(), 401: ErrorJson, 403: ErrorJson } } }, async (request) => {
    const q = await service.queue(request.actor, request.query);
    return {
      bucket: q.bucket,
      counts: q.counts,
      page: q.page,
      pages: q.pages,
      units: q.units,
      items: q.items.map((i) => ({ code: i.code, status: i.status, procedureCode: i.procedureCode, procedureName: i.procedureName, applicantName: i.applicantName, unit: i.receivingAgency, unitName: i.unitName, receivedAt: iso(i.receivedAt), dueAt: iso(i.dueAt), ...(i.partDueAt !== undefined ? { partDueAt: iso(i.partDueAt) } : {}), flag: i.flag, url: `/console/work/${encodeURIComponent(i.code)}` })),
    };
  });

  app.get('/api/v1/backoffice/dossiers/:code', { schema: { tags: ['backoffice'], summary: 'A dossier for an official of its unit (or a supervisor above): answers, files, history, step, allowed actions', params: CodeParams, response: { 200: Type.Unknown(), 401: ErrorJson, 403: ErrorJson, 404: ErrorJson } } }, async (request) => {
    const v = await service.dossierView(request.actor, request.params.code);
    return {
      code: v.dossier.code,
      version: v.dossier.version,
      status: v.dossier.status,
      procedureName: v.dossier.procedureName,
      applicantName: v.dossier.applicantName,
      unit: v.dossier.receivingAgency,
      unitName: v.unitName,
      receivedAt: iso(v.dossier.receivedAt),
      dueAt: iso(v.dossier.dueAt),
      flag: v.flag,
      answers: v.dossier.formData,
      step: v.step ?? null,
      holder: v.holder,
      holderName: v.holderName,
      handoffs: v.handoffs.map((h) => ({ from: h.fromUnit, fromName: h.fromName, to: h.toUnit, toName: h.toName, step: h.stepIndex, sentAt: iso(h.sentAt), dueAt: iso(h.dueAt), returnedAt: iso(h.returnedAt) })),
      assignee: v.case?.assigneeName ?? null,
      actions: v.actions,
      files: v.files.map((f) => ({ id: f.id, component: v.componentNames[f.componentIndex] ?? String(f.componentIndex), name: f.originalName, size: f.size, url: `/console/work/${encodeURIComponent(v.dossier.code)}/files/${f.id}` })),
      documents: v.documents.map((d) => ({ id: d.id, kind: d.kind, issuedAt: iso(d.issuedAt) })),
      progress: v.progress.map((p) => ({ status: p.status, note: p.note, at: iso(p.at), byName: p.byName, byPosition: p.byPosition, unitName: p.unitName, stepStartedAt: iso(p.stepStartedAt), stepDueAt: iso(p.stepDueAt) })),
    };
  });

  app.post('/api/v1/backoffice/dossiers/:code/:action', { schema: { tags: ['backoffice'], summary: 'An action on a dossier (reception outcomes, processing steps, apology, result)', params: ActionParams, body: ActionBody, response: { 200: Type.Object({ version: Type.Integer() }), 400: ErrorJson, 401: ErrorJson, 403: ErrorJson, 404: ErrorJson, 409: ErrorJson } } }, async (request) => {
    const { code, action } = request.params;
    const b = request.body;
    const actor = request.actor;
    const version = b.version;
    switch (action) {
      case 'accept': return { version: (await service.accept(actor, code, { version })).version };
      case 'request-supplement': return { version: (await service.requestSupplement(actor, code, { version, gaps: b.gaps })).version };
      case 'refuse': return { version: (await service.refuse(actor, code, { version, reasons: b.reasons })).version };
      case 'assign': return { version: (await service.assign(actor, code, { version, assigneeId: b.assigneeId ?? '' })).version };
      case 'forward': return { version: (await service.forward(actor, code, { version, note: b.note })).version };
      case 'send-back': return { version: (await service.sendBack(actor, code, { version, reason: b.reason })).version };
      case 'stop': return { version: (await service.stop(actor, code, { version, reason: b.reason })).version };
      case 'apologise': return { version: (await service.apologise(actor, code, { version, newDueDay: b.newDueDay ?? '', reason: b.reason })).version };
      default: return { version: (await service.issueResult(actor, code, { version })).version };
    }
  });
}
