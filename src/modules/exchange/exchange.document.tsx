import { formatDate, formatDateTime } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, SelectField, TextField, type FieldErrors, type PageContext } from '../../platform/ui/index.ts';
import type { DocumentPackage, EdxmlDate, EdxmlPackage } from './edxml/index.ts';
import { CLERK_STATUS_CODES, type HistoryEntry } from './exchange.clerk.ts';
import { exchangeMessages } from './exchange.messages.ts';
import type { AgencyNames } from './exchange.names.ts';
import type { DeliveryView, PackageRecord } from './exchange.types.ts';
import { AgencyName, deliveryState, Nav, packagePath, PriorityFlag, statusName, subjectOf, warningText, type T } from './exchange.ui.tsx';
import type { Assignment, RegisterEntry } from './registers.repository.ts';

export interface DocumentView {
  package: PackageRecord;
  model: EdxmlPackage;
  deliveries: DeliveryView[];
  history: HistoryEntry[];
  /** The viewer's agency is a recipient that may report a status, assign, reply and forward. */
  canReport: boolean;
  names: AgencyNames;
  /** The viewer agency's register line for this package (incoming or outgoing), if any. */
  registered: RegisterEntry | undefined;
  responses: { id: string; senderAgency: string; subject: string | null; receivedAt: Date }[];
  /** The original this document answers, when the hub has it and the viewer may open it. */
  original: { id: string; subject: string | null } | undefined;
  assignments: Assignment[];
  /** Who the document may be assigned to: units of the agency and its officials. */
  assignees: { units: { code: string; name: string }[]; people: { id: string; name: string }[] };
}

/** edXML times are Vietnamese local time: shown like every other time of the page. */
const edxmlTime = (d: EdxmlDate | null | undefined) => (d?.iso ? (d.iso.length > 10 ? formatDateTime(new Date(d.iso)) : formatDate(d.iso)) : (d?.raw ?? '—'));

