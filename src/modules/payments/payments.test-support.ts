import { createTestPlatform } from '../../app/testing.ts';
import type { Actor } from '../../platform/module/index.ts';
import { samplePdf } from '../../platform/testing/index.ts';
import type { DossiersApi } from '../dossiers/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import type { PaymentsApi } from './index.ts';
import { vnpayConfig } from './payments.config.ts';
import { gatewayResult, type LocalOutcome } from './payments.local-gateway.tsx';

// Test-only helpers (not exported through index.ts).

export const BIRTH = '1.001193.000.00.00.H49';
export const WARD = '000.00.51.H49';

export const birthAnswers = {
  applicantName: 'Nguyễn Văn An', applicantPersonalId: '001090000001', applicantPhone: '0912345678', applicantEmail: 'an@example.vn', relation: 'father',
  childName: 'Nguyễn Minh Khôi', gender: 'male', childBirthDate: '2026-11-01', childBirthPlace: { province: '22', commune: '06994', street: 'Bệnh viện đa khoa Vân Đồn' },
  ethnicity: 'Kinh', motherName: 'Lê Thị Hoa', motherPersonalId: '022192000123', fatherKnown: 'no',
};

const official = (id: string, roles: string[], extra: Partial<Actor> = {}): Actor => ({ accountId: `00000000-0000-4000-8000-0000000000${id}`, kind: 'official', displayName: `Cán bộ ${id}`, agencyCode: WARD, roles, ...extra });
export const officials = {
  clerk: official('c1', ['clerk']),
  leader: official('c2', ['leader']),
  otherLeader: official('c3', ['leader']),
};

/** Payments with the modules it needs, the demo directory, accounts and catalogue; a citizen's birth registration filed. */
export async function setUpPayments(config: { stepUpSeconds?: number } = {}) {
  const platform = await createTestPlatform({ modules: ['payments'], seed: ['agencies', 'identity', 'catalog'], config: { baseUrl: 'https://dichvucong.example.vn', ...config } });
  const identity = platform.api<IdentityApi>('identity');
  const citizen = await identity.authenticate({ identifier: '001090000001', password: 'Demo@2026egov', ip: '192.0.2.1' });
  const pdf = await platform.ctx.files.put(samplePdf());
  const dossiers = platform.api<DossiersApi>('dossiers');
  const api = platform.api<PaymentsApi>('payments');
  const vnpay = vnpayConfig(platform.ctx.config);
  const upload = (componentIndex: number) => ({ componentIndex, sha256: pdf.sha256, size: pdf.size, contentType: 'application/pdf', originalName: `giay-to-${componentIndex}.pdf` });
  const apply = () => dossiers.submitApplication(citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers, uploads: [upload(0), upload(1)] });
  return {
    platform,
    db: platform.ctx.db,
    api,
    citizen,
    vnpay,
    apply,
    /** A dossier with an obligation order of `amountVnd`. */
    async order(amountVnd = 650_000) {
      const { code } = await apply();
      return platform.ctx.db.transaction().execute((tx) => api.createOrderInTx(tx, { dossierCode: code, kind: 'obligation', description: 'Lệ phí cấp giấy phép', lines: [{ name: 'Lệ phí cấp giấy phép', amountVnd }], dueAt: new Date(Date.now() + 5 * 86_400_000), createdBy: officials.clerk.accountId }));
    },
    /** The citizen starts paying: the gateway's request parameters as the payment URL carries them. */
    async startPaying(reference: string) {
      const { url, txnRef } = await api.startPayment(citizen, reference, { ipAddr: '192.0.2.10', locale: 'vi' });
      return { url, txnRef, params: Object.fromEntries(new URL(url).searchParams) };
    },
    /** What the gateway sends back (redirect and IPN) for an outcome, signed with the merchant secret. */
    result: (params: Record<string, string>, outcome: LocalOutcome = 'pay') => gatewayResult(params, outcome, vnpay),
    close: () => platform.close(),
  };
}
