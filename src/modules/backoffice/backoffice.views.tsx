import { statusLabel, type DossierFile, type ProgressEntry } from '../dossiers/index.ts';
import { formatDate, formatDateTime } from '../../platform/i18n/index.ts';
import { fieldId, type PageContext } from '../../platform/ui/index.ts';
import { progressNote } from './backoffice.notes.ts';
import { pageMessages } from './backoffice.page-messages.ts';
import type { DocumentRow } from './backoffice.repository.ts';

/** A due instant (24:00 of the last day) as the last day people read. */
export const dueText = (dueAt: Date | null) => (dueAt ? formatDate(new Date(dueAt.getTime() - 1)) : '—');

export function TextArea({ name, label }: { name: string; label: string }) {
  const id = fieldId(name);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea id={id} name={name} rows={4} maxLength={30_000} />
    </div>
  );
}

export function FileList({ ctx, files, names, href }: { ctx: PageContext; files: DossierFile[]; names: string[]; href: (id: number) => string }) {
  const t = pageMessages.for(ctx.locale);
  return (
    <>
      <h2>{t('files')}</h2>
      {files.length === 0 ? <p>{t('noFiles')}</p> : null}
      <ul>
        {files.map((f) => (
          <li key={f.id}>
            {names[f.componentIndex] ?? f.componentIndex}: <a href={href(f.id)}>{t('view')} {f.originalName}</a> ({Math.max(1, Math.round(f.size / 1024))} KB, {formatDateTime(f.uploadedAt)})
          </li>
        ))}
      </ul>
    </>
  );
}

export function DocumentList({ ctx, documents, href }: { ctx: PageContext; documents: DocumentRow[]; href: (id: number) => string }) {
  const t = pageMessages.for(ctx.locale);
  if (documents.length === 0) return null;
  return (
    <>
      <h2>{t('documents')}</h2>
      <ul>
        {documents.map((d) => (
          <li key={d.id}>
            <a href={href(d.id)}>{t(`doc_${d.kind}`)}</a> ({formatDateTime(d.issuedAt)})
          </li>
        ))}
      </ul>
    </>
  );
}

export function History({ ctx, entries }: { ctx: PageContext; entries: ProgressEntry[] }) {
  const t = pageMessages.for(ctx.locale);
  return (
    <>
      <h2>{t('history')}</h2>
      <ol>
        {entries.map((e, i) => (
          <li key={i}>
            <strong>{statusLabel(ctx.locale, e.status)}</strong> — {formatDateTime(e.at)}
            {e.byName ? <> — {[e.byName, e.byPosition, e.unitName].filter(Boolean).join(', ')}</> : null}
            {e.note ? <>. {progressNote(e.note, ctx.locale)}</> : null}
            {e.stepDueAt ? <> ({t('dueAt')}: {dueText(e.stepDueAt)})</> : null}
          </li>
        ))}
      </ol>
    </>
  );
}

/** The liên thông trail: where the dossier went, when, each agency's part of the deadline. */
export function Handoffs({ ctx, handoffs }: { ctx: PageContext; handoffs: { id: number; fromName: string; toName: string; sentAt: Date; dueAt: Date | null; returnedAt: Date | null }[] }) {
  const t = pageMessages.for(ctx.locale);
  if (handoffs.length === 0) return null;
  return (
    <>
      <h2>{t('handoffs')}</h2>
      <ul class="card-grid">
        {handoffs.map((h) => (
          <li key={h.id} class="card">
            <p>
              {h.fromName} → <strong>{h.toName}</strong>
            </p>
            <dl class="summary-list">
              <dt>{t('handoffSent')}</dt>
              <dd>{formatDateTime(h.sentAt)}</dd>
              <dt>{t('handoffDue')}</dt>
              <dd>{dueText(h.dueAt)}</dd>
              <dt>{t('handoffLeft')}</dt>
              <dd>{h.returnedAt ? formatDateTime(h.returnedAt) : t('handoffHere')}</dd>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
