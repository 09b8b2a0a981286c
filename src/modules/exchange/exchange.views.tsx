import { formatDate, formatDateTime } from '../../platform/i18n/index.ts';
import { Layout, ResponsiveTable, type PageContext } from '../../platform/ui/index.ts';
import { exchangeMessages } from './exchange.messages.ts';
import type { AgencyNames } from './exchange.names.ts';
import type { InboxItem, SentItem } from './exchange.service.ts';
import { AgencyName, deliveryState, Header, packagePath, PriorityFlag, statusName, subjectOf } from './exchange.ui.tsx';

export { DocumentPage, type DocumentView } from './exchange.document.tsx';
export { packagePath };

// Lists are tables on a wide screen and stacked rows on a phone (ResponsiveTable).

export function InboxPage(props: { ctx: PageContext; agency: { code: string; name: string }; items: InboxItem[]; names: AgencyNames }) {
  const t = exchangeMessages.for(props.ctx.locale);
  return (
    <Layout ctx={props.ctx} title={t('inboxTitle')}>
      <Header ctx={props.ctx} t={t} title={t('inboxTitle')} agency={props.agency} />
      {props.items.length === 0 ? (
        <p>{t('emptyInbox')}</p>
      ) : (
        <ResponsiveTable head={[t('colSubject'), t('colFrom'), t('colPriority'), t('colReceived'), t('colDue'), t('colState')]} caption={t('inboxCaption')}>
          {props.items.map((item) => {
            const due = item.package.dueDate;
            return (
              <tr key={item.deliveryId}>
                <td>
                  <a href={packagePath(item.package.id)}>{subjectOf(item.package, t)}</a>
                </td>
                <td>
                  <AgencyName code={item.package.senderAgency} names={props.names} t={t} />
                </td>
                <td>
                  <PriorityFlag priority={item.package.priority} t={t} />
                </td>
                <td>{formatDateTime(item.package.receivedAt)}</td>
                <td>{due ? formatDate(due) : '—'}</td>
                <td>{deliveryState(item.delivery, t)}</td>
              </tr>
            );
          })}
        </ResponsiveTable>
      )}
    </Layout>
  );
}

export function SentPage(props: { ctx: PageContext; agency: { code: string; name: string }; items: SentItem[]; names: AgencyNames }) {
  const { ctx } = props;
  const t = exchangeMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('sentTitle')}>
      <Header ctx={ctx} t={t} title={t('sentTitle')} agency={props.agency} />
      {props.items.length === 0 ? (
        <p>{t('emptySent')}</p>
      ) : (
        <ResponsiveTable head={[t('colSubject'), t('colPriority'), t('colSent'), t('colRecipients')]} caption={t('sentCaption')}>
          {props.items.map((item) => (
            <tr key={item.package.id}>
              <td>
                <a href={packagePath(item.package.id)}>{subjectOf(item.package, t)}</a>
              </td>
              <td>
                <PriorityFlag priority={item.package.priority} t={t} />
              </td>
              <td>{formatDateTime(item.package.receivedAt)}</td>
              <td>
                <ul class="plain-list">
                  {item.deliveries.map((d) => {
                    const last = d.statuses.at(-1);
                    return (
                      <li key={d.recipient}>
                        <AgencyName code={d.recipient} names={props.names} t={t} />: {deliveryState(d, t)}; {last ? statusName(last.statusCode, ctx.locale) : t('noStatus')}
                      </li>
                    );
                  })}
                </ul>
              </td>
            </tr>
          ))}
        </ResponsiveTable>
      )}
    </Layout>
  );
}
