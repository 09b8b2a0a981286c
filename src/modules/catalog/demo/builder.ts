import type { ApplicantType, DossierComponent, Fee, ImplementingLevel, OnlineLevel, ProcedureCase, ProcedureDocument, TimeUnit } from '../catalog.schemas.ts';

/**
 * A compact way to write the demo catalogue: the defaults are what most procedures share
 * (one case, submitted in person, by post or online, the usual one-stop steps), so each
 * entry says only what is particular to it.
 */

export type Time = number | `${number}h`;

export interface CaseSpec {
  code?: string;
  name: string;
  time: Time;
  fees?: [name: string, amountVnd: number][];
}

export interface ProcedureSpec {
  code: string;
  name: string;
  field: readonly [code: string, name: string];
  level: ImplementingLevel;
  applicants?: ApplicantType[];
  agency: string;
  receiving?: string[];
  /** null: not offered online. */
  online?: OnlineLevel | null;
  postal?: boolean;
  /** Shorthand for a single case. */
  time?: Time;
  /** The single case's assurance level required to apply online (2: checked in person, 3: national identity provider). */
  minAssuranceLevel?: number;
  fee?: number | [name: string, amountVnd: number][];
  cases?: CaseSpec[];
  steps?: string[];
  components: DossierComponent[];
  results: string[];
  requirements?: string[];
  legal: string[];
}

export const STANDARD_STEPS = [
  'Người yêu cầu nộp hồ sơ tại Bộ phận Một cửa, qua dịch vụ bưu chính công ích hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.',
  'Công chức tiếp nhận kiểm tra hồ sơ; hồ sơ đầy đủ thì viết giấy tiếp nhận và hẹn trả kết quả, hồ sơ chưa đầy đủ thì hướng dẫn bổ sung một lần bằng văn bản.',
  'Cơ quan có thẩm quyền thẩm định hồ sơ và quyết định; trường hợp từ chối thì trả lời bằng văn bản, nêu rõ lý do.',
  'Trả kết quả tại Bộ phận Một cửa, qua dịch vụ bưu chính công ích hoặc trên tài khoản của người yêu cầu.',
];

export const IN_PERSON_STEPS = [
  'Người yêu cầu nộp hồ sơ trực tiếp tại cơ quan có thẩm quyền.',
  'Cơ quan có thẩm quyền kiểm tra hồ sơ, đối chiếu giấy tờ và giải quyết.',
  'Người yêu cầu nhận kết quả trực tiếp tại cơ quan.',
];

function time(t: Time): { value: number; unit: TimeUnit } {
  return typeof t === 'number' ? { value: t, unit: 'working_days' } : { value: Number(t.slice(0, -1)), unit: 'hours' };
}

function fees(f: ProcedureSpec['fee'] | CaseSpec['fees']): Fee[] {
  if (f === undefined || f === 0) return [];
  if (typeof f === 'number') return [{ name: 'Lệ phí', amountVnd: f }];
  return f.map(([name, amountVnd]) => ({ name, amountVnd }));
}

/** A required original (bản chính). */
export function original(name: string, options: { copies?: number; template?: string; cases?: string[] } = {}): DossierComponent {
  return {
    name,
    kind: 'original',
    copies: options.copies ?? 1,
    requirement: 'required',
    ...(options.template ? { templateFile: options.template } : {}),
    ...(options.cases ? { cases: options.cases } : {}),
  };
}

/** A required copy (bản sao, or a copy shown with the original). */
export function copy(name: string, options: { copies?: number; cases?: string[] } = {}): DossierComponent {
  return { name, kind: 'copy', copies: options.copies ?? 1, requirement: 'required', ...(options.cases ? { cases: options.cases } : {}) };
}

/** A component needed only in some situations. */
export function conditional(name: string, condition: string, options: { kind?: 'original' | 'copy'; template?: string; cases?: string[] } = {}): DossierComponent {
  return {
    name,
    kind: options.kind ?? 'copy',
    copies: 1,
    requirement: 'conditional',
    condition,
    ...(options.template ? { templateFile: options.template } : {}),
    ...(options.cases ? { cases: options.cases } : {}),
  };
}

/** The power of attorney every procedure accepts when someone files for another person. */
export const PROXY = conditional('Văn bản ủy quyền theo quy định của pháp luật', 'Khi nộp hồ sơ thông qua người được ủy quyền', { kind: 'original' });

export function build(spec: ProcedureSpec): ProcedureDocument {
  const online = spec.online === undefined ? 'mot_phan' : spec.online;
  const channels: ProcedureDocument['channels'] = ['in_person'];
  if (online) channels.push('online');
  if (spec.postal ?? true) channels.push('postal');
  const cases: ProcedureCase[] = spec.cases
    ? spec.cases.map((c, i) => ({ code: c.code ?? String(i + 1).padStart(2, '0'), name: c.name, processingTime: time(c.time), fees: fees(c.fees) }))
    : [{ code: '01', name: spec.name, processingTime: time(spec.time ?? 5), fees: fees(spec.fee), ...(spec.minAssuranceLevel ? { minAssuranceLevel: spec.minAssuranceLevel } : {}) }];
  return {
    code: spec.code,
    name: spec.name,
    field: { code: spec.field[0], name: spec.field[1] },
    implementingLevel: spec.level,
    applicantTypes: spec.applicants ?? ['citizen'],
    competentAgency: spec.agency,
    receivingAgencies: spec.receiving ?? [spec.agency],
    ...(online ? { onlineLevel: online } : {}),
    channels,
    cases,
    steps: spec.steps ?? (online || spec.postal !== false ? STANDARD_STEPS : IN_PERSON_STEPS),
    components: spec.components,
    results: spec.results,
    requirements: spec.requirements ?? [],
    legalBasis: spec.legal,
  };
}
