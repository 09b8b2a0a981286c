import { level1Of, type Agency, type AgenciesApi } from '../agencies/index.ts';
import type { CatalogApi, ProcedureListItem, PublishedProcedure } from '../catalog/index.ts';
import { parseProcedureCode } from '../catalog/index.ts';

/**
 * The catalogue services of the DVCQG contract (LayThuTuc, LayDanhSachTTHC, LayDanhMucCoQuan,
 * LayDanhMucLinhVuc), read through the catalog and agencies doors and shaped with the
 * portal's upper-case field names (fixtures README §7). Whole lists are kept a minute per
 * process: clients mirror them, often, and they change rarely.
 */

const LIST_CACHE_MS = 60_000;
/** A bound on LayDanhMucCoQuan (the national directory has about 111,000 entries). */
const AGENCIES_MAX = 200_000;

const CHANNEL_KENH = { in_person: 1, online: 2, postal: 3 } as const;
const TIME_UNIT = { working_days: 'Ngày làm việc', hours: 'Giờ' } as const;
const APPLICANT = { citizen: 'Công dân Việt Nam', business: 'Doanh nghiệp, tổ chức' } as const;

/** LayThuTuc's result item; `LINHVUCTHUCHIEN` always has its item (OpenCPS reads [0] unguarded). */
export function thuTucOf(p: PublishedProcedure, agencyNames: ReadonlyMap<string, string>) {
  const d = p.document;
  return {
    ID: String(p.versionId),
    MATTHC: p.code,
    TENTTHC: d.name,
    LOAITTHC: '1',
    MACOQUANCONGBO: d.competentAgency,
    TRANGTHAI: 1,
    LINHVUCTHUCHIEN: [{ MALINHVUC: d.field.code, TENLINHVUC: d.field.name }],
    TRINHTUTHUCHIEN: d.cases.map((c) => ({ TRUONGHOP: c.name, TRINHTU: d.steps.map((s) => ({ TENTRINHTU: s })) })),
    CACHTHUCTHUCHIEN: d.channels.map((channel) => ({
      KENH: CHANNEL_KENH[channel],
      THOIGIAN: d.cases.map((c) => ({
        THOIGIANGIAIQUYET: c.processingTime.value,
        DONVITINH: TIME_UNIT[c.processingTime.unit],
        MOTA: c.name,
        PHILEPHI: c.fees.map((f) => ({ MAPHILEPHI: '', SOTIEN: f.amountVnd, DONVI: 'Đồng', MOTA: f.name })),
      })),
    })),
    YEUCAU: d.requirements.join('\n') || 'Không',
    DOITUONGTHUCHIEN: d.applicantTypes.map((t) => ({ TENDOITUONG: APPLICANT[t] })),
    KETQUATHUCHIEN: d.results.map((r) => ({ MAKETQUA: '', TENKETQUA: r })),
    CANCUPHAPLY: d.legalBasis.map((l) => ({ SOVANBAN: '', TENVANBAN: l })),
    COQUANTHUCHIEN: d.receivingAgencies.map((code) => ({ MADONVI: code, TENDONVI: agencyNames.get(code) ?? code })),
    THANHPHANHOSO: d.cases.map((c) => ({
      TRUONGHOP: c.name,
      GIAYTO: d.components.filter((k) => !k.cases || k.cases.includes(c.code)).map((k) => ({ MAGIAYTO: '', TENGIAYTO: k.name, TENMAUDON: k.templateFile ?? '', URL: '' })),
    })),
  };
}

export function createCatalogueServices(deps: { catalog: Pick<CatalogApi, 'findPublishedProcedure' | 'listPublishedProcedures'>; agencies: Pick<AgenciesApi, 'findAgency' | 'searchAgencies'> }, now: () => number = Date.now) {
  let procedures: { at: number; items: Promise<ProcedureListItem[]> } | undefined;
  let directory: { at: number; items: Promise<Agency[]> } | undefined;

  const listProcedures = (): Promise<ProcedureListItem[]> => {
    if (!procedures || procedures.at + LIST_CACHE_MS < now()) {
      const items = deps.catalog.listPublishedProcedures();
      procedures = { at: now(), items };
      items.catch(() => (procedures = undefined));
    }
    return procedures.items;
  };

  async function wholeDirectory(): Promise<Agency[]> {
    const all: Agency[] = [];
    let after: string | undefined;
    do {
      const page = await deps.agencies.searchAgencies({ after, limit: 500 });
      all.push(...page.items);
      after = page.nextAfter ?? undefined;
    } while (after !== undefined && all.length < AGENCIES_MAX);
    return all;
  }

  return {
    /**
     * A procedure by its short (`1.001193`) or long (`3.000181.000.00.00.H22`) code. A long code
     * not in the catalogue falls back to its base; a short code the catalogue has only as
     * provinces' variants resolves to the variant of the caller's province, else the first.
     */
    async procedure(code: string, callerAgency: string) {
      const wanted = code.trim().toUpperCase();
      if (wanted === '' || wanted.length > 70) return undefined;
      const parsed = parseProcedureCode(wanted);
      if (!parsed) return undefined;
      const level1 = level1Of(callerAgency);
      const candidates = [wanted, parsed.baseCode, ...(level1 ? [`${parsed.baseCode}.000.00.00.${level1}`] : [])];
      let found;
      for (const candidate of new Set(candidates)) if ((found = await deps.catalog.findPublishedProcedure(candidate))) break;
      if (!found) {
        const variant = (await listProcedures()).find((p) => p.code.startsWith(`${parsed.baseCode}.`));
        found = variant ? await deps.catalog.findPublishedProcedure(variant.code) : undefined;
      }
      if (!found) return undefined;
      const codes = [...new Set(found.document.receivingAgencies)];
      const agencies = await Promise.all(codes.map((c) => deps.agencies.findAgency(c)));
      return thuTucOf(found, new Map(codes.map((c, i) => [c, agencies[i]?.name ?? c])));
    },
    async procedures() {
      return (await listProcedures()).map((p) => ({ MATTHC: p.code, TENTTHC: p.name }));
    },
    async fields() {
      const fields = new Map<string, { MALINHVUC: string; TENLINHVUC: string; MANGANH: string }>();
      for (const p of await listProcedures()) if (!fields.has(p.fieldCode)) fields.set(p.fieldCode, { MALINHVUC: p.fieldCode, TENLINHVUC: p.fieldName, MANGANH: p.fieldCode.split('-')[0] ?? '' });
      return [...fields.values()].sort((a, b) => a.MALINHVUC.localeCompare(b.MALINHVUC));
    },
    async agencies() {
      if (!directory || directory.at + LIST_CACHE_MS < now()) {
        const items = wholeDirectory();
        directory = { at: now(), items };
        items.catch(() => (directory = undefined));
      }
      return (await directory.items).map((a) => ({ MADONVI: a.code, TENDONVI: a.name, CAPDONVI: String(a.level) }));
    },
  };
}

export type CatalogueServices = ReturnType<typeof createCatalogueServices>;
