import { createTestPlatform } from '../../app/testing.ts';
import type { Actor } from '../../platform/module/index.ts';
import { samplePdf } from '../../platform/testing/index.ts';
import type { DossiersApi } from '../dossiers/index.ts';
import type { IdentityApi } from '../identity/index.ts';
import type { BackofficeApi } from './index.ts';

// Test-only helpers (not exported through index.ts).

export const BIRTH = '1.001193.000.00.00.H49';
export const WARD = '000.00.51.H49';
/** 1.003200 in Quảng Ninh: the ward receives; the province's police takes the residence part. */
export const INTERAGENCY = '1.003200.000.00.00.H49';
export const POLICE = '000.00.03.H49';

/**
 * A signed-in official whose session gave its second factor just now (read at each use, so a
 * long test file stays inside the 5-minute step-up window); `stale` gave it 10 minutes ago.
 */
const official = (id: string, agencyCode: string, roles: string[], displayName: string): Actor => ({
  accountId: `00000000-0000-4000-8000-0000000000${id}`,
  kind: 'official',
  displayName,
  agencyCode,
  roles,
  get secondFactorAt() {
    return new Date().toISOString();
  },
});

/** The same official, whose last second factor is older than the step-up window (or never given). */
export const withoutRecentSecondFactor = (actor: Actor, minutesAgo: number | null = 10): Actor => ({ ...actor, secondFactorAt: minutesAgo === null ? null : new Date(Date.now() - minutesAgo * 60_000).toISOString() });

export const officials = {
  clerk: official('b1', WARD, ['clerk'], 'Vũ Thị Lan'),
  specialist: official('b2', WARD, ['specialist'], 'Hoàng Thu Trang'),
  leader: official('b3', WARD, ['leader'], 'Phạm Quốc Hưng'),
  provinceLeader: official('b4', '000.00.00.H49', ['leader'], 'Lãnh đạo tỉnh'),
  policeSpecialist: official('b7', POLICE, ['specialist'], 'Cán bộ công an'),
  policeLeader: official('b8', POLICE, ['leader'], 'Lãnh đạo công an'),
  otherClerk: official('b5', '000.00.51.H29', ['clerk'], 'Một cửa H29'),
  otherWardLeader: official('b6', '000.00.52.H49', ['leader'], 'Lãnh đạo phường khác'),
};

/** Answers to the demo catalogue's birth registration (Quảng Ninh). */
export const birthAnswers = {
  applicantName: 'Nguyễn Văn An', applicantPersonalId: '001090000001', applicantPhone: '0912345678', applicantEmail: 'an@example.vn', relation: 'father',
  childName: 'Nguyễn Minh Khôi', gender: 'male', childBirthDate: '2026-11-01', childBirthPlace: { province: '22', commune: '06994', street: 'Bệnh viện đa khoa Vân Đồn' },
  ethnicity: 'Kinh', motherName: 'Lê Thị Hoa', motherPersonalId: '022192000123', fatherKnown: 'no',
};

/** Answers to the generic form of 1.003200. */
export const interagencyAnswers = {
  applicantName: 'Nguyễn Văn An', applicantPersonalId: '001090000001', applicantPhone: '0912345678', applicantEmail: 'an@example.vn',
  address: { province: '22', commune: '06994', street: 'Số 5 đường Cái Rồng' },
  note: 'Đăng ký khai sinh, thường trú và cấp thẻ BHYT cho cháu Nguyễn Minh Khôi',
};

/** The back office with the real modules it needs, the demo directory, accounts and catalogue. */
export async function setUpBackoffice() {
  const platform = await createTestPlatform({ modules: ['backoffice'], seed: ['agencies', 'identity', 'catalog'], config: { baseUrl: 'https://dichvucong.example.vn' } });
  const identity = platform.api<IdentityApi>('identity');
  const citizen = await identity.authenticate({ identifier: '001090000001', password: 'Demo@2026egov', ip: '192.0.2.1' });
  const pdf = await platform.ctx.files.put(samplePdf());
  const dossiers = platform.api<DossiersApi>('dossiers');
  const upload = (componentIndex: number) => ({ componentIndex, sha256: pdf.sha256, size: pdf.size, contentType: 'application/pdf', originalName: `giay-to-${componentIndex}.pdf` });
  return {
    platform,
    db: platform.ctx.db,
    api: platform.api<BackofficeApi>('backoffice'),
    dossiers,
    citizen,
    /** A birth registration filed with the ward at `now`. */
    apply: (now = new Date()) => dossiers.submitApplication(citizen, { procedureCode: BIRTH, caseCode: '01', receivingAgency: WARD, answers: birthAnswers, uploads: [upload(0), upload(1)] }, { now }),
    /** The liên thông procedure (birth + residence + health insurance) filed with the ward at `now`. */
    applyInteragency: (now = new Date()) => dossiers.submitApplication(citizen, { procedureCode: INTERAGENCY, caseCode: '01', receivingAgency: WARD, answers: interagencyAnswers, uploads: [upload(0), upload(1)] }, { now }),
    close: () => platform.close(),
  };
}

/** A fresh ward dossier received and reviewed: it waits at the leader's approval step. */
export async function atApproval(env: Awaited<ReturnType<typeof setUpBackoffice>>): Promise<{ code: string; version: number }> {
  const { code } = await env.apply();
  let v = await env.api.dossierView(officials.clerk, code);
  await env.api.accept(officials.clerk, code, { version: v.dossier.version });
  v = await env.api.dossierView(officials.specialist, code);
  await env.api.forward(officials.specialist, code, { version: v.dossier.version });
  v = await env.api.dossierView(officials.leader, code);
  return { code, version: v.dossier.version };
}
