import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DossiersApi } from '../dossiers/index.ts';
import type { Contributions } from '../../platform/module/index.ts';
import { redirectToSignIn } from '../../platform/http/index.ts';
import { renderFormDocument } from './backoffice.documents.ts';
import type { BackofficeApi } from './backoffice.service.ts';

export interface PagesDeps {
  service: BackofficeApi;
  dossiers: Pick<DossiersApi, 'acceptSupplementUpload'>;
  contributions: Contributions;
}

export const signIn = (request: FastifyRequest, reply: FastifyReply) => redirectToSignIn(request, reply);

/** A stored file, inline (PDF and images open in the browser), never cached by shared caches. */
export function sendFile(reply: FastifyReply, contentType: string, name: string, content: NodeJS.ReadableStream | Buffer) {
  const ascii = name.replace(/[^0-9A-Za-z._-]/g, '_').slice(0, 100) || 'file';
  return reply.type(contentType).header('content-disposition', `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').send(content);
}

/** A form (rendered from its data) or a result (the PDF kept as issued). */
export async function sendDocument(service: BackofficeApi, request: FastifyRequest, reply: FastifyReply) {
  const { code, id } = request.params as { code: string; id: number };
  const { dossier, document } = await service.openDocument(request.actor, code, id);
  const pdf = document.kind === 'result' ? await service.resultBytes(document) : await renderFormDocument(document, dossier);
  return sendFile(reply, 'application/pdf', `${document.kind === 'result' ? 'ket-qua' : `mau-${document.kind}`}-${dossier.code}.pdf`, pdf);
}
