import { formatDate, formatDateTime, type Locale } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, SelectField, TextField, type FieldErrors, type PageContext } from '../../platform/ui/index.ts';
import { STATUS_CODES, type DocumentPackage, type EdxmlPackage, type StatusCode } from './edxml/index.ts';
import { CLERK_STATUS_CODES, type HistoryEntry } from './exchange.clerk.ts';
import { exchangeMessages } from './exchange.messages.ts';
import type { InboxItem, SentItem } from './exchange.service.ts';
import type { DeliveryView, PackageRecord } from './exchange.types.ts';

type T = ReturnType<typeof exchangeMessages.for>;

export const packagePath = (id: string) => `/exchange/packages/${encodeURIComponent(id)}`;

function Nav({ t }: { t: T }) {
  return (
    <nav aria-label={t('navLabel')}>
      <ul class="inline-list">
        <li>
          <a href="/exchange">{t('inboxTitle')}</a>
        </li>
        <li>
          <a href="/exchange/sent">{t('sentTitle')}</a>
        </li>
        <li>
          <a href="/exchange/compose">{t('composeTitle')}</a>
        </li>
      </ul>
    </nav>
  );
}

const PRIORITY_KEYS = ['priority0', 'priority1', 'priority2', 'priority3', 'priority4'] as const;

/** Khẩn, thượng khẩn, hỏa tốc: shown as a word, never by colour alone. */
export function PriorityFlag({ priority, t }: { priority: number | null; t: T }) {
  if (priority === null || priority <= 0 || priority > 4) return <span>{t('priority0')}</span>;
  return <strong class="flag">{t(PRIORITY_KEYS[priority] ?? 'priority0')}</strong>;
}

function statusName(code: string, locale: Locale): string {
  const entry = STATUS_CODES[code as StatusCode];
  return entry ? `${code} – ${locale === 'en' ? entry.en : entry.vi}` : code;
}

function deliveryState(d: DeliveryView, t: T): string {
  if (d.withdrawn === 'revoked') return t('withdrawnRevoked');
  if (d.withdrawn === 'replaced') return t('withdrawnReplaced');
  if (d.withdrawn === 'removed') return t('withdrawnRemoved');
  return d.state === 'pending' ? t('statePending') : d.state === 'delivered' ? t('stateDelivered') : t('stateAcknowledged');
}

function subjectOf(p: PackageRecord, t: T): string {
  return p.kind === 'status' ? t('statusDocument', { code: p.statusCode ?? '' }) : (p.subject ?? p.documentId);
}

function Header({ ctx, t, title, agency }: { ctx: PageContext; t: T; title: string; agency: { code: string; name: string } }) {
  return (
    <>
      <h1>{title}</h1>
      <p>{t('agencyLine', { agency: agency.name, code: agency.code })}</p>
      <Nav t={t} />
      {ctx.path.includes('sent=1') ? <Notice kind="success">{t('sentDone')}</Notice> : null}
    </>
  );
}

