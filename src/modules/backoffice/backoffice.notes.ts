import { timelineNote } from '../dossiers/index.ts';
import { storedTextTranslator, type Locale } from '../../platform/i18n/index.ts';
import { backofficeMessages, type BackofficeMessageKey } from './backoffice.messages.ts';
import { paymentMessages } from './backoffice.payment.messages.ts';

const NOTE_KEYS = ['noteAccepted', 'noteSupplement', 'noteRefused', 'noteCompleted', 'noteAssigned', 'noteSentBack', 'noteStopped', 'noteWithdrawn', 'noteApology', 'noteReturned', 'noteHandoff', 'noteHandoffReturn'] as const satisfies readonly BackofficeMessageKey[];
const DONE_KEYS = ['done_reception', 'done_review', 'done_approval', 'done_issuance'] as const satisfies readonly BackofficeMessageKey[];
const ownNote = storedTextTranslator(backofficeMessages, [...NOTE_KEYS, ...DONE_KEYS]);
const paymentNote = storedTextTranslator(paymentMessages, ['noteRequested', 'notePaid']);

/**
 * A progress note in the page's language: the notes the platform wrote (in Vietnamese, from
 * the catalogues) are translated, the words an official added after a step ("Đã tiếp nhận: …")
 * are kept as written.
 */
export function progressNote(note: string, locale: Locale): string {
  if (locale === 'vi') return note;
  for (const translate of [timelineNote, ownNote, paymentNote]) {
    const text = translate(note, locale);
    if (text !== note) return text;
  }
  for (const key of DONE_KEYS) {
    const vi = `${backofficeMessages.vi[key]}: `;
    if (note.startsWith(vi)) return `${backofficeMessages.t(locale, key)}: ${note.slice(vi.length)}`;
  }
  return note;
}
