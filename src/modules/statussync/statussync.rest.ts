import { Type } from 'typebox';
import type { Db } from '../../platform/db/index.ts';
import { offloadLargeBodies, type HttpApp } from '../../platform/http/index.ts';
import { integrationClientOf, vouchForCaller } from '../../platform/integration/index.ts';
import type { SessionCaller } from './statussync.sessions.ts';
import { MAX_ITEMS, type ItemOutcome, type SyncService } from './statussync.service.ts';
import { problemText } from './statussync.legacy-answers.ts';
import { syncMessages } from './statussync.messages.ts';
import { readStatistics } from './statussync.stats.ts';

/**
 * egov's own sync API for new integrations: the same use cases as the legacy contract,
 * signed with the X-Egov-* headers, English field names mapped one to one onto the DVCQG
 * names (nested lists keep theirs), batches of up to 5,000 items, an outcome per item.
 */

export const DOSSIER_FIELDS: Record<string, string> = {
  code: 'MaHoSo', procedureCode: 'MaTTHC', procedureName: 'TenTTHC', fieldCode: 'MaLinhVuc', fieldName: 'TenLinhVuc', receiptNumber: 'SoBienNhan',
  applicantName: 'ChuHoSo', applicantKind: 'LoaiDoiTuong', applicantAccountId: 'MaDoiTuong', otherInfo: 'ThongTinKhac', email: 'Email', fax: 'Fax',
  phone: 'SoDienThoai', summary: 'TrichYeuHoSo', receivedAt: 'NgayTiepNhan', dueAt: 'NgayHenTra', status: 'TrangThaiHoSo', returnedAt: 'NgayTra',
  resultInfo: 'ThongTinTra', deliveryMethod: 'HinhThuc', finishedAt: 'NgayKetThucXuLy', handlingAgencyName: 'DonViXuLy', note: 'GhiChu',
  submittedFiles: 'TaiLieuNop', fees: 'DanhSachLePhi', otherFiles: 'DanhSachTepDinhKemKhac', supplements: 'DanhSachHoSoBoSung', resultDocuments: 'DanhSachGiayToKetQua',
  channel: 'KenhThucHien', applicantDocumentNumber: 'SoGiayToChuHoSo', submissionPlace: 'NoiNopHoSo', hasDigitisedComponents: 'HoSoCoThanhPhanSoHoa',
  vneidVerified: 'TaiKhoanDuocXacThucVoiVNeID', paidOnline: 'DuocThanhToanTrucTuyen', refusedAt: 'NgayTuChoi', submittedAt: 'NgayNopHoSo',
  applicantIdentifiers: 'DinhDanhCHS', connectedDatabases: 'DSKetNoiCSDL',
};
export const PROGRESS_FIELDS: Record<string, string> = {
  code: 'MaHoSo', handledBy: 'NguoiXuLy', position: 'ChucDanh', handledAt: 'ThoiDiemXuLy', unit: 'PhongBanXuLy', action: 'NoiDungXuLy',
  status: 'TrangThai', stepStartedAt: 'NgayBatDau', stepDueAt: 'NgayKetThucTheoQuyDinh',
};

/** An item with English names as the DVCQG item it stands for (unknown names are kept as they are). */
function toDvcqg(item: unknown, fields: Record<string, string>): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [fields[k] ?? k, v]));
}

const englishOf = (fields: Record<string, string>) => new Map(Object.entries(fields).map(([en, vi]) => [vi, en]));

const SyncBody = (description: string) =>
  Type.Object({
    agency: Type.String({ minLength: 1, maxLength: 35, description: 'QĐ 20 code of the receiving agency: the client\'s own agency or one below it' }),
    mode: Type.Optional(Type.Union([Type.Literal('create'), Type.Literal('upsert')], { description: 'create: an existing dossier is answered `exists`; upsert (default): created or updated' })),
    items: Type.Array(Type.Unknown(), { maxItems: MAX_ITEMS, description }),
  });
const ProgressBody = Type.Object({ agency: Type.String({ minLength: 1, maxLength: 35 }), items: Type.Array(Type.Unknown(), { maxItems: MAX_ITEMS }) });

const Outcomes = Type.Object({
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      code: Type.String(),
      result: Type.String({ description: 'created, updated, unchanged, older_ignored (the stored state is newer; recorded), exists, applied, recorded, duplicate, not_found, forbidden, invalid, failed (send again)' }),
      errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), problem: Type.String(), message: Type.String() }))),
    }),
  ),
  counts: Type.Record(Type.String(), Type.Integer()),
});

