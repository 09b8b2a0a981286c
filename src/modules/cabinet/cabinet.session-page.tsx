import { DraftsSection } from './cabinet.drafts-pages.tsx';
import { formatDate, formatDateTime } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, ResponsiveTable, SelectField, TextField, type PageContext } from '../../platform/ui/index.ts';
import { formatDeadline } from './cabinet.rules.ts';
import type { ItemView, SessionView } from './cabinet.service.ts';
import { type T, Textarea, ItemField, Checkbox } from './cabinet.pages-shared.tsx';
import type { TasksApi } from '../tasks/index.ts';

/** Field-name suffixes of the conclusion form's task rows (the first keeps the names it always had). */
export const TASK_ROWS = ['', '2', '3'] as const;

/** The tracked tasks of conclusions, from the tasks module's door (the page authorises its reader to the session first). */
export type TrackedTasks = Awaited<ReturnType<TasksApi['tasksOfCabinetItems']>>;

export function SessionPage({ ctx, t, view, invitees, tracked, done, failure }: { ctx: PageContext; t: T; view: SessionView; invitees: { accountId: string; fullName: string }[]; tracked: TrackedTasks; done: boolean; failure?: { message: string } | undefined }) {
  const editable = view.viewer.secretariat && view.status !== 'closed';
  return (
    <Layout ctx={ctx} title={view.title}>
      <h1>{view.title}</h1>
      {done ? <Notice kind="success">{t('done')}</Notice> : null}
      {failure ? <ErrorSummary ctx={ctx} errors={{}} message={failure.message} /> : null}
      <p>
        {t(`kind_${view.kind}`)} · <strong>{t(`status_${view.status}`)}</strong>
      </p>
      <p>{t('startsLabel', { at: formatDateTime(view.startsAt) })}</p>
      <p>{t('cutoffLabel', { at: formatDeadline(view.positionsCutoff) })}</p>
      {view.location ? <p>{view.location}</p> : null}
      {view.allowVoteDelegation ? <p>{t('allowVoteDelegation')}.</p> : null}
      <h2>{t('agenda')}</h2>
      {view.items.length === 0 ? <p>{t('noItems')}</p> : null}
      {view.items.map((item) => (
        <ItemCard key={item.id} ctx={ctx} t={t} view={view} item={item} tracked={tracked.filter((x) => x.task.cabinetItemId === item.id)} />
      ))}
      {editable ? (
        <section aria-labelledby="add-item-h" class="card">
          <h2 id="add-item-h">{t('addItem')}</h2>
          <Form ctx={ctx} action={`/cabinet/sessions/${view.id}/items`}>
            <input type="hidden" name="session" value={String(view.id)} />
            <TextField ctx={ctx} name="title" label={t('itemTitle')} required maxLength={500} />
            <TextField ctx={ctx} name="presenter" label={t('presenter')} maxLength={200} />
            <TextField ctx={ctx} name="slotMinutes" label={t('slot')} type="number" inputmode="numeric" value="30" />
            <Checkbox name="secret" label={t('secret')} />
            <Button variant="secondary">{t('addItem')}</Button>
          </Form>
        </section>
      ) : null}
      {editable ? (
        <section aria-labelledby="invitees-h" class="card">
          <h2 id="invitees-h">{t('invitees')}</h2>
          {invitees.length > 0 ? <p>{invitees.map((i) => i.fullName).join(', ')}</p> : null}
          <Form ctx={ctx} action={`/cabinet/sessions/${view.id}/invitees`}>
            <input type="hidden" name="session" value={String(view.id)} />
            <TextField ctx={ctx} name="inviteEmail" label={t('inviteEmail')} type="email" maxLength={200} />
            <TextField ctx={ctx} name="inviteAgency" label={t('inviteAgency')} hint={t('inviteHint')} maxLength={40} />
            <Button variant="secondary">{t('invite')}</Button>
          </Form>
        </section>
      ) : null}
      {view.viewer.secretariat && view.status === 'draft' ? (
        <Form ctx={ctx} action={`/cabinet/sessions/${view.id}/publish`}>
          <input type="hidden" name="session" value={String(view.id)} />
          <Button>{t('publish')}</Button>
        </Form>
      ) : null}
      {view.viewer.secretariat && view.status !== 'draft' ? (
        <section aria-labelledby="attendance-h">
          <h2 id="attendance-h">{t('attendance')}</h2>
          <Form ctx={ctx} action={`/cabinet/sessions/${view.id}/attendance`}>
            <input type="hidden" name="session" value={String(view.id)} />
            {view.attendance.map((a) => (
              <div class="field-row" key={a.accountId}>
                <SelectField ctx={ctx} name={`mode.${a.accountId}`} label={a.fullName} value={a.mode ?? ''} options={[{ value: '', label: t('modeNone') }, ...(['room', 'remote', 'absent'] as const).map((m) => ({ value: m, label: t(`mode_${m}`) }))]} />
                <TextField ctx={ctx} name={`reason.${a.accountId}`} label={t('reason')} value={a.reason} maxLength={500} />
              </div>
            ))}
            <Button variant="secondary">{t('saveAttendance')}</Button>
          </Form>
        </section>
      ) : null}
      {view.status !== 'draft' ? (
        <p>
          <a href={`/cabinet/sessions/${view.id}/minutes.pdf`}>{t('minutesPdf')}</a>
          {view.minutesSigned ? <> — {t('minutesSigned', { by: view.minutesSigned.by, at: formatDateTime(view.minutesSigned.at) })}</> : null}
        </p>
      ) : null}
      {view.viewer.secretariat && view.status === 'closed' && !view.minutesSigned ? (
        <Form ctx={ctx} action={`/cabinet/sessions/${view.id}/minutes/sign`}>
          <input type="hidden" name="session" value={String(view.id)} />
          <Button>{t('signMinutes')}</Button>
        </Form>
      ) : null}
      {view.viewer.secretariat && (view.status === 'published' || view.status === 'in_progress') ? (
        <Form ctx={ctx} action={`/cabinet/sessions/${view.id}/close`}>
          <input type="hidden" name="session" value={String(view.id)} />
          <Button variant="secondary">{t('closeSession')}</Button>
        </Form>
      ) : null}
      <p>
        <a href="/cabinet">{t('title')}</a>
      </p>
    </Layout>
  );
}

