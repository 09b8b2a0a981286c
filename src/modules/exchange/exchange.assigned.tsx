import { formatDate, formatDateTime } from '../../platform/i18n/index.ts';
import { Layout, ResponsiveTable, type PageContext } from '../../platform/ui/index.ts';
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
        <ResponsiveTable head={[t('colSubject'), t('colFrom'), t('colPriority'), t('colAssignedAt'), t('colDue'), t('colNote')]} caption={t('assignedTitle')}>
          {props.items.map(({ assignment: a, package: p }) => (
            <tr key={a.id}>
              <td>
                <a href={packagePath(p.id)}>{subjectOf(p, t)}</a>
              </td>
              <td>
                <AgencyName code={p.senderAgency} names={props.names} t={t} />
              </td>
              <td>
                <PriorityFlag priority={p.priority} t={t} />
              </td>
              <td>{formatDateTime(a.assignedAt)}</td>
              <td>{a.dueDate ? formatDate(a.dueDate) : '—'}</td>
              <td>{a.note ?? '—'}</td>
            </tr>
          ))}
        </ResponsiveTable>
      )}
    </Layout>
  );
}