const en = syncMessages.for('en');

function outcomesJson(outcomes: ItemOutcome[], fields: Record<string, string>) {
  const english = englishOf(fields);
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[o.result] = (counts[o.result] ?? 0) + 1;
  return {
    results: outcomes.map((o) => ({
      index: o.index,
      code: o.code,
      result: o.result,
      ...(o.problems ? { errors: o.problems.map((p) => ({ field: english.get(p.field) ?? p.field, problem: p.kind, message: problemText({ ...p, field: english.get(p.field) ?? p.field }, en) })) } : {}),
    })),
    counts,
  };
}

export async function registerSyncApi(app: HttpApp, deps: { sync: SyncService; /** Where the statistics are read: the replica when the request allows it. */ reads: () => Db; clientTimeZone(clientId: string): Promise<string> }): Promise<void> {
  const callerOf = async (request: Parameters<typeof integrationClientOf>[0]): Promise<SessionCaller> => {
    const client = integrationClientOf(request);
    return { clientId: client.clientId, agencyCode: client.agencyCode, timeZone: await deps.clientTimeZone(client.clientId) };
  };
  // Batches go to the ingestion thread when the process has one (platform/http/offload.ts).
  const bulk = offloadLargeBodies(app, { vouch: vouchForCaller });
  const signed = { config: { csrf: false, signed: true }, bodyLimit: 64 * 1024 * 1024, ...(bulk ? { preParsing: [bulk] } : {}) };
  const tags = ['Status sync'];

  app.post(
    '/api/v1/sync/dossiers',
    {
      ...signed,
      schema: {
        tags,
        summary: 'Sync a batch of dossiers (up to 5,000)',
        description: `Signed (X-Egov-*). Items use English names mapped one to one onto the DVCQG fields (${Object.entries(DOSSIER_FIELDS).map(([a, b]) => `${a}=${b}`).join(', ')}); nested lists keep the DVCQG names. Dates: yyyyMMddHHmmss in the client's time zone, or ISO 8601 with an offset. Each item is written whole or not at all; a bad item never fails the others. An update older than the stored state (by its own event time) is not applied and is recorded (older_ignored).`,
        body: SyncBody('Dossiers with English field names'),
        response: { 200: Outcomes },
      },
    },
    async (request) => {
      const caller = await callerOf(request);
      const items = request.body.items.map((i) => toDvcqg(i, DOSSIER_FIELDS));
      return outcomesJson(await deps.sync.syncDossiers(caller, request.body.agency, request.body.mode ?? 'upsert', items), DOSSIER_FIELDS);
    },
  );

  app.post(
    '/api/v1/sync/progress',
    {
      ...signed,
      schema: {
        tags,
        summary: 'Sync a batch of progress entries (up to 5,000)',
        description: `Signed (X-Egov-*). Fields: ${Object.entries(PROGRESS_FIELDS).map(([a, b]) => `${a}=${b}`).join(', ')}. An entry sent again is a duplicate (one history entry); the dossier's status follows its newest entry.`,
        body: ProgressBody,
        response: { 200: Outcomes },
      },
    },
    async (request) => {
      const caller = await callerOf(request);
      const items = request.body.items.map((i) => toDvcqg(i, PROGRESS_FIELDS));
      return outcomesJson(await deps.sync.syncProgress(caller, request.body.agency, items), PROGRESS_FIELDS);
    },
  );

  app.get(
    '/api/v1/statistics/dossiers',
    {
      schema: {
        tags,
        summary: 'Dossier statistics by day, agency, procedure and status (public)',
        description: 'Dossiers that reached each status each day (in Vietnam), and of those finished (9 processed, 10 returned) how many on time and late. Up to 366 days a query.',
        querystring: Type.Object({
          from: Type.String({ format: 'date' }),
          to: Type.String({ format: 'date' }),
          agency: Type.Optional(Type.String({ maxLength: 35 })),
          procedure: Type.Optional(Type.String({ maxLength: 70 })),
        }),
      },
    },
    async (request) => {
      const { from, to, agency, procedure } = request.query;
      const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
      const rows = days >= 0 && days <= 366 ? await readStatistics(deps.reads(), { from, to, agency: agency?.toUpperCase(), procedureCode: procedure?.toUpperCase() }) : [];
      return { rows };
    },
  );
}
