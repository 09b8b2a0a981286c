import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DomainError } from '../../platform/errors/index.ts';
import { formatDate } from '../../platform/i18n/index.ts';
import { TextAreaField, type FieldErrors } from '../../platform/ui/index.ts';
import { tasksMessages, type TasksMessageKey } from './tasks.messages.ts';
import type { TaskView } from './tasks.view-model.ts';
import type { FileStore } from '../../platform/files/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import type { TasksApi } from './tasks.api.ts';

export type T = ReturnType<typeof tasksMessages.for>;
export type Namer = (code: string) => string;

export const signIn = (request: FastifyRequest, reply: FastifyReply) => reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
export const idParam = (request: FastifyRequest) => {
  const id = Number((request.params as { id: string }).id);
  return Number.isSafeInteger(id) && id > 0 ? id : 0;
};

/** Field errors as the page shows them: each code translated. */
export function fieldErrors(error: DomainError, locale: 'vi' | 'en'): FieldErrors {
  const t = tasksMessages.for(locale);
  const out: FieldErrors = {};
  for (const f of error.fields) if (!(f.field in out)) out[f.field] = f.message in tasksMessages.vi ? t(f.message as TasksMessageKey) : f.message;
  return out;
}

/** The deadline as read: a date, a period, or "regularly". */
export function deadlineText(t: T, task: TaskView): string {
  if (task.deadlineKind === 'regular') return t('regularly');
  if (task.deadlineKind === 'periodic') return t('periodicDue', { period: t(`period_${task.period ?? 'monthly'}`), day: task.periodDay ?? '', key: task.currentPeriod ?? '—' });
  return task.deadline ? formatDate(task.deadline) : '—';
}

export function StatusText({ t, task }: { t: T; task: TaskView }) {
  return (
    <>
      {t(`status_${task.status}`)}
      {task.evaluation ? ` — ${t(`evaluation_${task.evaluation}`)}` : ''}
      {task.overdue ? (
        <>
          {' '}
          <strong class="tag tag-overdue">{task.overdueWorkingDays > 0 ? t('overdueBy', { n: task.overdueWorkingDays }) : t('overdueToday')}</strong>
        </>
      ) : null}
    </>
  );
}

/** Tasks as a table that stacks into cards on a phone. */
export function TaskTable({ t, tasks, name }: { t: T; tasks: TaskView[]; name: Namer }) {
  if (tasks.length === 0) return <p>{t('none')}</p>;
  return (
    // A region that scrolls sideways on a phone must be reachable by keyboard (axe scrollable-region-focusable).
    <div class="table-wrap" role="region" tabindex={0} aria-label={t('listTitle')}>
      <table class="stack-table">
        <thead>
          <tr>
            <th scope="col">{t('task')}</th>
            <th scope="col">{t('lead')}</th>
            <th scope="col">{t('deadline')}</th>
            <th scope="col">{t('dueOn')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('progress')}</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <tr key={task.id}>
              <td data-label={t('task')}>
                <a href={`/console/tasks/${task.id}`}>{task.content}</a>
              </td>
              <td data-label={t('lead')}>{name(task.leadAgencyCode)}</td>
              <td data-label={t('deadline')}>{deadlineText(t, task)}</td>
              <td data-label={t('dueOn')}>{task.dueOn ? formatDate(task.dueOn) : '—'}</td>
              <td data-label={t('status')}>
                <StatusText t={t} task={task} />
              </td>
              <td data-label={t('progress')}>{`${task.progressPercent} %`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Task forms' textareas are 4 rows high. */
export function TextArea(props: Parameters<typeof TextAreaField>[0]) {
  return <TextAreaField rows={4} {...props} />;
}

/** Previous / next links of a list page. */
export function Pager({ t, base, offset, pageSize, total }: { t: T; base: string; offset: number; pageSize: number; total: number }) {
  const join = base.includes('?') ? '&' : '?';
  if (offset === 0 && total <= pageSize) return null;
  return (
    <nav aria-label={t('pages')}>
      <ul class="queue-tabs">
        {offset > 0 ? (
          <li>
            <a href={`${base}${join}offset=${Math.max(0, offset - pageSize)}`}>{t('previous')}</a>
          </li>
        ) : null}
        {offset + pageSize < total ? (
          <li>
            <a href={`${base}${join}offset=${offset + pageSize}`}>{t('next')}</a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export interface TasksPagesDeps {
  api: TasksApi;
  agencies: Pick<AgenciesApi, 'findAgency'>;
  files: FileStore;
}


/** Agency names for pages, kept a few minutes per process (a directory name rarely changes). */
const NAME_TTL_MS = 5 * 60_000;
const agencyNames = new Map<string, { at: number; name: string }>();

export async function agencyNamer(agencies: TasksPagesDeps['agencies'], codes: Iterable<string>): Promise<Namer> {
  const now = Date.now();
  const missing = [...new Set(codes)].filter((code) => !((agencyNames.get(code)?.at ?? 0) > now - NAME_TTL_MS));
  const found = await Promise.all(missing.map(async (code) => [code, (await agencies.findAgency(code))?.name ?? code] as const));
  for (const [code, name] of found) agencyNames.set(code, { at: now, name });
  return (code) => agencyNames.get(code)?.name ?? code;
}
