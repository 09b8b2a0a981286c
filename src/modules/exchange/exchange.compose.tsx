import { Button, ErrorSummary, Form, Layout, Notice, SelectField, TextField, fieldId, type FieldErrors, type PageContext } from '../../platform/ui/index.ts';
import { exchangeMessages } from './exchange.messages.ts';
import { Nav, type T } from './exchange.ui.tsx';

export interface ComposeValues {
  subject: string;
  codeNumber: string;
  codeNotation: string;
  recipients: string[];
  priority: string;
  dueDate: string;
  content: string;
  /** A reply: the package id of the document answered. */
  responseTo: string;
}

export interface PickedAgency {
  code: string;
  name: string;
}

/** The recipient picker's state, carried in the URL so that it works without JavaScript. */
export interface PickerState {
  selected: PickedAgency[];
  q: string;
  /** What the results list shows, and its heading. */
  results: { label: string; items: (PickedAgency & { hasUnits: boolean })[]; group?: 'ministries' | 'provinces' | undefined; list?: number | undefined } | null;
  /** The agency's saved recipient lists (nhóm nơi nhận), offered beside the groups. */
  lists: { id: number; name: string; size: number }[];
}

export type ComposeMode = { kind: 'new' } | { kind: 'reply' | 'forward'; original: { id: string; subject: string } };

