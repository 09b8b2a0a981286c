import type { ComponentChildren } from 'preact';
import { formatDate, formatDateTime } from '../../platform/i18n/index.ts';
import { fieldId, ResponsiveTable, type PageContext } from '../../platform/ui/index.ts';
import { feedbackMessages, type FeedbackMessageKey } from './feedback.messages.ts';
import type { FeedbackEvent, FeedbackItem } from './feedback.repository.ts';

export { TextAreaField as TextArea } from '../../platform/ui/index.ts';

/** One checkbox with its label beside it. */
export function CheckBox(props: { name: string; label: string; checked?: boolean; value?: string }) {
  const id = fieldId(props.name);
  return (
    <div class="field choice">
      <input type="checkbox" id={id} name={props.name} value={props.value ?? 'yes'} checked={props.checked} />
      <label for={id}>{props.label}</label>
    </div>
  );
}

/** A question answered by one of several radio buttons (fieldset and legend). */
export function RadioGroup(props: { name: string; legend: string; options: { value: string; label: string }[]; value?: string | undefined; error?: string | undefined }) {
  const id = fieldId(props.name);
  const errorId = props.error ? `${id}-error` : undefined;
  return (
    <fieldset class={props.error ? 'field choices field-error' : 'field choices'} aria-describedby={errorId}>
      <legend id={id}>{props.legend}</legend>
      {props.error ? <p class="error-message" id={errorId}>{props.error}</p> : null}
      {props.options.map((o) => (
        <div class="choice" key={o.value}>
          <input type="radio" id={`${id}-${o.value}`} name={props.name} value={o.value} checked={props.value === o.value} />
          <label for={`${id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** The last day people read for a due instant (24:00 of the last day). */
export const dueText = (dueAt: Date) => formatDate(new Date(dueAt.getTime() - 1));

export function SummaryList({ children }: { children: ComponentChildren }) {
  return <dl class="summary-list">{children}</dl>;
}

/** The facts of an item both its submitter and the officials read. */
export function ItemSummary({ ctx, item, agencyName }: { ctx: PageContext; item: FeedbackItem; agencyName: string }) {
  const t = feedbackMessages.for(ctx.locale);
  return (
    <dl class="summary-list">
      <dt>{t('number')}</dt>
      <dd>{item.id}</dd>
      <dt>{t('kind')}</dt>
      <dd>{t(`kind_${item.kind}` as FeedbackMessageKey)}</dd>
      <dt>{t('category')}</dt>
      <dd>{t(`category_${item.category}` as FeedbackMessageKey)}</dd>
      <dt>{t('status')}</dt>
      <dd>{t(`status_${item.status}` as FeedbackMessageKey)}</dd>
      <dt>{t('agency')}</dt>
      <dd>{agencyName}</dd>
      <dt>{t('receivedAt')}</dt>
      <dd>{formatDateTime(item.receivedAt)}</dd>
      <dt>{t('answerDue')}</dt>
      <dd>{dueText(item.answerDueAt)}</dd>
      {item.dossierCode ? (
        <>
          <dt>{t('relatedDossier')}</dt>
          <dd>{item.dossierCode}</dd>
        </>
      ) : null}
      {item.procedureCode ? (
        <>
          <dt>{t('relatedProcedure')}</dt>
          <dd>{item.procedureCode}</dd>
        </>
      ) : null}
      <dt>{t('consent')}</dt>
      <dd>{item.consentToPublish ? t('consentYes') : t('consentNo')}</dd>
    </dl>
  );
}

export function ItemContent({ ctx, item }: { ctx: PageContext; item: FeedbackItem }) {
  const t = feedbackMessages.for(ctx.locale);
  return (
    <>
      <h2>{item.title}</h2>
      <p class="preserve-lines">{item.content}</p>
      {item.answer ? (
        <section>
          <h2>{item.status === 'rejected' ? t('rejectReason') : t('answer')}</h2>
          <p class="preserve-lines">{item.answer}</p>
          <p>
            {t('answeredBy')}: {item.answeredByName ?? ''} · {item.answeredAt ? formatDateTime(item.answeredAt) : ''}
          </p>
          {item.status === 'answered' ? <p>{item.publishedAt ? t('published', { date: formatDate(item.publishedAt) }) : t('notPublished')}</p> : null}
        </section>
      ) : null}
    </>
  );
}

export function History({ ctx, events, agencyName }: { ctx: PageContext; events: FeedbackEvent[]; agencyName: (code: string) => string }) {
  const t = feedbackMessages.for(ctx.locale);
  return (
    <>
      <h2>{t('history')}</h2>
      <ResponsiveTable head={[t('when'), t('what'), t('who')]}>
        {events.map((e, i) => (
          <tr key={i}>
            <td>{formatDateTime(e.at)}</td>
            <td>
              {t(`action_${e.action}` as FeedbackMessageKey, { agency: e.toAgencyCode ? agencyName(e.toAgencyCode) : '' })}
              {e.note ? ` — ${e.note}` : ''}
            </td>
            <td>{e.byName ?? ''}</td>
          </tr>
        ))}
      </ResponsiveTable>
    </>
  );
}