function ItemCard({ ctx, t, view, item, tracked }: { ctx: PageContext; t: T; view: SessionView; item: ItemView; tracked: TrackedTasks }) {
  const session = <input type="hidden" name="session" value={String(view.id)} />;
  const secretariat = view.viewer.secretariat;
  const open = view.status === 'published' || view.status === 'in_progress';
  const beforeCutoff = view.status === 'published' && view.now.getTime() < view.positionsCutoff.getTime();
  const vote = item.vote;
  return (
    <section class="card" id={`item-${item.id}`} aria-labelledby={`item-${item.id}-h`}>
      <h3 id={`item-${item.id}-h`}>
        {item.ordinal}. {item.title} {item.secret ? <strong>({t('secretBadge')})</strong> : null}
      </h3>
      {item.presenter ? <p>{item.presenter}</p> : null}
      <p>
        <strong>{t(`state_${item.state}`)}</strong>
        {view.currentItemId === item.id ? <> · {t('inProgress')}</> : null}
      </p>
      <h4>{t('documents')}</h4>
      {item.documents.length === 0 ? (
        <p>{t('noDocuments')}</p>
      ) : (
        <ul class="plain-list">
          {item.documents.map((d) => (
            <li key={d.id}>
              <a href={`/cabinet/documents/${d.id}`}>{d.fileName}</a> ({t('pages', { n: d.pages })})
            </li>
          ))}
        </ul>
      )}
      <DraftsSection ctx={ctx} drafts={item.drafts} back={`/cabinet/sessions/${view.id}`} canPropose={view.viewer.member && open && item.state === 'pending'} secretariat={secretariat} target={secretariat && view.status !== 'closed' && item.state === 'pending' ? `/cabinet/items/${item.id}` : null} />
      {secretariat && view.status !== 'closed' ? (
        <Form ctx={ctx} action={`/cabinet/items/${item.id}/documents`} enctype="multipart/form-data">
          {session}
          <div class="field">
            <label for={`f-file-${item.id}`}>{t('file')}</label>
            <input id={`f-file-${item.id}`} type="file" name="file" required />
          </div>
          <Button variant="secondary">{t('upload')}</Button>
        </Form>
      ) : null}
      {secretariat && view.status !== 'closed' ? (
        <Form ctx={ctx} action={`/cabinet/items/${item.id}/exchange`}>
          {session}
          <p class="hint">{t('fromExchange')}</p>
          <ItemField item={item.id} name="packageId" label={t('packageId')} maxLength={100} />
          <Button variant="secondary">{t('pull')}</Button>
        </Form>
      ) : null}
      {secretariat && view.status !== 'closed' ? (
        <Form ctx={ctx} action={`/cabinet/items/${item.id}/exchange-document`}>
          {session}
          <ItemField item={item.id} name="documentId" label={t('documentIdLabel')} maxLength={500} />
          <Button variant="secondary">{t('pullByDocumentId')}</Button>
        </Form>
      ) : null}
      {view.status !== 'draft' ? <p>{t('positions', { agree: item.positions.agree, objection: item.positions.objection, speak: item.positions.wishToSpeak })}</p> : null}
      {item.positions.mine ? <p>{t('myPosition', { stance: t(`stance_${item.positions.mine}`) })}</p> : null}
      {view.viewer.member && beforeCutoff && item.state === 'pending' ? (
        <Form ctx={ctx} action={`/cabinet/items/${item.id}/position`}>
          {session}
          <ItemField item={item.id} name="note" label={t('note')} maxLength={2000} />
          <div class="inline-form">
            {(['agree', 'objection', 'wish_to_speak'] as const).map((s) => (
              <button key={s} type="submit" name="stance" value={s} class={s === 'agree' ? 'button' : 'button button-secondary'}>
                {t(`stance_${s}`)}
              </button>
            ))}
          </div>
        </Form>
      ) : null}
      {item.comments.length > 0 || open ? <h4>{t('comments')}</h4> : null}
      {item.comments.length > 0 ? (
        <ul class="plain-list">
          {item.comments.map((c, i) => (
            <li key={i}>
              <strong>{c.author}</strong> ({formatDateTime(c.at)}): {c.body}
            </li>
          ))}
        </ul>
      ) : null}
      {open ? (
        <Form ctx={ctx} action={`/cabinet/items/${item.id}/comments`}>
          {session}
          <Textarea ctx={ctx} name="comment" label={t('comment')} required idSuffix={String(item.id)} />
          <Button variant="secondary">{t('addComment')}</Button>
        </Form>
      ) : null}
      {item.proposedWithoutDebate ? <p>{t('proposed')}</p> : null}
      {secretariat && item.proposedWithoutDebate && open ? (
        <Form ctx={ctx} action={`/cabinet/items/${item.id}/adopt`}>
          {session}
          <Button>{t('confirmAdoption')}</Button>
        </Form>
      ) : null}
      {item.conclusion ? (
        <p>
          <strong>{t('conclusion')}:</strong> {item.conclusion}
        </p>
      ) : null}
      {tracked.length > 0 ? <TrackedTaskList t={t} tracked={tracked} itemId={item.id} /> : null}
      {vote ? (
        <div id={`vote-${vote.id}`}>
          {vote.open ? <p>{t('voteOpen', { question: vote.question, cast: vote.cast, total: vote.membersTotal })}</p> : null}
          {vote.myChoice ? <p>{t('voteYourChoice', { choice: t(`choice_${vote.myChoice}`) })}</p> : null}
          {vote.open && view.viewer.member && !vote.myChoice ? (
            <Form ctx={ctx} action={`/cabinet/votes/${vote.id}/ballot`}>
              {session}
              <p class="hint">{t('voteStepUp')}</p>
              <div class="inline-form">
                {(['for', 'against', 'abstain'] as const).map((c) => (
                  <button key={c} type="submit" name="choice" value={c} class={c === 'for' ? 'button' : 'button button-secondary'}>
                    {t(`choice_${c}`)}
                  </button>
                ))}
              </div>
            </Form>
          ) : null}
          {vote.open
            ? vote.representing
                .filter((r) => !r.choice)
                .map((r) => (
                  <Form ctx={ctx} action={`/cabinet/votes/${vote.id}/ballot`} key={r.accountId}>
                    {session}
                    <input type="hidden" name="onBehalfOf" value={r.accountId} />
                    <p>
                      <strong>{t('voteFor', { name: r.fullName })}</strong>
                    </p>
                    <p class="hint">{t('voteStepUp')}</p>
                    <div class="inline-form">
                      {(['for', 'against', 'abstain'] as const).map((c) => (
                        <button key={c} type="submit" name="choice" value={c} class={c === 'for' ? 'button' : 'button button-secondary'}>
                          {t(`choice_${c}`)}
                        </button>
                      ))}
                    </div>
                  </Form>
                ))
            : null}
          {vote.open && secretariat ? (
            <Form ctx={ctx} action={`/cabinet/votes/${vote.id}/close`}>
              {session}
              <Button>{t('closeVote')}</Button>
            </Form>
          ) : null}
          {vote.tally ? (
            <>
              <p class="vote-result">
                <strong>{vote.question}</strong> — {t('voteResult', { result: t(`result_${vote.tally.result}`), for: vote.tally.for, against: vote.tally.against, abstain: vote.tally.abstain, absent: vote.tally.notVoting, total: vote.membersTotal })}
              </p>
              {vote.tally.tieBrokenByPm ? <p>{t('tieBroken')}</p> : null}
              <ResponsiveTable head={[t('member'), t('choice')]}>
                    {vote.ballots.map((b) => (
                      <tr key={b.fullName}>
                        <th scope="row">
                          {b.fullName} <span class="hint">{b.title}</span>
                        </th>
                        <td>
                          {b.choice ? t(`choice_${b.choice}`) : t('notVoted')}
                          {b.castBy ? ` (${t('castBy', { name: b.castBy })})` : ''}
                        </td>
                      </tr>
                    ))}
              </ResponsiveTable>
            </>
          ) : null}
        </div>
      ) : null}
      {secretariat && open && item.state === 'pending' ? (
        <>
          {view.currentItemId !== item.id ? (
            <Form ctx={ctx} action={`/cabinet/items/${item.id}/start`}>
              {session}
              <Button variant="secondary">{t('startItem')}</Button>
            </Form>
          ) : null}
          {!vote?.open ? (
            <Form ctx={ctx} action={`/cabinet/items/${item.id}/vote`}>
              {session}
              <ItemField item={item.id} name="question" label={t('question')} value={item.title} required maxLength={1000} />
              <Button variant="secondary">{t('openVote')}</Button>
            </Form>
          ) : null}
          {!vote?.open ? (
            <Form ctx={ctx} action={`/cabinet/items/${item.id}/conclusion`}>
              {session}
              <Textarea ctx={ctx} name="conclusion" label={t('conclusion')} required idSuffix={String(item.id)} />
              {TASK_ROWS.map((suffix, i) => (
                <fieldset key={suffix} class="task-row">
                  <legend>{t('taskRow', { n: i + 1 })}</legend>
                  <ItemField item={item.id} name={`taskContent${suffix}`} label={t('taskContent')} maxLength={1000} />
                  <ItemField item={item.id} name={`taskAgency${suffix}`} label={t('taskAgency')} maxLength={40} />
                  <ItemField item={item.id} name={`taskDeadline${suffix}`} label={t('taskDeadline')} type="date" />
                </fieldset>
              ))}
              <Button variant="secondary">{t('recordConclusion')}</Button>
            </Form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** The tasks a conclusion created, as the tasks module tracks them, with the documents that answered them and the indicators they move (lineage). */
function TrackedTaskList({ t, tracked, itemId }: { t: T; tracked: TrackedTasks; itemId: number }) {
  return (
    <div class="tracked-tasks">
      <h4 id={`item-${itemId}-tasks`}>{t('trackedTasks')}</h4>
      <ul aria-labelledby={`item-${itemId}-tasks`}>
        {tracked.map(({ task, documents, reports, indicators }) => (
          <li key={task.id}>
            <a href={`/console/tasks/${task.id}`}>{task.content}</a>
            <br />
            {t('trackedTaskLead', { agency: task.leadAgencyCode, due: task.dueOn ? formatDate(task.dueOn) : '—', status: t(`trackedStatus_${task.status}`) })}
            {task.overdue ? (
              <>
                {' · '}
                <strong>{t('trackedOverdue', { n: task.overdueWorkingDays })}</strong>
              </>
            ) : null}
            {reports.length > 0 ? (
              <>
                <br />
                {t('trackedReports', { n: reports.length })}
              </>
            ) : null}
            {documents.length > 0 ? (
              <>
                <br />
                <span class="document-id">{t('trackedDocuments', { ids: documents.join('; ') })}</span>
              </>
            ) : null}
            {indicators.length > 0 ? (
              <>
                <br />
                {t('trackedIndicators', { codes: indicators.join(', ') })}
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
