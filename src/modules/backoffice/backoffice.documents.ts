import { statusLabel, type DossierState, type ProgressEntry } from '../dossiers/index.ts';
import { formatDate, formatDateTime } from '../../platform/i18n/index.ts';
import { backofficeMessages } from './backoffice.messages.ts';
import { renderFormPdf } from './backoffice.pdf.ts';
import type { DocumentRow } from './backoffice.repository.ts';

const m = backofficeMessages.for('vi');
const day = (iso: unknown) => (typeof iso === 'string' ? formatDate(new Date(new Date(iso).getTime() - 1)) : '—');
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Forms 01–04 (NĐ 61/2018, appendix) as PDF, from the data they were issued with. */
export function renderFormDocument(doc: DocumentRow, dossier: DossierState): Promise<Buffer> {
  const base: [string, string][] = [
    [m('code'), dossier.code],
    [m('procedure'), dossier.procedureName],
    [m('applicant'), dossier.applicantName],
    [m('issuedAt'), formatDateTime(doc.issuedAt)],
  ];
  const common = { issuer: doc.issuerName, createdAt: doc.issuedAt };
  switch (doc.kind) {
    case '01':
      return renderFormPdf({ ...common, formNumber: 'Mẫu số 01', title: m('form01'), rows: [...base, [m('receivedAt'), formatDateTime(new Date(String(doc.data.receivedAt)))], [m('appointment'), day(doc.data.appointment)]] });
    case '02':
      return renderFormPdf({ ...common, formNumber: 'Mẫu số 02', title: m('form02'), rows: base, list: { heading: m('gapsHeading'), items: strings(doc.data.gaps) }, paragraphs: [m('form02Footer')] });
    case '03':
      return renderFormPdf({ ...common, formNumber: 'Mẫu số 03', title: m('form03'), rows: base, list: { heading: m('reasonsHeading'), items: strings(doc.data.reasons) } });
    case '04':
      return renderFormPdf({ ...common, formNumber: 'Mẫu số 04', title: m('form04'), rows: [...base, [m('previousDue'), day(doc.data.previousDue)], [m('newDue'), day(doc.data.newDue)]], paragraphs: [String(doc.data.reason ?? ''), m('form04Footer')] });
    case 'result':
      throw new Error('a result is kept as issued, not rendered again');
  }
}

/** The result document; its QR leads to the public verification page. */
export function renderResultPdf(input: { dossier: DossierState; resultName: string; issuer: string; signer: string; issuedAt: Date; verifyUrl: string }): Promise<Buffer> {
  return renderFormPdf({
    formNumber: null,
    issuer: input.issuer,
    title: input.resultName.toUpperCase(),
    createdAt: input.issuedAt,
    rows: [
      [m('code'), input.dossier.code],
      [m('procedure'), input.dossier.procedureName],
      [m('applicant'), input.dossier.applicantName],
      [m('issuedAt'), formatDateTime(input.issuedAt)],
      [m('signer'), input.signer],
    ],
    qr: { url: input.verifyUrl, caption: m('verifyCaption') },
  });
}

/** Form 05 (phiếu kiểm soát quá trình giải quyết hồ sơ): every step, who, when, its statutory end, as recorded. */
export function renderControlSheet(dossier: DossierState, unitName: string, progress: ProgressEntry[], now: Date): Promise<Buffer> {
  return renderFormPdf({
    formNumber: 'Mẫu số 05',
    issuer: unitName,
    title: m('form05'),
    createdAt: now,
    rows: [
      [m('code'), dossier.code],
      [m('procedure'), dossier.procedureName],
      [m('applicant'), dossier.applicantName],
      [m('receivedAt'), formatDateTime(dossier.receivedAt)],
      [m('appointment'), dossier.dueAt ? formatDate(new Date(dossier.dueAt.getTime() - 1)) : '—'],
    ],
    list: {
      heading: m('form05Steps'),
      items: progress.map((p) =>
        [formatDateTime(p.at), statusLabel('vi', p.status), [p.byName, p.byPosition, p.unitName].filter(Boolean).join(', '), p.note ?? '', p.stepDueAt ? `${m('stepDue')}: ${formatDate(new Date(p.stepDueAt.getTime() - 1))}` : ''].filter(Boolean).join(' — '),
      ),
    },
  });
}
