import type { DossiersApi } from '../dossiers/index.ts';
import { DEMO_PASSWORD, type IdentityApi } from '../identity/index.ts';
import { addDays, endOfVietnamDay, vietnamDay } from '../../platform/calendar/index.ts';
import type { Db } from '../../platform/db/index.ts';
import { vietnamesePdf } from '../../platform/pdf/index.ts';
import type { PaymentsService } from './payments.service.ts';

/** The demo citizen (identity's demo) whose two birth registrations carry the demo fees. */
const DEMO_CITIZEN = '001090000001';
const BIRTH = '1.001193.000.00.00.H49';
const WARD = '000.00.51.H49';
/** Lệ phí cấp bản sao trích lục hộ tịch: 8.000 đồng a copy (Thông tư 281/2016/TT-BTC), two copies asked for. */
const COPIES_FEE = { name: 'Lệ phí cấp bản sao Trích lục khai sinh (2 bản × 8.000 đồng)', amountVnd: 16_000 };

const CHILDREN = [
  { childName: 'Nguyễn Minh Khôi', gender: 'male', childBirthDate: '2025-11-01' },
  { childName: 'Nguyễn Ngọc Hân', gender: 'female', childBirthDate: '2025-11-20' },
] as const;

export interface PaymentsSeedDeps {
  db: Db;
  dossiers: Pick<DossiersApi, 'submitApplication' | 'storeApplicationFile'>;
  identity: Pick<IdentityApi, 'authenticate'>;
}

/**
 * Demo data, once: the demo citizen files two birth registrations at the ward (through the dossiers
 * door, as the portal would) asking for two copies of the extract each; the fee of the first was
 * paid by a VietQR transfer (a bank statement line naming its reference), the second waits.
 */
export async function seedDemoPayments(deps: PaymentsSeedDeps, service: PaymentsService, log: (line: string) => void): Promise<void> {
  let citizen;
  try {
    citizen = await deps.identity.authenticate({ identifier: DEMO_CITIZEN, password: DEMO_PASSWORD, ip: '127.0.0.1' });
  } catch {
    return log('payments: no demo citizen, no demo payments');
  }
  if ((await service.listMine(citizen)).length > 0) return;
  const pdf = await deps.dossiers.storeApplicationFile(await demoCertificate());
  const upload = (componentIndex: number) => ({ componentIndex, sha256: pdf.sha256, size: pdf.size, contentType: 'application/pdf', originalName: `giay-chung-sinh-${componentIndex}.pdf` });
  const references: string[] = [];
  for (const child of CHILDREN) {
    const answers = {
      applicantName: 'Nguyễn Văn An', applicantPersonalId: DEMO_CITIZEN, applicantPhone: '0912000001', applicantEmail: 'nguyenvanan@demo.egov.vn', relation: 'father',
      ...child, childBirthPlace: { province: '22', commune: '06994', street: 'Bệnh viện đa khoa Vân Đồn' },
      ethnicity: 'Kinh', motherName: 'Lê Thị Hoa', motherPersonalId: '022192000123', fatherKnown: 'no',
    };
    const { code, receivedAt } = await deps.dossiers.submitApplication(citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers, uploads: [upload(0), upload(1)] });
    const order = await deps.db.transaction().execute((tx) =>
      service.createOrderInTx(tx, { dossierCode: code, kind: 'submission', description: 'Phí, lệ phí giải quyết thủ tục hành chính', lines: [COPIES_FEE], dueAt: endOfVietnamDay(addDays(vietnamDay(receivedAt), 7)), createdBy: null }),
    );
    references.push(order.reference);
  }
  const [paid, pending] = references;
  await service.applyBankStatement([{ line: 1, transactionNo: `DEMO${paid}`, amountVnd: COPIES_FEE.amountVnd, description: `NGUYEN VAN AN chuyen tien ${paid}` }]);
  log(`payments: demo fees of ${DEMO_CITIZEN}: ${paid} paid (VietQR), ${pending} pending`);
}

/** A one-page PDF standing in for the scanned birth certificate of the demo applications. */
async function demoCertificate(): Promise<Buffer> {
  const { doc, done } = vietnamesePdf({ size: 'A4', margin: 56 });
  doc.font('bold').fontSize(14).text('GIẤY CHỨNG SINH (dữ liệu mẫu)', { align: 'center' });
  doc.moveDown().font('regular').fontSize(11).text('Tệp minh họa của dữ liệu mẫu egov: không có giá trị pháp lý.');
  doc.end();
  return done;
}
