import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition, csrfCheckedParts, type HttpApp } from '../../platform/http/index.ts';
import { formatDateTime } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, pageContext, sendPage, type PageContext } from '../../platform/ui/index.ts';
import { draftMessages } from './cabinet.drafts-messages.ts';
import type { DraftView, ProposalView } from './cabinet.drafts-view.ts';
import { bodyOf, hide, idOf, ItemField, MAX_UPLOAD, shownError, Textarea } from './cabinet.pages-shared.tsx';
import type { CabinetService } from './cabinet.service.ts';

/** Where a drafts form comes back to: a session's or a poll's page, nothing else (no open redirect). */
function backTo(value: string | undefined): string {
  return value && /^\/cabinet\/(sessions|polls)\/\d+$/.test(value) ? value : '/cabinet';
}

/** A draft's history on an item card or a poll's page: versions, what changed, proposals; forms for members and the secretariat. */
export function DraftsSection({ ctx, drafts, back, canPropose, secretariat, target }: { ctx: PageContext; drafts: DraftView[]; back: string; canPropose: boolean; secretariat: boolean; target: string | null }) {
  const t = draftMessages.for(ctx.locale);
  const targetId = Number(target?.split('/').at(-1) ?? 0);
  if (drafts.length === 0 && !(secretariat && target)) return null;
  const Proposal = ({ p }: { p: ProposalView }) => (
    <li>
      <strong>{p.author}</strong>
      {p.location ? ` — ${p.location}` : ''}: «{p.proposedText}»{p.comment ? ` (${p.comment})` : ''} — {t(`status_${p.status}`)}
      {p.decidedInVersion ? ` ${t('decidedIn', { n: p.decidedInVersion })}` : ''}
      {p.decisionNote ? `: ${p.decisionNote}` : ''}
    </li>
  );
  return (
    <div class="drafts">
      <h4>{t('drafts')}</h4>
      {drafts.map((d) => {
        const current = d.versions.at(-1);
        const pending = d.versions.flatMap((v) => v.proposals).filter((p) => p.status === 'pending');
        return (
          <details key={d.id} open>
            <summary>
              {d.title} — {current ? t('version', { n: current.version }) : ''}
            </summary>
            <ol class="plain-list">
              {d.versions.map((v) => (
                <li key={v.id}>
                  <a href={`/cabinet/draft-versions/${v.id}`}>{t('version', { n: v.version })}</a> ({v.fileName}) — {t('versionBy', { by: v.uploadedBy, at: formatDateTime(v.at) })}
                  {v.changes ? (
                    <p>
                      <strong>{t('changes')}:</strong> {v.changes}
                    </p>
                  ) : null}
                  {v.decided.length > 0 ? (
                    <>
                      <p>{t('decided')}:</p>
                      <ul>{v.decided.map((p) => <Proposal key={p.id} p={p} />)}</ul>
                    </>
                  ) : null}
                  {v.proposals.length > 0 ? (
                    <>
                      <p>{t('proposals')}:</p>
                      <ul>{v.proposals.map((p) => <Proposal key={p.id} p={p} />)}</ul>
                    </>
                  ) : null}
                </li>
              ))}
            </ol>
            {canPropose && current ? (
              <Form ctx={ctx} action={`/cabinet/draft-versions/${current.id}/proposals`}>
                <input type="hidden" name="back" value={back} />
                <ItemField item={current.id} name="location" label={t('location')} maxLength={300} />
                <Textarea ctx={ctx} name="proposedText" label={t('proposedText')} required idSuffix={String(current.id)} />
                <Textarea ctx={ctx} name="comment" label={t('comment')} idSuffix={`p${current.id}`} />
                <Button variant="secondary">{t('propose')}</Button>
              </Form>
            ) : null}
            {secretariat && target ? (
              <Form ctx={ctx} action={`/cabinet/drafts/${d.id}/versions`} enctype="multipart/form-data">
                <input type="hidden" name="back" value={back} />
                <Textarea ctx={ctx} name="changes" label={t('changes')} required idSuffix={`d${d.id}`} />
                {pending.map((p) => (
                  <fieldset key={p.id}>
                    <legend>
                      {t('decision', { author: p.author })}: «{p.proposedText}»
                    </legend>
                    {(['none', 'accepted', 'rejected'] as const).map((choice) => (
                      <label key={choice}>
                        <input type="radio" name={`decision.${p.id}`} value={choice === 'none' ? '' : choice} checked={choice === 'none'} /> {t(`decision_${choice}`)}{' '}
                      </label>
                    ))}
                    <ItemField item={p.id} name={`note.${p.id}`} label={t('decisionNote')} maxLength={2000} />
                  </fieldset>
                ))}
                <div class="field">
                  <label for={`f-version-file-${d.id}`}>{t('file')}</label>
                  <input id={`f-version-file-${d.id}`} type="file" name="file" required />
                </div>
                <Button variant="secondary">{t('newVersion')}</Button>
              </Form>
            ) : null}
          </details>
        );
      })}
      {secretariat && target ? (
        <Form ctx={ctx} action={`${target}/drafts`} enctype="multipart/form-data">
          <input type="hidden" name="back" value={back} />
          <ItemField item={targetId} name="draftTitle" label={t('draftTitle')} required maxLength={300} />
          <div class="field">
            <label for={`f-draft-file-${targetId}`}>{t('file')}</label>
            <input id={`f-draft-file-${targetId}`} type="file" name="file" required />
          </div>
          <Button variant="secondary">{t('create')}</Button>
        </Form>
      ) : null}
    </div>
  );
}

