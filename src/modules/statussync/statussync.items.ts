import { createHash } from 'node:crypto';
import type { SyncedDossier, SyncedProgress } from '../dossiers/index.ts';
import { parseLocalTimestamp } from './local-time.ts';

/**
 * Reading the items one-stop systems send (DVCQG names: ../shared/fixtures/dvcqg/README.md
 * §4–5) into what the dossier store writes. Lenient where real clients differ — every scalar
 * a string or a number, empty as "", null or absent, nested lists and unknown fields kept as
 * sent — and strict where the store needs a value: each problem names the item and the field.
 */

export type ProblemKind = 'missing' | 'format' | 'date' | 'too_long' | 'not_object';

export interface ItemProblem {
  /** The DVCQG field name (the REST API shows its English name). */
  field: string;
  kind: ProblemKind;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; problems: ItemProblem[] };

/** Per-item limits: a value longer than these is refused, never cut. */
export const ITEM_LIMITS = {
  /** JSON of one item, nested lists included. */
  itemBytes: 256 * 1024,
  name: 1000,
  text: 4000,
};

// The store's code rule (dossiers_code_format).
const CODE = /^[0-9A-Z.]{1,35}-[0-9]{6}-[0-9]{4,}$/;
// ID numbers (9 or 12 digits) and tax codes (10 or 13 digits, or 10-3): what "my dossiers" matches on.
const IDENTIFIER = /^(\d{9}|\d{10}|\d{12}|\d{13}|\d{10}-\d{3})$/;
// The placeholder S7 sends when it knows no identifier.
const PLACEHOLDER_IDENTIFIERS = new Set(['000000001']);

/** A scalar as text: strings trimmed, numbers as written; "", null and absent are all undefined. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return undefined;
}

function reader(item: Record<string, unknown>, timeZone: string, problems: ItemProblem[]) {
  const str = (field: string, max: number, required = false): string | undefined => {
    const value = text(item[field]);
    if (value === undefined) {
      if (required) problems.push({ field, kind: 'missing' });
      return undefined;
    }
    if (value.length > max) problems.push({ field, kind: 'too_long' });
    return value;
  };
  const int = (field: string, min: number, max: number, required: boolean): number | undefined => {
    const value = str(field, 10, required);
    if (value === undefined) return undefined;
    const n = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) {
      problems.push({ field, kind: 'format' });
      return undefined;
    }
    return n;
  };
  const date = (field: string, required = false): Date | undefined => {
    const value = str(field, 40, required);
    if (value === undefined) return undefined;
    const at = parseLocalTimestamp(value, timeZone);
    if (at === undefined) problems.push({ field, kind: 'date' });
    return at;
  };
  return { str, int, date };
}

function codeOf(item: Record<string, unknown>, field: string, problems: ItemProblem[]): string {
  const raw = text(item[field]);
  if (raw === undefined) {
    problems.push({ field, kind: 'missing' });
    return '';
  }
  const code = raw.toUpperCase();
  if (!CODE.test(code)) problems.push({ field, kind: 'format' });
  return code;
}

/** The item's JSON (its size checked), or undefined when the item is not an object. */
function sizedJson(item: unknown, problems: ItemProblem[]): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push({ field: '', kind: 'not_object' });
    return undefined;
  }
  const json = JSON.stringify(item);
  if (Buffer.byteLength(json) > ITEM_LIMITS.itemBytes) problems.push({ field: '', kind: 'too_long' });
  return json;
}

/** The applicant's ID number or tax code, from the fields that may carry it, best first. */
function identifierOf(item: Record<string, unknown>): string {
  const candidates: unknown[] = [item.SoGiayToChuHoSo];
  if (Array.isArray(item.DinhDanhCHS)) for (const d of item.DinhDanhCHS) if (d && typeof d === 'object') candidates.push((d as Record<string, unknown>).SoDinhDanh);
  candidates.push(item.MaDoiTuong);
  for (const candidate of candidates) {
    const value = text(candidate)?.replace(/\s/g, '');
    if (value && IDENTIFIER.test(value) && !PLACEHOLDER_IDENTIFIERS.has(value)) return value;
  }
  return '';
}

