import { isDomainError } from '../../platform/errors/index.ts';
import type { ItemOutcome, ItemResult } from './statussync.service.ts';
import type { ItemProblem } from './statussync.items.ts';
import { syncMessages } from './statussync.messages.ts';

/**
 * The answers of the legacy DVCQG contract (fixtures README §10): always HTTP 200, `error_code`
 * a string — "0" with a message containing "thành công" on success, "3" with "đã tồn tại" for
 * a create of an existing dossier (clients then resend it as an update) — and otherwise a
 * non-zero code with a Vietnamese message naming each bad item and field.
 */

export const LEGACY_CODES = {
  ok: '0',
  exists: '3',
  invalid: '1',
  forbidden: '4',
  notFound: '5',
  session: '-1',
  throttled: '-2',
  retryLater: '-9',
} as const;

export interface LegacyAnswer {
  error_code: string;
  message: string;
  result?: unknown[];
  session?: string;
  /** Per-item outcomes (no known client reads them; they help whoever reads the logs). */
  items?: { index: number; MaHoSo: string; result: ItemResult }[];
}

const t = syncMessages.for('vi');
/** At most this many item problems are spelled out in one message. */
const MESSAGE_ITEMS = 20;

export function problemText(p: ItemProblem, tr: typeof t = t): string {
  switch (p.kind) {
    case 'missing':
      return tr('fieldMissing', { field: p.field });
    case 'format':
      return tr('fieldFormat', { field: p.field });
    case 'date':
      return tr('fieldDate', { field: p.field });
    case 'too_long':
      return p.field === '' ? tr('itemTooLarge') : tr('fieldTooLong', { field: p.field });
    case 'not_object':
      return tr('notObject');
  }
}

function itemText(o: ItemOutcome): string | undefined {
  const label = o.code ? t('itemLabelCode', { n: o.index + 1, code: o.code }) : t('itemLabel', { n: o.index + 1 });
  switch (o.result) {
    case 'invalid':
      return `${label}: ${(o.problems ?? []).map((p) => problemText(p)).join(', ')}`;
    case 'exists':
      return t('exists', { code: o.code });
    case 'forbidden':
      return t('forbidden', { code: o.code });
    case 'not_found':
      return t('notFound', { code: o.code });
    case 'failed':
      return t('failed', { code: o.code });
    default:
      return undefined;
  }
}

// Which code a call with several kinds of failure gets: "3" first, so that a client resends
// as an update (and then hears about the rest).
const PRIORITY: [ItemResult, string][] = [
  ['exists', LEGACY_CODES.exists],
  ['invalid', LEGACY_CODES.invalid],
  ['forbidden', LEGACY_CODES.forbidden],
  ['not_found', LEGACY_CODES.notFound],
  ['failed', LEGACY_CODES.retryLater],
];

/** The answer to a DongBoHoSoMC or CapNhatTienDoHoSoMC call from its items' outcomes. */
export function syncAnswer(outcomes: ItemOutcome[], success: 'syncOk' | 'progressOk'): LegacyAnswer {
  const items = outcomes.map((o) => ({ index: o.index, MaHoSo: o.code, result: o.result }));
  const failures = outcomes.map(itemText).filter((x): x is string => x !== undefined);
  if (failures.length === 0) return { error_code: LEGACY_CODES.ok, message: t(success), items };
  const code = PRIORITY.find(([result]) => outcomes.some((o) => o.result === result))?.[1] ?? LEGACY_CODES.invalid;
  const shown = failures.slice(0, MESSAGE_ITEMS);
  if (failures.length > MESSAGE_ITEMS) shown.push(t('more', { count: failures.length - MESSAGE_ITEMS }));
  return { error_code: code, message: shown.join('; '), items };
}

/** Any error of a legacy call, as its answer. */
export function errorAnswer(error: unknown): LegacyAnswer {
  const answer = (error_code: string, message: string): LegacyAnswer => ({ error_code, message });
  if (isDomainError(error)) {
    const d = error.details;
    switch (error.code) {
      case 'statussync.session_invalid':
        return answer(LEGACY_CODES.session, t('sessionInvalid'));
      case 'statussync.login_failed':
        return answer(LEGACY_CODES.session, t('loginFailed'));
      case 'statussync.login_throttled':
        return answer(LEGACY_CODES.throttled, t('loginThrottled', { minutes: Number(d.minutes ?? 15) }));
      case 'statussync.agency_missing':
        return answer(LEGACY_CODES.invalid, t('agencyMissing'));
      case 'statussync.agency_forbidden':
        return answer(LEGACY_CODES.forbidden, t('agencyForbidden', { agency: String(d.agency ?? '') }));
      case 'statussync.service_unknown':
        return answer(LEGACY_CODES.invalid, t('serviceUnknown', { service: String(d.service ?? '') }));
      case 'statussync.data_invalid':
        return answer(LEGACY_CODES.invalid, t('dataInvalid'));
      case 'statussync.too_many_items':
        return answer(LEGACY_CODES.invalid, t('tooManyItems', { max: Number(d.max ?? 0) }));
      case 'statussync.is_updating_invalid':
        return answer(LEGACY_CODES.invalid, t('isUpdatingInvalid'));
    }
    if (error.code.startsWith('integration.')) return answer(LEGACY_CODES.session, t('signatureInvalid', { code: error.code }));
    if (error.kind === 'unavailable') return answer(LEGACY_CODES.retryLater, t('unavailable'));
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return answer(LEGACY_CODES.invalid, t('bodyTooLarge'));
  if (typeof code === 'string' && (code.startsWith('FST_ERR_CTP') || code === 'FST_ERR_VALIDATION')) return answer(LEGACY_CODES.invalid, t('bodyInvalid'));
  if ((error as { statusCode?: number } | null)?.statusCode === 400) return answer(LEGACY_CODES.invalid, t('bodyInvalid'));
  return answer(LEGACY_CODES.retryLater, t('serverError'));
}