/** A refusal shown on a small page with a link back (the session's or poll's page). */
function failurePage(request: FastifyRequest, reply: FastifyReply, message: string, back: string, status: number) {
  const ctx = pageContext(request, reply);
  const t = draftMessages.for(ctx.locale);
  return sendPage(
    reply,
    <Layout ctx={ctx} title={t('failed')} narrow>
      <h1>{t('failed')}</h1>
      <ErrorSummary ctx={ctx} errors={{}} message={message} />
      <p>
        <a href={back}>{t('back')}</a>
      </p>
    </Layout>,
    status,
  );
}

/** Routes of drafts: new drafts and versions (multipart), proposals, opening a version. */
export async function registerDraftPages(app: HttpApp, cabinet: CabinetService): Promise<void> {
  const run = async (request: FastifyRequest, reply: FastifyReply, back: string, action: () => Promise<unknown>) => {
    try {
      await action();
    } catch (error) {
      const shown = shownError(error);
      if (!shown) throw error;
      return failurePage(request, reply, shown.message, back, error instanceof Error && 'kind' in error && error.kind === 'invalid' ? 400 : 409);
    }
    return reply.redirect(`${back}?done=1`, 303);
  };

  app.post('/cabinet/draft-versions/:id/proposals', { schema: hide }, async (request, reply) => {
    const b = bodyOf(request);
    return run(request, reply, backTo(b.back), () => cabinet.proposeChange(request.actor, idOf(request), { location: b.location ?? '', proposedText: b.proposedText ?? '', comment: b.comment ?? '' }));
  });

  app.get('/cabinet/draft-versions/:id', { schema: hide }, async (request, reply) => {
    const doc = await cabinet.openDraftVersion(request.actor, idOf(request));
    return reply.header('content-type', doc.contentType).header('content-disposition', contentDisposition('attachment', doc.fileName)).header('cache-control', 'no-store').send(doc.content);
  });

  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 60 } });
    const readForm = async (request: FastifyRequest, reply: FastifyReply) => {
      const fields: Record<string, string> = {};
      let file: { name: string; type: string; bytes: Buffer } | undefined;
      for await (const part of csrfCheckedParts(scope as unknown as HttpApp, request, reply)) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          if (part.filename && bytes.length > 0) file = { name: part.filename, type: part.mimetype, bytes };
        } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      }
      return { fields, file: { fileName: file?.name ?? '', contentType: file?.type ?? '', content: file?.bytes ?? Buffer.alloc(0) } };
    };
    for (const kind of ['items', 'polls'] as const) {
      scope.post(`/cabinet/${kind}/:id/drafts`, { schema: hide, config: { csrf: false } }, async (request, reply) => {
        const { fields, file } = await readForm(request, reply);
        const target = kind === 'items' ? { itemId: idOf(request) } : { pollId: idOf(request) };
        return run(request, reply, backTo(fields.back), () => cabinet.createDraft(request.actor, target, { ...file, title: fields.draftTitle ?? '' }));
      });
    }
    scope.post('/cabinet/drafts/:id/versions', { schema: hide, config: { csrf: false } }, async (request, reply) => {
      const { fields, file } = await readForm(request, reply);
      const decisions = Object.entries(fields)
        .filter(([name, value]) => name.startsWith('decision.') && (value === 'accepted' || value === 'rejected'))
        .map(([name, value]) => ({ proposalId: Number(name.slice(9)), accepted: value === 'accepted', note: fields[`note.${name.slice(9)}`] ?? '' }));
      return run(request, reply, backTo(fields.back), () => cabinet.addDraftVersion(request.actor, idOf(request), { ...file, changes: fields.changes ?? '', decisions }));
    });
  });
}
