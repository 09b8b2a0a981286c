import { statusLabel, type DossierState } from '../dossiers/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { normalizeVietnameseMobile, sendMailInTx, sendSmsInTx } from '../../platform/notify/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import { backofficeMessages } from './backoffice.messages.ts';

/**
 * Tells the applicant of a status change, in the transition's transaction (sent only if it
 * commits): by e-mail to the address given in the application, and by SMS when the applicant's
 * account asked for it on its profile and has a mobile number. The SMS is short and carries no
 * more than the code, the status and the link (plain ASCII: one segment where possible).
 */
export async function notifyApplicantInTx(bo: { baseUrl: string; identity: Pick<IdentityApi, 'smsRecipientOf'> }, tx: Executor, dossier: DossierState, status: number, what: string): Promise<void> {
  const m = backofficeMessages.for('vi');
  const url = `${bo.baseUrl}/dossiers/${encodeURIComponent(dossier.code)}/progress`;
  const params = { code: dossier.code, procedure: dossier.procedureName, status: statusLabel('vi', status), what, url };
  if (dossier.applicantEmail) {
    await sendMailInTx(tx, { to: dossier.applicantEmail, subject: m('mailSubject', params), text: m('mailBody', params) });
  }
  if (!dossier.applicantAccountId) return;
  const phone = await bo.identity.smsRecipientOf(dossier.applicantAccountId, tx);
  // A number identity accepted but SMS cannot reach (a landline kept from long ago) is skipped.
  if (!phone || !normalizeVietnameseMobile(phone)) return;
  await sendSmsInTx(tx, { to: phone, text: m('smsBody', { ...params, status: asciiFold(params.status) }) });
}

/** Vietnamese without diacritics ("Đã tiếp nhận" → "Da tiep nhan"), as Vietnamese SMS usually are. */
export function asciiFold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}
