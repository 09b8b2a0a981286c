import { Button, ErrorSummary, Form, Layout, SelectField, TextField, fieldId, type FieldErrors, type PageContext } from '../../platform/ui/index.ts';
import { exchangeMessages } from './exchange.messages.ts';

export interface ComposeValues {
  subject: string;
  codeNumber: string;
  codeNotation: string;
  recipients: string[];
  priority: string;
  dueDate: string;
  content: string;
}

const mb = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MB`;

/** Compose and send: recipients are checkboxes from the directory, one PDF attachment. */
export function ComposePage(props: {
  ctx: PageContext;
  options: { code: string; name: string }[];
  values: ComposeValues;
  errors: FieldErrors;
  message?: string | undefined;
  maxBytes: number;
}) {
  const { ctx, values, errors } = props;
  const t = exchangeMessages.for(ctx.locale);
  const recipientsId = fieldId('recipients');
  const contentId = fieldId('content');
  const attachmentId = fieldId('attachment');
  return (
    <Layout ctx={ctx} title={t('composeTitle')}>
      <h1>{t('composeTitle')}</h1>
      <Form ctx={ctx} action="/exchange/compose" enctype="multipart/form-data">
        <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
        <TextField ctx={ctx} name="subject" label={t('composeSubject')} value={values.subject} error={errors.subject} required maxLength={1000} />
        <TextField ctx={ctx} name="codeNumber" label={t('composeNumber')} value={values.codeNumber} error={errors.codeNumber} required maxLength={20} />
        <TextField ctx={ctx} name="codeNotation" label={t('composeNotation')} hint={t('composeNotationHint')} value={values.codeNotation} error={errors.codeNotation} required maxLength={100} />
        <fieldset class={errors.recipients ? 'field field-error' : 'field'} id={recipientsId} aria-describedby={`${recipientsId}-hint`}>
          <legend>{t('composeRecipients')}</legend>
          <p class="hint" id={`${recipientsId}-hint`}>
            {t('composeRecipientsHint')}
          </p>
          {errors.recipients ? <p class="error-message">{errors.recipients}</p> : null}
          <ul class="checkbox-list">
            {props.options.map((o, i) => (
              <li key={o.code}>
                <input type="checkbox" id={`${recipientsId}-${i}`} name="recipients" value={o.code} checked={values.recipients.includes(o.code)} />{' '}
                <label for={`${recipientsId}-${i}`}>
                  {o.name} <code>{o.code}</code>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <SelectField
          ctx={ctx}
          name="priority"
          label={t('composePriority')}
          value={values.priority}
          options={(['priority0', 'priority1', 'priority2', 'priority3', 'priority4'] as const).map((key, i) => ({ value: String(i), label: t(key) }))}
        />
        <TextField ctx={ctx} name="dueDate" type="date" label={t('composeDue')} value={values.dueDate} error={errors.dueDate} />
        <div class="field">
          <label for={contentId}>{t('composeContent')}</label>
          <textarea id={contentId} name="content" rows={6} maxLength={20000}>
            {values.content}
          </textarea>
        </div>
        <div class={errors.attachment ? 'field field-error' : 'field'}>
          <label for={attachmentId}>{t('composeAttachment')}</label>
          <p class="hint" id={`${attachmentId}-hint`}>
            {t('composeAttachmentHint', { size: mb(props.maxBytes * 0.7) })}
          </p>
          {errors.attachment ? (
            <p class="error-message" id={`${attachmentId}-error`}>
              {errors.attachment}
            </p>
          ) : null}
          <input
            type="file"
            id={attachmentId}
            name="attachment"
            accept="application/pdf"
            aria-describedby={errors.attachment ? `${attachmentId}-hint ${attachmentId}-error` : `${attachmentId}-hint`}
          />
        </div>
        <Button>{t('composeButton')}</Button>
      </Form>
    </Layout>
  );
}