export function DocumentPage(props: { ctx: PageContext; view: DocumentView; errors?: FieldErrors; notice?: string | undefined }) {
  const { ctx, view } = props;
  const t = exchangeMessages.for(ctx.locale);
  const model = view.model;
  const doc = model.kind === 'document' ? (model as DocumentPackage) : null;
  const signature = view.package.signatureState === 'verified' ? t('signatureVerified') : view.package.signatureState === 'invalid' ? t('signatureInvalid') : t('signatureAbsent');
  const path = packagePath(view.package.id);
  const reg = view.registered;
  return (
    <Layout ctx={ctx} title={subjectOf(view.package, t)}>
      <h1>{subjectOf(view.package, t)}</h1>
      <Nav t={t} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <dl class="summary-list">
        <dt>{t('colNumber')}</dt>
        <dd>{doc?.documentId.codeNumberNotation ?? '—'}</dd>
        <dt>{t('fieldRegister')}</dt>
        <dd>{reg ? t(reg.direction === 'in' ? 'registeredAs' : 'registeredOutAs', { number: reg.number, year: reg.year }) + ` — ${formatDateTime(reg.registeredAt)}` : t('notRegistered')}</dd>
        <dt>{t('fieldFrom')}</dt>
        <dd>
          <AgencyName code={view.package.senderAgency} names={view.names} fallback={model.from.organName} t={t} />
        </dd>
        <dt>{t('colPriority')}</dt>
        <dd>
          <PriorityFlag priority={view.package.priority} t={t} />
        </dd>
        <dt>{t('colDue')}</dt>
        <dd>{doc?.dueDate?.iso ? formatDate(doc.dueDate.iso) : '—'}</dd>
        <dt>{t('fieldSignature')}</dt>
        <dd>{signature}</dd>
        {view.original ? (
          <>
            <dt>{t('responseFor')}</dt>
            <dd>
              <a href={packagePath(view.original.id)}>{view.original.subject ?? view.original.id}</a>
            </dd>
          </>
        ) : null}
        <dt>{t('fieldTo')}</dt>
        <dd>
          <ul class="plain-list">
            {view.deliveries.map((d) => (
              <li key={d.recipient}>
                <AgencyName code={d.recipient} names={view.names} t={t} />: {deliveryState(d, t)}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('fieldDocumentId')}</dt>
        <dd>
          <small class="agency-code">{view.package.documentId}</small>
        </dd>
      </dl>
      {doc?.content ? (
        <>
          <h2>{t('fieldContent')}</h2>
          <p class="preserve-lines">{doc.content}</p>
        </>
      ) : null}
      {doc ? (
        <>
          <h2>{t('attachmentsTitle')}</h2>
          {doc.attachments.length === 0 ? (
            <p>{t('noAttachments')}</p>
          ) : (
            <ul>
              {doc.attachments.map((a, i) => (
                <li key={i}>
                  <a href={`${path}/attachments/${i + 1}`}>{t('download', { name: a.attachmentName ?? `${i + 1}` })}</a>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      {view.responses.length > 0 ? (
        <section aria-labelledby="responses">
          <h2 id="responses">{t('responsesTitle')}</h2>
          <ul>
            {view.responses.map((r) => (
              <li key={r.id}>
                <a href={packagePath(r.id)}>{r.subject ?? r.id}</a> — <AgencyName code={r.senderAgency} names={view.names} t={t} />, {formatDateTime(r.receivedAt)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t('timelineTitle')}</h2>
      <ol class="timeline">
        {model.traceHeaders.map((h, i) => (
          <li key={`trace-${i}`}>
            {edxmlTime(h.timestamp)} — {h.organId === null ? t('timelineTraceUnknown') : <TraceLine organ={h.organId} names={view.names} t={t} />}
          </li>
        ))}
        {view.history.map((h, i) => (
          <li key={`status-${i}`}>
            {formatDateTime(h.reportedAt ?? h.recordedAt)} — <AgencyName code={h.reporter} names={view.names} t={t} />: {statusName(h.statusCode, ctx.locale)}
            {h.description ? `: ${h.description}` : ''}
          </li>
        ))}
      </ol>
      {view.assignments.length > 0 ? (
        <section aria-labelledby="assignments">
          <h2 id="assignments">{t('assignmentsTitle')}</h2>
          <ul>
            {view.assignments.map((a) => (
              <li key={a.id}>
                {formatDateTime(a.assignedAt)} — {t('assignmentLine', { who: a.assigneeName, due: a.dueDate ? formatDate(a.dueDate) : t('noDue') })}
                {a.note ? `: ${a.note}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {view.package.warnings.length > 0 ? (
        <>
          <h2>{t('warningsTitle')}</h2>
          <ul>
            {view.package.warnings.map((w, i) => (
              <li key={i}>{warningText(w, t)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {view.canReport ? <RecipientActions ctx={ctx} view={view} t={t} path={path} errors={props.errors} /> : null}
    </Layout>
  );
}

function TraceLine({ organ, names, t }: { organ: string; names: AgencyNames; t: T }) {
  // The message puts the agency in a sentence; the name is an element, so the sentence is split at it.
  const [before, after] = t('timelineTrace', { organ: '\u0000' }).split('\u0000');
  return (
    <>
      {before}
      <AgencyName code={organ} names={names} t={t} />
      {after}
    </>
  );
}

function RecipientActions({ ctx, view, t, path, errors }: { ctx: PageContext; view: DocumentView; t: T; path: string; errors: FieldErrors | undefined }) {
  const options = [
    ...view.assignees.units.map((u) => ({ value: `unit:${u.code}`, label: `${t('assignUnits')}: ${u.name}` })),
    ...view.assignees.people.map((p) => ({ value: `person:${p.id}`, label: `${t('assignPeople')}: ${p.name}` })),
  ];
  return (
    <>
      <section aria-labelledby="status-action">
        <h2 id="status-action">{t('actionTitle')}</h2>
        <Form ctx={ctx} action={`${path}/status`}>
          <ErrorSummary ctx={ctx} errors={errors ?? {}} />
          <SelectField
            ctx={ctx}
            name="code"
            label={t('actionLabel')}
            options={CLERK_STATUS_CODES.filter((c) => c !== '04').map((code) => ({ value: code, label: statusName(code, ctx.locale) }))}
            value="03"
            error={errors?.code}
          />
          <TextField ctx={ctx} name="description" label={t('actionDescription')} value="" error={errors?.description} />
          <Button>{t('actionButton')}</Button>
        </Form>
      </section>
      {options.length > 0 ? (
        <section aria-labelledby="assign-action">
          <h2 id="assign-action">{t('assignTitle')}</h2>
          <Form ctx={ctx} action={`${path}/assign`}>
            <SelectField ctx={ctx} name="assignee" label={t('assignTo')} options={options} value={options[0]?.value ?? ''} error={errors?.assignee} />
            <TextField ctx={ctx} name="dueDate" type="date" label={t('assignDue')} value="" error={errors?.dueDate} />
            <TextField ctx={ctx} name="note" label={t('assignNote')} value="" />
            <Button>{t('assignButton')}</Button>
          </Form>
        </section>
      ) : null}
      {view.package.kind === 'document' ? (
        <p class="inline-list">
          <a class="button button-secondary" href={`/exchange/compose?reply=${encodeURIComponent(view.package.id)}`}>
            {t('replyButton')}
          </a>{' '}
          <a class="button button-secondary" href={`/exchange/compose?forward=${encodeURIComponent(view.package.id)}`}>
            {t('forwardButton')}
          </a>
        </p>
      ) : null}
    </>
  );
}