export function InboxPage(props: { ctx: PageContext; agency: { code: string; name: string }; items: InboxItem[] }) {
  const t = exchangeMessages.for(props.ctx.locale);
  return (
    <Layout ctx={props.ctx} title={t('inboxTitle')}>
      <Header ctx={props.ctx} t={t} title={t('inboxTitle')} agency={props.agency} />
      {props.items.length === 0 ? (
        <p>{t('emptyInbox')}</p>
      ) : (
        <div class="table-wrap">
        <table>
          <caption>{t('inboxCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colPriority')}</th>
              <th scope="col">{t('colSubject')}</th>
              <th scope="col">{t('colFrom')}</th>
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
                  <td>
                    <PriorityFlag priority={item.package.priority} t={t} />
                  </td>
                  <td>
                    <a href={packagePath(item.package.id)}>{subjectOf(item.package, t)}</a>
                  </td>
                  <td>
                    <code>{item.package.senderAgency}</code>
                  </td>
                  <td>{formatDateTime(item.package.receivedAt)}</td>
                  <td>{due ? formatDate(due) : '—'}</td>
                  <td>{deliveryState(item.delivery, t)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
      )}
    </Layout>
  );
}

export function SentPage(props: { ctx: PageContext; agency: { code: string; name: string }; items: SentItem[] }) {
  const { ctx } = props;
  const t = exchangeMessages.for(ctx.locale);
  return (
    <Layout ctx={ctx} title={t('sentTitle')}>
      <Header ctx={ctx} t={t} title={t('sentTitle')} agency={props.agency} />
      {props.items.length === 0 ? (
        <p>{t('emptySent')}</p>
      ) : (
        <div class="table-wrap">
        <table>
          <caption>{t('sentCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colPriority')}</th>
              <th scope="col">{t('colSubject')}</th>
              <th scope="col">{t('colReceived')}</th>
              <th scope="col">{t('colRecipients')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => (
              <tr key={item.package.id}>
                <td>
                  <PriorityFlag priority={item.package.priority} t={t} />
                </td>
                <td>
                  <a href={packagePath(item.package.id)}>{subjectOf(item.package, t)}</a>
                </td>
                <td>{formatDateTime(item.package.receivedAt)}</td>
                <td>
                  <ul>
                    {item.deliveries.map((d) => {
                      const last = d.statuses.at(-1);
                      return (
                        <li key={d.recipient}>
                          <code>{d.recipient}</code>: {deliveryState(d, t)}; {last ? statusName(last.statusCode, ctx.locale) : t('noStatus')}
                        </li>
                      );
                    })}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </Layout>
  );
}

export interface DocumentView {
  package: PackageRecord;
  model: EdxmlPackage;
  deliveries: DeliveryView[];
  history: HistoryEntry[];
  /** The viewer's agency is a recipient that may report a status. */
  canReport: boolean;
}

export function DocumentPage(props: { ctx: PageContext; view: DocumentView; errors?: FieldErrors; notice?: string | undefined }) {
  const { ctx, view } = props;
  const t = exchangeMessages.for(ctx.locale);
  const model = view.model;
  const doc = model.kind === 'document' ? (model as DocumentPackage) : null;
  const signature = view.package.signatureState === 'verified' ? t('signatureVerified') : view.package.signatureState === 'invalid' ? t('signatureInvalid') : t('signatureAbsent');
  const path = packagePath(view.package.id);
  return (
    <Layout ctx={ctx} title={subjectOf(view.package, t)}>
      <h1>{subjectOf(view.package, t)}</h1>
      <Nav t={t} />
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <dl class="summary-list">
        <dt>{t('colNumber')}</dt>
        <dd>{doc?.documentId.codeNumberNotation ?? '—'}</dd>
        <dt>{t('fieldDocumentId')}</dt>
        <dd>
          <code>{view.package.documentId}</code>
        </dd>
        <dt>{t('fieldFrom')}</dt>
        <dd>
          {model.from.organName ?? ''} <code>{view.package.senderAgency}</code>
        </dd>
        <dt>{t('colPriority')}</dt>
        <dd>
          <PriorityFlag priority={view.package.priority} t={t} />
        </dd>
        <dt>{t('colDue')}</dt>
        <dd>{doc?.dueDate?.iso ? formatDate(doc.dueDate.iso) : '—'}</dd>
        <dt>{t('fieldSignature')}</dt>
        <dd>{signature}</dd>
        <dt>{t('fieldTo')}</dt>
        <dd>
          <ul>
            {view.deliveries.map((d) => (
              <li key={d.recipient}>
                <code>{d.recipient}</code>: {deliveryState(d, t)}
              </li>
            ))}
          </ul>
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
      <h2>{t('timelineTitle')}</h2>
      <ol class="timeline">
        {model.traceHeaders.map((h, i) => (
          <li key={`trace-${i}`}>
            {h.timestamp?.raw ?? ''} — {h.organId === null ? t('timelineTraceUnknown') : t('timelineTrace', { organ: h.organId })}
          </li>
        ))}
        {view.history.map((h, i) => (
          <li key={`status-${i}`}>
            {formatDateTime(h.reportedAt ?? h.recordedAt)} — {t('timelineStatus', { organ: h.reporter, status: statusName(h.statusCode, ctx.locale) })}
            {h.description ? `: ${h.description}` : ''}
          </li>
        ))}
      </ol>
      {view.package.warnings.length > 0 ? (
        <>
          <h2>{t('warningsTitle')}</h2>
          <ul>
            {view.package.warnings.map((w, i) => (
              <li key={i}>
                {w.element ? <code>{w.element}</code> : null} {w.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {view.canReport ? (
        <section aria-labelledby="status-action">
          <h2 id="status-action">{t('actionTitle')}</h2>
          <Form ctx={ctx} action={`${path}/status`}>
            <ErrorSummary ctx={ctx} errors={props.errors ?? {}} />
            <SelectField
              ctx={ctx}
              name="code"
              label={t('actionLabel')}
              options={CLERK_STATUS_CODES.map((code) => ({ value: code, label: statusName(code, ctx.locale) }))}
              value="03"
              error={props.errors?.code}
            />
            <TextField ctx={ctx} name="description" label={t('actionDescription')} value="" error={props.errors?.description} />
            <Button>{t('actionButton')}</Button>
          </Form>
        </section>
      ) : null}
    </Layout>
  );
}
