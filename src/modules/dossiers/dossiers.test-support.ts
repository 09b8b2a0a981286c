import { createTestPlatform } from '../../app/testing.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { DomainError } from '../../platform/errors/index.ts';
import type { Actor, ModuleRegistration } from '../../platform/module/index.ts';
import { samplePdf } from '../../platform/testing/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import type { CalendarApi } from '../calendar/index.ts';
import type { CatalogApi, ProcedureDocument, PublishedProcedure } from '../catalog/index.ts';
import type { AccountView } from '../identity/index.ts';
import type { DossiersApi, DossiersDependencies, DossiersModuleOptions, UploadLimits, UploadScanner } from './index.ts';

// Test-only helpers (not exported through index.ts).

/** Keeps cookies and the last CSRF token like a browser without JavaScript. */
export class Browser {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(private readonly app: HttpApp) {}
  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private remember(res: { headers: Record<string, unknown>; body: string }) {
    const raw = res.headers['set-cookie'];
    for (const c of Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : []) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
  }
  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), accept: 'text/html' } });
    this.remember(res);
    return res;
  }
  async post(url: string, fields: Record<string, string>) {
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams({ _csrf: this.csrf, ...fields }).toString(),
      headers: { cookie: this.cookieHeader(), accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    });
    this.remember(res);
    return res;
  }
  /** A multipart post; `files` may repeat a field ([field, file] pairs) as a forged form would. */
  async upload(url: string, files: Record<string, { name: string; type: string; content: Buffer }> | [string, { name: string; type: string; content: Buffer }][], options: { csrf?: string | null } = {}) {
    const boundary = '----egovtest7MA4YWxkTrZu0gW';
    const chunks: Buffer[] = [];
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (csrf !== null) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`));
    for (const [field, f] of Array.isArray(files) ? files : Object.entries(files)) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.content, Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    const res = await this.app.inject({ method: 'POST', url, payload: Buffer.concat(chunks), headers: { cookie: this.cookieHeader(), accept: 'text/html', 'content-type': `multipart/form-data; boundary=${boundary}` } });
    this.remember(res);
    return res;
  }
}


export const BIRTH = '1.001193.000.00.00.H49';
export const HOUSEHOLD_BUSINESS = '2.000575.000.00.00.H49';
export const WARD = '000.00.51.H49';
export const LIQUOR_LICENCE = '2.000633.000.00.00.H49';

const account = (a: Partial<AccountView> & Pick<AccountView, 'id' | 'kind' | 'fullName' | 'email'>): AccountView => ({
  personalId: null,
  taxCode: null,
  phone: null,
  smsNotifications: false,
  agencyCode: null,
  roles: [],
  status: 'active',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...a,
});

export const accounts: Record<string, AccountView> = {
  citizen: account({ id: '00000000-0000-4000-8000-000000000001', kind: 'citizen', fullName: 'Nguyễn Văn An', email: 'an@example.vn', personalId: '001090000001', phone: '0912345678' }),
  citizen2: account({ id: '00000000-0000-4000-8000-000000000002', kind: 'citizen', fullName: 'Trần Thị Bình', email: 'binh@example.vn', personalId: '022190000002', phone: '0987654321' }),
  citizen3: account({ id: '00000000-0000-4000-8000-000000000004', kind: 'citizen', fullName: 'Lê Văn Cường', email: 'cuong@example.vn', personalId: '031090000004', phone: '0905111222' }),
  citizen4: account({ id: '00000000-0000-4000-8000-000000000005', kind: 'citizen', fullName: 'Phạm Thị Dung', email: 'dung@example.vn', personalId: '036190000005', phone: '0977333444' }),
  business: account({ id: '00000000-0000-4000-8000-000000000003', kind: 'business', fullName: 'Công ty TNHH Hạ Long Xanh', email: 'halong@example.vn', taxCode: '5700100256', phone: '0203111222' }),
};

export const actors = {
  citizen: { accountId: accounts.citizen!.id, kind: 'citizen', displayName: 'Nguyễn Văn An', agencyCode: null, roles: [] },
  citizen2: { accountId: accounts.citizen2!.id, kind: 'citizen', displayName: 'Trần Thị Bình', agencyCode: null, roles: [] },
  citizen3: { accountId: accounts.citizen3!.id, kind: 'citizen', displayName: 'Lê Văn Cường', agencyCode: null, roles: [] },
  citizen4: { accountId: accounts.citizen4!.id, kind: 'citizen', displayName: 'Phạm Thị Dung', agencyCode: null, roles: [] },
  business: { accountId: accounts.business!.id, kind: 'business', displayName: 'Công ty TNHH Hạ Long Xanh', agencyCode: null, roles: [] },
  wardClerk: { accountId: '00000000-0000-4000-8000-0000000000a1', kind: 'official', displayName: 'Một cửa phường', agencyCode: WARD, roles: ['clerk'] },
  otherClerk: { accountId: '00000000-0000-4000-8000-0000000000a2', kind: 'official', displayName: 'Một cửa H29', agencyCode: '000.00.51.H29', roles: ['clerk'] },
} satisfies Record<string, Actor>;

/**
 * The dossiers module wired as in production (test harness) with the real agencies and
 * calendar. The catalogue is a fake holding the few procedures these tests are about, and
 * identity a stub over `accounts`: what a dossier does with them is the point here; the
 * real ones have their own tests.
 */
export async function setUpDossiers(options: { scanner?: UploadScanner; uploadLimits?: UploadLimits } = {}) {
  const catalog = fakeCatalog();
  const identity = {
    async getAccount(id: string): Promise<AccountView> {
      const found = Object.values(accounts).find((a) => a.id === id);
      if (!found) throw new Error(`no account ${id}`);
      return found;
    },
  };
  const moduleOptions: DossiersModuleOptions = { ...(options.uploadLimits ? { uploadLimits: options.uploadLimits } : {}), ...(options.scanner ? { scanner: options.scanner } : {}) };
  const platform = await createTestPlatform({
    modules: ['dossiers'],
    seed: ['agencies'],
    config: { baseUrl: 'https://dichvucong.example.vn' },
    replace: { catalog, identity },
    options: { dossiers: moduleOptions },
  });
  const { ctx } = platform;
  const agencies = platform.api<AgenciesApi>('agencies');
  // deps: another instance of the module over the same database stands in for a second `serve` process.
  const deps: DossiersDependencies = { agencies, identity, catalog, calendar: platform.api<CalendarApi>('calendar'), ...(options.scanner ? { scanner: options.scanner } : {}) };
  return {
    registration: platform.registrations.find((r) => r.name === 'dossiers') as ModuleRegistration,
    api: platform.api<DossiersApi>('dossiers'),
    platform,
    ctx,
    deps,
    db: ctx.db,
    testDb: platform.testDb,
    catalog,
    agencies,
    close: () => platform.close(),
  };
}

/** Valid answers to the birth registration form (Quảng Ninh, Vân Đồn). */
export function birthAnswers(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicantName: 'Nguyễn Văn An',
    applicantPersonalId: '001090000001',
    applicantPhone: '0912345678',
    applicantEmail: 'an@example.vn',
    relation: 'father',
    childName: 'Nguyễn Minh Khôi',
    gender: 'male',
    childBirthDate: '2026-11-01',
    childBirthPlace: { province: '22', commune: '06994', street: 'Bệnh viện đa khoa Vân Đồn' },
    ethnicity: 'Kinh',
    motherName: 'Lê Thị Hoa',
    motherPersonalId: '022192000123',
    fatherKnown: 'yes',
    fatherName: 'Nguyễn Văn An',
    fatherPersonalId: '001090000001',
    ...overrides,
  };
}

export const PDF_BYTES = samplePdf();

const STEPS = ['Nộp hồ sơ', 'Nhận kết quả'];

/** Two procedures as the catalogue publishes them (the dossiers module only reads published versions). */
export const PROCEDURES: ProcedureDocument[] = [
  {
    code: BIRTH,
    name: 'Đăng ký khai sinh',
    field: { code: 'G15-HT01', name: 'Hộ tịch' },
    implementingLevel: 'commune',
    applicantTypes: ['citizen'],
    competentAgency: '000.00.00.H49',
    receivingAgencies: ['000.00.51.H49', '000.00.52.H49', '000.00.53.H49'],
    onlineLevel: 'toan_trinh',
    channels: ['in_person', 'online', 'postal'],
    cases: [{ code: '01', name: 'Đăng ký khai sinh', processingTime: { value: 1, unit: 'working_days' }, fees: [] }],
    steps: STEPS,
    components: [
      { name: 'Tờ khai đăng ký khai sinh', kind: 'original', copies: 1, requirement: 'required', templateFile: 'TK-dang-ky-khai-sinh.docx' },
      { name: 'Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh', kind: 'original', copies: 1, requirement: 'required' },
      { name: 'Biên bản xác nhận việc trẻ bị bỏ rơi', kind: 'original', copies: 1, requirement: 'conditional', condition: 'Khi đăng ký khai sinh cho trẻ bị bỏ rơi' },
    ],
    results: ['Giấy khai sinh'],
    requirements: [],
    legalBasis: ['Luật Hộ tịch số 60/2014/QH13'],
  },
  {
    code: HOUSEHOLD_BUSINESS,
    name: 'Đăng ký thành lập hộ kinh doanh',
    field: { code: 'G12-HK01', name: 'Thành lập và hoạt động của hộ kinh doanh' },
    implementingLevel: 'commune',
    applicantTypes: ['citizen'],
    competentAgency: '000.00.00.H49',
    receivingAgencies: ['000.00.51.H49', '000.00.52.H49', '000.00.53.H49'],
    onlineLevel: 'toan_trinh',
    channels: ['in_person', 'online', 'postal'],
    cases: [{ code: '01', name: 'Đăng ký thành lập hộ kinh doanh', processingTime: { value: 3, unit: 'working_days' }, fees: [{ name: 'Lệ phí', amountVnd: 100_000 }] }],
    steps: STEPS,
    components: [
      { name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'original', copies: 1, requirement: 'required' },
      { name: 'Giấy tờ pháp lý của cá nhân', kind: 'copy', copies: 1, requirement: 'required' },
    ],
    results: ['Giấy chứng nhận đăng ký hộ kinh doanh'],
    requirements: [],
    legalBasis: ['Nghị định số 01/2021/NĐ-CP'],
  },
  {
    code: LIQUOR_LICENCE,
    name: 'Cấp Giấy phép bán lẻ rượu',
    field: { code: 'G12-LT01', name: 'Lưu thông hàng hóa trong nước' },
    implementingLevel: 'province',
    applicantTypes: ['business', 'citizen'],
    competentAgency: '000.00.00.H49',
    receivingAgencies: ['000.00.04.H49'],
    onlineLevel: 'mot_phan',
    channels: ['in_person', 'online'],
    cases: [{ code: '01', name: 'Cấp mới', processingTime: { value: 3, unit: 'working_days' }, fees: [] }],
    steps: STEPS,
    components: [{ name: 'Đơn đề nghị cấp Giấy phép bán lẻ rượu', kind: 'original', copies: 1, requirement: 'required' }],
    results: ['Giấy phép bán lẻ rượu'],
    requirements: [],
    legalBasis: ['Nghị định số 105/2017/NĐ-CP'],
  },
];

/** The two catalogue calls the module makes, over PROCEDURES (version ids 101, 102). */
export function fakeCatalog(): Pick<CatalogApi, 'getPublishedProcedure' | 'getProcedureVersion'> {
  const published: PublishedProcedure[] = PROCEDURES.map((document, i) => ({ code: document.code, versionId: 101 + i, version: 1, publishedAt: new Date('2026-01-01T00:00:00Z'), document }));
  const notFound = (what: string) => new DomainError('catalog.procedure_not_found', 'not_found', `No procedure ${what}`);
  return {
    async getPublishedProcedure(code) {
      const found = published.find((p) => p.code === code);
      if (!found) throw notFound(code);
      return found;
    },
    async getProcedureVersion(versionId) {
      const found = published.find((p) => p.versionId === versionId);
      if (!found) throw notFound(String(versionId));
      return found;
    },
  };
}
