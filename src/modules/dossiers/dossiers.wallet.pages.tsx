import { Type } from 'typebox';
import type { HttpApp } from '../../platform/http/index.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import { Layout, pageContext, sendPage } from '../../platform/ui/index.ts';
import type { PagesDeps } from './dossiers.deps.ts';
import { requireSignIn } from './dossiers.page-parts.tsx';
import { walletMessages } from './dossiers.wallet.messages.ts';

const WalletParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

/** "Kho giấy tờ": the applicant's documents, each downloadable by its owner only. */
export function registerWalletPages(app: HttpApp, deps: PagesDeps): void {
  const { service } = deps;

  app.get('/my/wallet', { schema: { hide: true } }, async (request, reply) => {
    if (!requireSignIn(request, reply)) return reply;
    const documents = await service.listWallet(request.actor);
    const ctx = pageContext(request, reply);
    const t = walletMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('title')}>
        <h1>{t('title')}</h1>
        <p>{t('lead')}</p>
        {documents.length === 0 ? (
          <p>{t('empty')}</p>
        ) : (
          <ul class="card-grid">
            {documents.map((d) => (
              <li key={d.id} class="card">
                <h2>{d.title}</h2>
                <dl class="summary-list">
                  {d.issuerName ? (
                    <>
                      <dt>{t('issuedBy')}</dt>
                      <dd>{d.issuerName}</dd>
                    </>
                  ) : null}
                  <dt>{t('issuedOn')}</dt>
                  <dd>{formatDate(d.issuedAt)}</dd>
                  {d.dossierCode ? (
                    <>
                      <dt>{t('dossier')}</dt>
                      <dd>
                        <a href={`/dossiers/${encodeURIComponent(d.dossierCode)}/progress`}>{d.dossierCode}</a>
                      </dd>
                    </>
                  ) : null}
                  <dt>{t('size')}</dt>
                  <dd>{Math.max(1, Math.round(d.size / 1024))} KB</dd>
                </dl>
                <p>
                  <a href={`/my/wallet/${d.id}/file`} download={d.fileName}>
                    {t('download')}
                    <span class="visually-hidden">: {d.title}</span>
                  </a>
                </p>
              </li>
            ))}
          </ul>
        )}
      </Layout>,
    );
  });

  app.get('/my/wallet/:id/file', { schema: { hide: true, params: WalletParams } }, async (request, reply) => {
    if (!requireSignIn(request, reply)) return reply;
    const { document, content } = await service.openWalletDocument(request.actor, request.params.id);
    const ascii = document.fileName.replace(/[^0-9A-Za-z._-]/g, '_').slice(0, 100) || 'file';
    return reply
      .type(document.contentType)
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(document.fileName)}`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(content);
  });
}
