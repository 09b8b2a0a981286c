import { formatDate, formatDateTime } from '../../platform/i18n/index.ts';
import { Layout, type PageContext } from '../../platform/ui/index.ts';
import { exchangeMessages } from './exchange.messages.ts';
import type { AgencyNames } from './exchange.names.ts';
import type { InboxItem, SentItem } from './exchange.service.ts';
import { AgencyName, deliveryState, Header, packagePath, PriorityFlag, statusName, subjectOf } from './exchange.ui.tsx';

export { DocumentPage, type DocumentView } from './exchange.document.tsx';
export { packagePath };

// Lists are tables on a wide screen and stacked rows on a phone (app.css `.stack-table`):
// every cell carries its column's name for the narrow layout.

export function InboxPage(props: { ctx: PageContext; agency: { code: string; name: string }; items: InboxItem[]; names: AgencyNames }) {
  const t = exchangeMessages.for(props.ctx.locale);
  return (
    <Layout ctx={props.ctx} title={t('inboxTitle')}>
      <Header ctx={props.ctx} t={t} title={t('inboxTitle')} agency={props.agency} />
      {props.items.length === 0 ? (
        <p>{t('emptyInbox')}</p>
      ) : (
        <table class="stack-table">
          <caption>{t('inboxCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colSubject')}</th>
              <th scope="col">{t('colFrom')}</th>
              <th scope="col">{t('colPriority')}</th>
              <th scope="col">{t('colReceived')}</th>
              <th scope="col">{t('colDue')}</th>
              <th scope="col">{t('colState')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => {
              const due = item.package.dueDate;
              return (
                <tr key={item.deliveryId}>
                  <td data-label={t('colSubject')}>
                    <a href={packagePath(item.package.id)}>{subjectOf(item.package, t)}</a>
                  </td>
                  <td data-label={t('colFrom')}>
                    <AgencyName code={item.package.senderAgency} names={props.names} t={t} />
                  </td>
                  <td data-label={t('colPriority')}>
                    <PriorityFlag priority={item.package.priority} t={t} />
                  </td>
                  <td data-label={t('colReceived')}>{formatDateTime(item.package.receivedAt)}</td>
                  <td data-label={t('colDue')}>{due ? formatDate(due) : '—'}</td>
                  <td data-label={t('colState')}>{deliveryState(item.delivery, t)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
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
        <table class="stack-table">
          <caption>{t('sentCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colSubject')}</th>
              <th scope="col">{t('colPriority')}</th>
              <th scope="col">{t('colSent')}</th>
              <th scope="col">{t('colRecipients')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => (
              <tr key={item.package.id}>
                <td data-label={t('colSubject')}>
                  <a href={packagePath(item.package.id)}>{subjectOf(item.package, t)}</a>
                </td>
                <td data-label={t('colPriority')}>
                  <PriorityFlag priority={item.package.priority} t={t} />
                </td>
                <td data-label={t('colSent')}>{formatDateTime(item.package.receivedAt)}</td>
                <td data-label={t('colRecipients')}>
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
          </tbody>
        </table>
      )}
    </Layout>
  );
}
