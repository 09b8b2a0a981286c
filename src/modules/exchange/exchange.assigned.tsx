import { formatDate, formatDateTime } from '../../platform/i18n/index.ts';
import { Layout, type PageContext } from '../../platform/ui/index.ts';
import { exchangeMessages } from './exchange.messages.ts';
import type { AgencyNames } from './exchange.names.ts';
import type { PackageRecord } from './exchange.types.ts';
import { AgencyName, packagePath, PriorityFlag, subjectOf } from './exchange.ui.tsx';
import type { Assignment } from './registers.repository.ts';

/** What the official (chuyên viên) or their unit was given to handle, newest first. */
export function AssignedPage(props: { ctx: PageContext; items: { assignment: Assignment; package: PackageRecord }[]; names: AgencyNames }) {
  const t = exchangeMessages.for(props.ctx.locale);
  return (
    <Layout ctx={props.ctx} title={t('assignedTitle')}>
      <h1>{t('assignedTitle')}</h1>
      {props.items.length === 0 ? (
        <p>{t('emptyAssigned')}</p>
      ) : (
        <table class="stack-table">
          <caption>{t('assignedTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colSubject')}</th>
              <th scope="col">{t('colFrom')}</th>
              <th scope="col">{t('colPriority')}</th>
              <th scope="col">{t('colAssignedAt')}</th>
              <th scope="col">{t('colDue')}</th>
              <th scope="col">{t('colNote')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map(({ assignment: a, package: p }) => (
              <tr key={a.id}>
                <td data-label={t('colSubject')}>
                  <a href={packagePath(p.id)}>{subjectOf(p, t)}</a>
                </td>
                <td data-label={t('colFrom')}>
                  <AgencyName code={p.senderAgency} names={props.names} t={t} />
                </td>
                <td data-label={t('colPriority')}>
                  <PriorityFlag priority={p.priority} t={t} />
                </td>
                <td data-label={t('colAssignedAt')}>{formatDateTime(a.assignedAt)}</td>
                <td data-label={t('colDue')}>{a.dueDate ? formatDate(a.dueDate) : '—'}</td>
                <td data-label={t('colNote')}>{a.note ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