const mb = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MB`;

/**
 * Compose and send (or reply, or forward): step 1 picks the recipients in a GET form that works
 * without script (search, groups, the agency tree; add and remove buttons), which
 * /exchange/assets/picker.js turns into a type-ahead; step 2 is the document itself.
 */
export function ComposePage(props: {
  ctx: PageContext;
  mode: ComposeMode;
  picker: PickerState;
  values: ComposeValues;
  errors: FieldErrors;
  message?: string | undefined;
  notice?: string | undefined;
  /** The name typed for a list to save (kept when saving failed). */
  listName?: string | undefined;
  maxBytes: number;
}) {
  const { ctx, values, errors, mode } = props;
  const t = exchangeMessages.for(ctx.locale);
  const title = mode.kind === 'forward' ? t('forwardTitle') : mode.kind === 'reply' ? t('replyTitle') : t('composeTitle');
  const contentId = fieldId('content');
  const attachmentId = fieldId('attachment');
  const selectedCodes = props.picker.selected.map((s) => s.code);
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <Nav t={t} />
      {mode.kind !== 'new' ? <p>{t('replyingTo', { subject: mode.original.subject })}</p> : null}
      <p class="hint">{mode.kind === 'forward' ? t('forwardHint') : t('pickerStep')}</p>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <ErrorSummary ctx={ctx} errors={errors} message={props.message} />
      <RecipientPicker t={t} mode={mode} picker={props.picker} error={errors.recipients} />
      <SaveListForm ctx={ctx} t={t} mode={mode} codes={selectedCodes} name={props.listName ?? ''} error={errors.listName} />
      {mode.kind === 'forward' ? (
        <Form ctx={ctx} action={`/exchange/packages/${encodeURIComponent(mode.original.id)}/forward`} id="compose-form">
          {selectedCodes.map((code) => (
            <input key={code} type="hidden" name="recipients" value={code} />
          ))}
          <Button>{t('forwardButton')}</Button>
        </Form>
      ) : (
        <Form ctx={ctx} action="/exchange/compose" enctype="multipart/form-data" id="compose-form">
          {selectedCodes.map((code) => (
            <input key={code} type="hidden" name="recipients" value={code} />
          ))}
          {mode.kind === 'reply' ? <input type="hidden" name="responseTo" value={mode.original.id} /> : null}
          <TextField ctx={ctx} name="subject" label={t('composeSubject')} value={values.subject} error={errors.subject} required maxLength={1000} />
          <div class="field-row">
            <TextField ctx={ctx} name="codeNumber" label={t('composeNumber')} value={values.codeNumber} error={errors.codeNumber} required maxLength={20} />
            <TextField ctx={ctx} name="codeNotation" label={t('composeNotation')} hint={t('composeNotationHint')} value={values.codeNotation} error={errors.codeNotation} required maxLength={100} />
          </div>
          <div class="field-row">
            <SelectField
              ctx={ctx}
              name="priority"
              label={t('composePriority')}
              value={values.priority}
              options={(['priority0', 'priority1', 'priority2', 'priority3', 'priority4'] as const).map((key, i) => ({ value: String(i), label: t(key) }))}
            />
            <TextField ctx={ctx} name="dueDate" type="date" label={t('composeDue')} value={values.dueDate} error={errors.dueDate} />
          </div>
          <div class="field">
            <label for={contentId}>{t('composeContent')}</label>
            <textarea id={contentId} name="content" rows={4} maxLength={20000}>
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
          <Button>{mode.kind === 'reply' ? t('replyButton') : t('composeButton')}</Button>
        </Form>
      )}
      <script src="/exchange/assets/picker.js" defer />
    </Layout>
  );
}

function RecipientPicker({ t, mode, picker, error }: { t: T; mode: ComposeMode; picker: PickerState; error: string | undefined }) {
  const id = fieldId('recipients');
  return (
    <form method="get" action="/exchange/compose" id="picker" class={error ? 'picker field-error' : 'picker'} data-remove-label={t('pickerRemove', { name: '{name}' })} data-add-label={t('pickerAdd')}>
      {mode.kind === 'reply' ? <input type="hidden" name="reply" value={mode.original.id} /> : null}
      {mode.kind === 'forward' ? <input type="hidden" name="forward" value={mode.original.id} /> : null}
      <fieldset id={id}>
        <legend>{t('composeRecipients')}</legend>
        {error ? <p class="error-message">{error}</p> : null}
        <h2 class="picker-heading" id="picker-selected-heading">
          {t('pickerSelected')}
        </h2>
        <ul class="picker-list" id="picker-selected" aria-labelledby="picker-selected-heading" data-empty={t('pickerNoneSelected')}>
          {picker.selected.length === 0 ? <li class="hint">{t('pickerNoneSelected')}</li> : null}
          {picker.selected.map((s) => (
            <li key={s.code} data-code={s.code}>
              <input type="hidden" name="to" value={s.code} />
              <span>
                {s.name} <small class="agency-code">{s.code}</small>
              </span>
              <button type="submit" class="link-button" name="remove" value={s.code}>
                {t('pickerRemove', { name: s.name })}
              </button>
            </li>
          ))}
        </ul>
        <div class="picker-search">
          <label for="picker-q">{t('pickerSearch')}</label>
          <input id="picker-q" name="q" type="search" value={picker.q} maxLength={100} autocomplete="off" aria-controls="picker-results" />
          <button type="submit" class="button button-secondary" name="search" value="1">
            {t('pickerSearchButton')}
          </button>
        </div>
        <p class="inline-list picker-groups">
          <span>{t('pickerGroups')}:</span>{' '}
          <button type="submit" class="link-button" name="group" value="ministries">
            {t('pickerMinistries')}
          </button>{' '}
          <button type="submit" class="link-button" name="group" value="provinces">
            {t('pickerProvinces')}
          </button>{' '}
          <button type="submit" class="link-button" name="browse" value="1">
            {t('pickerBrowse')}
          </button>
        </p>
        {picker.lists.length > 0 ? (
          <p class="inline-list picker-groups">
            <span>{t('pickerSavedLists')}:</span>{' '}
            {picker.lists.map((l) => [
              <button key={l.id} type="submit" class="link-button" name="list" value={String(l.id)}>
                {t('pickerListLabel', { name: l.name, count: String(l.size) })}
              </button>,
              ' ',
            ])}
            <a href="/exchange/recipient-lists">{t('pickerManageLists')}</a>
          </p>
        ) : null}
        <div id="picker-results" aria-live="polite">
          {picker.results ? (
            <>
              <h2 class="picker-heading">{picker.results.label}</h2>
              {picker.results.items.length === 0 ? <p>{t('pickerNoResults')}</p> : null}
              {picker.results.group && picker.results.items.length > 0 ? (
                <button type="submit" class="button button-secondary" name="addGroup" value={picker.results.group}>
                  {t('pickerAddAll')}
                </button>
              ) : null}
              {picker.results.list !== undefined && picker.results.items.length > 0 ? (
                <button type="submit" class="button button-secondary" name="addList" value={String(picker.results.list)}>
                  {t('pickerAddAll')}
                </button>
              ) : null}
              <ul class="picker-list">
                {picker.results.items.map((a) => (
                  <li key={a.code}>
                    <span>
                      {a.name} <small class="agency-code">{a.code}</small>
                    </span>
                    <span class="picker-actions">
                      {a.hasUnits ? (
                        <button type="submit" class="link-button" name="parent" value={a.code}>
                          {t('pickerOpen')}
                        </button>
                      ) : null}
                      <button type="submit" class="button button-secondary" name="add" value={a.code} data-name={a.name} aria-label={`${t('pickerAdd')}: ${a.name}`}>
                        {t('pickerAdd')}
                      </button>
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </fieldset>
    </form>
  );
}

/**
 * Saves the chosen recipients as a named list of the agency (POST, so a separate form from the
 * picker's GET); picker.js keeps its `to` fields in step with the type-ahead's choices.
 */
function SaveListForm({ ctx, t, mode, codes, name, error }: { ctx: PageContext; t: T; mode: ComposeMode; codes: string[]; name: string; error: string | undefined }) {
  return (
    <Form ctx={ctx} action="/exchange/recipient-lists" id="save-list">
      {codes.map((code) => (
        <input key={code} type="hidden" name="to" value={code} />
      ))}
      {mode.kind === 'reply' ? <input type="hidden" name="reply" value={mode.original.id} /> : null}
      {mode.kind === 'forward' ? <input type="hidden" name="forward" value={mode.original.id} /> : null}
      <details class="save-list" open={error !== undefined || undefined}>
        <summary>{t('listSaveLegend')}</summary>
        <TextField ctx={ctx} name="listName" label={t('listNameLabel')} hint={t('listNameHint')} value={name} error={error} maxLength={100} />
        <Button variant="secondary">{t('listSaveButton')}</Button>
      </details>
    </Form>
  );
}
