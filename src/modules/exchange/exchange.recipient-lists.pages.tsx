import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { formatDateTime } from '../../platform/i18n/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { Form, Layout, Notice, pageContext, sendPage, type PageContext } from '../../platform/ui/index.ts';
import { exchangeMessages } from './exchange.messages.ts';
import type { AgencyNames } from './exchange.names.ts';
import type { ExchangePagesDeps } from './exchange.pages-deps.ts';
import type { RecipientList } from './exchange.recipient-lists.ts';
import type { ExchangeCaller } from './exchange.types.ts';
import { AgencyName, Nav } from './exchange.ui.tsx';

const hidden = { hide: true };
const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) });
const ListsQuery = Type.Object({ deleted: Type.Optional(Type.String({ maxLength: 1 })) });

/** The agency's saved recipient lists: who is on each, compose to one, delete one. */
export function registerRecipientListPages(app: HttpApp, deps: Pick<ExchangePagesDeps, 'recipientLists' | 'names'> & { officialOf: (request: FastifyRequest) => ExchangeCaller }): void {
  app.get('/exchange/recipient-lists', { schema: { ...hidden, querystring: ListsQuery } }, async (request, reply) => {
    const lists = await deps.recipientLists.listsOf(deps.officialOf(request));
    const names = await deps.names([...new Set(lists.flatMap((l) => l.members))], request.locale);
    const t = exchangeMessages.for(request.locale);
    return sendPage(reply, <RecipientListsPage ctx={pageContext(request, reply)} lists={lists} names={names} notice={request.query.deleted ? t('listDeleted') : undefined} />);
  });

  app.post('/exchange/recipient-lists/:id/delete', { schema: { ...hidden, params: IdParams } }, async (request, reply) => {
    await deps.recipientLists.remove(deps.officialOf(request), Number(request.params.id));
    return reply.redirect('/exchange/recipient-lists?deleted=1', 303);
  });
}

function RecipientListsPage({ ctx, lists, names, notice }: { ctx: PageContext; lists: RecipientList[]; names: AgencyNames; notice: string | undefined }) {
  const t = exchangeMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('listsTitle')}>
      <h1>{t('listsTitle')}</h1>
      <Nav t={t} />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {lists.length === 0 ? <p>{t('listsEmpty')}</p> : null}
      <ul class="card-grid">
        {lists.map((list) => {
          const compose = `/exchange/compose?${list.members.map((code) => `to=${encodeURIComponent(code)}`).join('&')}`;
          return (
            <li key={list.id} class="card">
              <h2>{list.name}</h2>
              <p class="hint">{t('listSavedBy', { date: formatDateTime(list.updatedAt) })}</p>
              <ul>
                {list.members.map((code) => (
                  <li key={code}>
                    <AgencyName code={code} names={names} t={t} />
                  </li>
                ))}
              </ul>
              <p class="inline-list">
                <a href={compose}>{t('listUse', { name: list.name })}</a>
              </p>
              <Form ctx={ctx} action={`/exchange/recipient-lists/${list.id}/delete`}>
                <button type="submit" class="button button-secondary">
                  {t('listDelete', { name: list.name })}
                </button>
              </Form>
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}
