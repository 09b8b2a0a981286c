import type { Locale } from '../../platform/i18n/index.ts';
import { Notice, type PageContext } from '../../platform/ui/index.ts';
import { STATUS_CODES, type StatusCode } from './edxml/index.ts';
import type { exchangeMessages } from './exchange.messages.ts';
import type { AgencyNames } from './exchange.names.ts';
import type { DeliveryView, ExchangeWarning, PackageRecord } from './exchange.types.ts';

// What every clerk page shares: agency names, priority flags, states and warnings in the
// page's language, the section navigation.

export type T = ReturnType<typeof exchangeMessages.for>;

export const packagePath = (id: string) => `/exchange/packages/${encodeURIComponent(id)}`;

/**
 * An agency as clerks know it: by name, the QĐ 20 code beside it in small type (and on hover).
 * A code the directory lacks is shown as the package named it, or as the code, said so.
 */
export function AgencyName({ code, names, fallback, t }: { code: string; names: AgencyNames; fallback?: string | null | undefined; t: T }) {
  const name = names.get(code) ?? (fallback && fallback !== code ? fallback : null);
  return (
    <span class="agency" title={code}>
      {name ?? code} <small class="agency-code">{name ? code : t('agencyNotListed')}</small>
    </span>
  );
}

export function Nav({ t }: { t: T }) {
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
          <a href="/exchange/registers/in">{t('registerInTitle')}</a>
        </li>
        <li>
          <a href="/exchange/registers/out">{t('registerOutTitle')}</a>
        </li>
        <li>
          <a href="/exchange/assigned">{t('assignedTitle')}</a>
        </li>
        <li>
          <a href="/exchange/compose">{t('composeTitle')}</a>
        </li>
      </ul>
    </nav>
  );
}

const PRIORITY_KEYS = ['priority0', 'priority1', 'priority2', 'priority3', 'priority4'] as const;

export const priorityLabel = (priority: number | null, t: T) => t(PRIORITY_KEYS[priority ?? 0] ?? 'priority0');

/** Khẩn, thượng khẩn, hỏa tốc: shown as a word, never by colour alone. */
export function PriorityFlag({ priority, t }: { priority: number | null; t: T }) {
  if (priority === null || priority <= 0 || priority > 4) return <span>{t('priority0')}</span>;
  return <strong class="flag">{priorityLabel(priority, t)}</strong>;
}

export function statusName(code: string, locale: Locale): string {
  const entry = STATUS_CODES[code as StatusCode];
  return entry ? `${code} – ${locale === 'en' ? entry.en : entry.vi}` : code;
}

export function deliveryState(d: DeliveryView, t: T): string {
  if (d.withdrawn === 'revoked') return t('withdrawnRevoked');
  if (d.withdrawn === 'replaced') return t('withdrawnReplaced');
  if (d.withdrawn === 'removed') return t('withdrawnRemoved');
  return d.state === 'pending' ? t('statePending') : d.state === 'delivered' ? t('stateDelivered') : t('stateAcknowledged');
}

export function subjectOf(p: PackageRecord, t: T): string {
  return p.kind === 'status' ? t('statusDocument', { code: p.statusCode ?? '' }) : (p.subject ?? p.documentId);
}

const WARNING_KEYS = new Set([
  'leading_garbage',
  'trailing_garbage',
  'missing_namespace',
  'invalid_date',
  'malformed_agency_id',
  'malformed_document_id',
  'missing_element',
  'empty_element',
  'duplicate_element',
  'unknown_element',
  'invalid_value',
  'base64_unpadded',
  'manifest_mismatch',
  'original_not_found',
]);

/** A warning of the parser or the hub in the page's language (the stored English message is for APIs and logs). */
export function warningText(w: ExchangeWarning, t: T): string {
  const key = (WARNING_KEYS.has(w.code) ? `warn_${w.code}` : 'warn_other') as Parameters<T>[0];
  return t(key, { element: w.element ?? '—' });
}

export function Header({ ctx, t, title, agency }: { ctx: PageContext; t: T; title: string; agency: { code: string; name: string } }) {
  return (
    <>
      <h1>{title}</h1>
      <p>
        {t('agencyLabel')} <AgencyName code={agency.code} names={new Map([[agency.code, agency.name]])} t={t} />
      </p>
      <Nav t={t} />
      {ctx.path.includes('sent=1') ? <Notice kind="success">{t('sentDone')}</Notice> : null}
    </>
  );
}