function phoneLast4(...values: unknown[]): string | null {
  for (const value of values) {
    const digits = (text(value) ?? '').replace(/\D/g, '');
    if (digits.length >= 4) return digits.slice(-4);
  }
  return null;
}

const latest = (dates: (Date | undefined)[]): Date | undefined => dates.reduce<Date | undefined>((a, b) => (b !== undefined && (a === undefined || b > a) ? b : a), undefined);

/** A DongBoHoSoMC item for the receiving agency `agency`, its dates read in `timeZone`. */
export function readDossierItem(raw: unknown, agency: string, timeZone: string): Parsed<SyncedDossier> {
  const problems: ItemProblem[] = [];
  const json = sizedJson(raw, problems);
  if (json === undefined) return { ok: false, code: '', problems };
  const item = raw as Record<string, unknown>;
  const { str, int, date } = reader(item, timeZone, problems);
  const code = codeOf(item, 'MaHoSo', problems);
  const procedureCode = str('MaTTHC', 60, true)?.toUpperCase();
  const procedureName = str('TenTTHC', ITEM_LIMITS.name);
  const applicantName = str('ChuHoSo', ITEM_LIMITS.name, true);
  const applicantKind = int('LoaiDoiTuong', 1, 4, false) ?? 1;
  const status = int('TrangThaiHoSo', 1, 10, true);
  const receivedAt = date('NgayTiepNhan', true);
  const dueAt = date('NgayHenTra');
  const outcomeDates = [date('NgayTra'), date('NgayKetThucXuLy'), date('NgayTuChoi')];
  date('NgayNopHoSo');
  const email = str('Email', 320);
  const handledBy = str('DonViXuLy', ITEM_LIMITS.name);
  str('TrichYeuHoSo', ITEM_LIMITS.text);
  if (problems.length > 0 || procedureCode === undefined || applicantName === undefined || status === undefined || receivedAt === undefined) return { ok: false, code, problems };
  const stateAt = latest([receivedAt, ...outcomeDates]) ?? receivedAt;
  return {
    ok: true,
    value: {
      code,
      procedureCode,
      procedureName: procedureName ?? procedureCode,
      applicantKind,
      applicantIdentifier: identifierOf(item),
      applicantName,
      applicantPhoneLast4: phoneLast4(item.SoDienThoai, item.Fax),
      applicantEmail: email ?? null,
      receivingAgency: agency,
      status,
      receivedAt,
      dueAt: dueAt ?? null,
      stateAt,
      handledBy: handledBy ?? null,
      original: item,
      originalJson: json,
      contentHash: createHash('sha256').update(agency).update('\n').update(json).digest('hex'),
    },
  };
}

/** A CapNhatTienDoHoSoMC item. */
export function readProgressItem(raw: unknown, timeZone: string): Parsed<SyncedProgress> {
  const problems: ItemProblem[] = [];
  if (sizedJson(raw, problems) === undefined) return { ok: false, code: '', problems };
  const item = raw as Record<string, unknown>;
  const { str, int, date } = reader(item, timeZone, problems);
  const code = codeOf(item, 'MaHoSo', problems);
  const status = int('TrangThai', 1, 10, true);
  const at = date('ThoiDiemXuLy', true);
  const byName = str('NguoiXuLy', ITEM_LIMITS.name);
  const byPosition = str('ChucDanh', ITEM_LIMITS.name);
  const unitName = str('PhongBanXuLy', ITEM_LIMITS.name);
  const note = str('NoiDungXuLy', ITEM_LIMITS.text);
  const stepStartedAt = date('NgayBatDau');
  const stepDueAt = date('NgayKetThucTheoQuyDinh');
  if (problems.length > 0 || status === undefined || at === undefined) return { ok: false, code, problems };
  // The same step sent again (history is resent whole) has the same key.
  const key = `p:${createHash('sha256').update([at.toISOString(), status, byName ?? '', note ?? '', unitName ?? ''].join('\n')).digest('hex').slice(0, 32)}`;
  return {
    ok: true,
    value: { code, status, at, byName: byName ?? null, byPosition: byPosition ?? null, unitName: unitName ?? null, note: note ?? null, stepStartedAt: stepStartedAt ?? null, stepDueAt: stepDueAt ?? null, key },
  };
}
