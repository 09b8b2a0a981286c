import path from 'node:path';
/**
 * Seed data for the agency directory. Provinces themselves are reference data inserted by
 * migration 0002; communes come from the official table shipped in fixtures/ (OFFICIAL_COMMUNES_FILE).
 *
 * How sure we are of each code, honestly:
 * - Central bodies (G codes): as listed in DOMAIN.md §1 from QĐ 20/2020 as amended.
 * - Provincial People's Committees (H codes): DOMAIN.md confirms H14, H20, H29, H38, H41,
 *   H49, H55, H56, H57. For the other 25 provinces we use the pre-2025 H code of the
 *   province whose name survived the 2025 merger. Those pre-2025 codes were numbered in
 *   Vietnamese alphabetical order of the 63 provinces (every confirmed code fits that
 *   order), but nothing published tells us the codes were kept after the merger, so they
 *   are seeded with `codeConfirmed: false` and shown as unconfirmed. Hà Nội (H24 by the
 *   alphabetical order) is explicitly unconfirmed in DOMAIN.md.
 * - Departments and ward committees under Quảng Ninh and Hồ Chí Minh City are DEMO data: real
 *   names, invented unit numbers (`isDemo: true`); each ward committee names its ward by its
 *   official code (06685 Hồng Gai, 06673 Bãi Cháy, 06994 Vân Đồn, 26740 Sài Gòn, 26743 Bến Thành).
 */

export interface SeedAgency {
  code: string;
  name: string;
  nameEn: string | null;
  provinceCode: string | null;
  communeCode?: string;
  codeConfirmed: boolean;
  isDemo: boolean;
}

export const GOVERNMENT_OFFICE_CODE = '000.00.00.G22';

const CENTRAL_BODIES: [string, string, string][] = [
  ['G01', 'Bộ Công an', 'Ministry of Public Security'],
  ['G02', 'Bộ Công Thương', 'Ministry of Industry and Trade'],
  ['G03', 'Bộ Giáo dục và Đào tạo', 'Ministry of Education and Training'],
  ['G06', 'Bộ Khoa học và Công nghệ', 'Ministry of Science and Technology'],
  ['G08', 'Bộ Ngoại giao', 'Ministry of Foreign Affairs'],
  ['G09', 'Bộ Nội vụ', 'Ministry of Home Affairs'],
  ['G10', 'Bộ Nông nghiệp và Môi trường', 'Ministry of Agriculture and Environment'],
  ['G11', 'Bộ Quốc phòng', 'Ministry of National Defence'],
  ['G12', 'Bộ Tài chính', 'Ministry of Finance'],
  ['G15', 'Bộ Tư pháp', 'Ministry of Justice'],
  ['G16', 'Bộ Văn hóa, Thể thao và Du lịch', 'Ministry of Culture, Sports and Tourism'],
  ['G17', 'Bộ Xây dựng', 'Ministry of Construction'],
  ['G18', 'Bộ Y tế', 'Ministry of Health'],
  ['G19', 'Ngân hàng Nhà nước Việt Nam', 'State Bank of Vietnam'],
  ['G20', 'Thanh tra Chính phủ', 'Government Inspectorate'],
  ['G21', 'Bộ Dân tộc và Tôn giáo', 'Ministry of Ethnic and Religious Affairs'],
  ['G22', 'Văn phòng Chính phủ', 'Government Office'],
];

/**
 * Province code → [H code, confirmed, name as written after "Ủy ban nhân dân",
 * English name]. Centrally-run cities are written "thành phố …", the others "tỉnh …".
 */
const PROVINCIAL_COMMITTEES: Record<string, [string, boolean, string, string]> = {
  '01': ['H24', false, 'thành phố Hà Nội', 'Hà Nội'],
  '04': ['H14', true, 'tỉnh Cao Bằng', 'Cao Bằng Province'],
  '08': ['H60', false, 'tỉnh Tuyên Quang', 'Tuyên Quang Province'],
  '11': ['H18', false, 'tỉnh Điện Biên', 'Điện Biên Province'],
  '12': ['H35', false, 'tỉnh Lai Châu', 'Lai Châu Province'],
  '14': ['H52', false, 'tỉnh Sơn La', 'Sơn La Province'],
  '15': ['H38', true, 'tỉnh Lào Cai', 'Lào Cai Province'],
  '19': ['H55', true, 'tỉnh Thái Nguyên', 'Thái Nguyên Province'],
  '20': ['H37', false, 'tỉnh Lạng Sơn', 'Lạng Sơn Province'],
  '22': ['H49', true, 'tỉnh Quảng Ninh', 'Quảng Ninh Province'],
  '24': ['H06', false, 'tỉnh Bắc Ninh', 'Bắc Ninh Province'],
  '25': ['H44', false, 'tỉnh Phú Thọ', 'Phú Thọ Province'],
  '31': ['H27', false, 'thành phố Hải Phòng', 'Hải Phòng City'],
  '33': ['H31', false, 'tỉnh Hưng Yên', 'Hưng Yên Province'],
  '37': ['H42', false, 'tỉnh Ninh Bình', 'Ninh Bình Province'],
  '38': ['H56', true, 'tỉnh Thanh Hóa', 'Thanh Hóa Province'],
  '40': ['H41', true, 'tỉnh Nghệ An', 'Nghệ An Province'],
  '42': ['H25', false, 'tỉnh Hà Tĩnh', 'Hà Tĩnh Province'],
  '44': ['H50', false, 'tỉnh Quảng Trị', 'Quảng Trị Province'],
  '46': ['H57', true, 'thành phố Huế', 'Huế City'],
  '48': ['H15', false, 'thành phố Đà Nẵng', 'Đà Nẵng City'],
  '51': ['H48', false, 'tỉnh Quảng Ngãi', 'Quảng Ngãi Province'],
  '52': ['H21', false, 'tỉnh Gia Lai', 'Gia Lai Province'],
  '56': ['H32', false, 'tỉnh Khánh Hòa', 'Khánh Hòa Province'],
  '66': ['H16', false, 'tỉnh Đắk Lắk', 'Đắk Lắk Province'],
  '68': ['H36', false, 'tỉnh Lâm Đồng', 'Lâm Đồng Province'],
  '75': ['H19', false, 'tỉnh Đồng Nai', 'Đồng Nai Province'],
  '79': ['H29', true, 'Thành phố Hồ Chí Minh', 'Hồ Chí Minh City'],
  '80': ['H53', false, 'tỉnh Tây Ninh', 'Tây Ninh Province'],
  '82': ['H20', true, 'tỉnh Đồng Tháp', 'Đồng Tháp Province'],
  '86': ['H61', false, 'tỉnh Vĩnh Long', 'Vĩnh Long Province'],
  '91': ['H01', false, 'tỉnh An Giang', 'An Giang Province'],
  '92': ['H13', false, 'thành phố Cần Thơ', 'Cần Thơ City'],
  '96': ['H12', false, 'tỉnh Cà Mau', 'Cà Mau Province'],
};

/** The People's Committee code of a province, e.g. `000.00.00.H49` for `22`. */
export function provincialCommitteeCode(provinceCode: string): string | undefined {
  const entry = PROVINCIAL_COMMITTEES[provinceCode];
  return entry ? `000.00.00.${entry[0]}` : undefined;
}

function referenceAgencies(): SeedAgency[] {
  const central = CENTRAL_BODIES.map(([level1, name, nameEn]) => ({
    code: `000.00.00.${level1}`,
    name,
    nameEn,
    provinceCode: null,
    codeConfirmed: true,
    isDemo: false,
  }));
  const provincial = Object.entries(PROVINCIAL_COMMITTEES).map(([provinceCode, [level1, confirmed, unitName, nameEn]]) => ({
    code: `000.00.00.${level1}`,
    name: `Ủy ban nhân dân ${unitName}`,
    nameEn: `${nameEn} People's Committee`,
    provinceCode,
    codeConfirmed: confirmed,
    isDemo: false,
  }));
  return [...central, ...provincial];
}

/** Demo units. Numbers below the level-1 body are invented (see the file comment). */
export const DEMO_AGENCY_CODES = {
  quangNinhJustice: '000.00.01.H49',
  quangNinhConstruction: '000.00.02.H49',
  quangNinhPolice: '000.00.03.H49',
  quangNinhServiceCentre: '000.00.04.H49',
  quangNinhNotaryOffice1: '000.01.01.H49',
  hcmcJustice: '000.00.01.H29',
  hcmcConstruction: '000.00.02.H29',
  hcmcPolice: '000.00.03.H29',
} as const;

type DemoUnit = [code: string, name: string, nameEn: string, communeCode?: string];

const DEMO_UNITS: Record<'22' | '79', DemoUnit[]> = {
  '22': [
    [DEMO_AGENCY_CODES.quangNinhJustice, 'Sở Tư pháp tỉnh Quảng Ninh', 'Quảng Ninh Department of Justice'],
    [DEMO_AGENCY_CODES.quangNinhConstruction, 'Sở Xây dựng tỉnh Quảng Ninh', 'Quảng Ninh Department of Construction'],
    [DEMO_AGENCY_CODES.quangNinhPolice, 'Công an tỉnh Quảng Ninh', 'Quảng Ninh Provincial Police'],
    [DEMO_AGENCY_CODES.quangNinhServiceCentre, 'Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh', 'Quảng Ninh Public Administration Service Centre'],
    [DEMO_AGENCY_CODES.quangNinhNotaryOffice1, 'Phòng Công chứng số 1 tỉnh Quảng Ninh', 'Quảng Ninh Notary Office No. 1'],
    ['000.00.51.H49', 'Ủy ban nhân dân phường Hồng Gai', 'Hồng Gai Ward People\'s Committee', '06685'],
    ['000.00.52.H49', 'Ủy ban nhân dân phường Bãi Cháy', 'Bãi Cháy Ward People\'s Committee', '06673'],
    ['000.00.53.H49', 'Ủy ban nhân dân đặc khu Vân Đồn', 'Vân Đồn Special Zone People\'s Committee', '06994'],
  ],
  '79': [
    [DEMO_AGENCY_CODES.hcmcJustice, 'Sở Tư pháp Thành phố Hồ Chí Minh', 'Hồ Chí Minh City Department of Justice'],
    [DEMO_AGENCY_CODES.hcmcConstruction, 'Sở Xây dựng Thành phố Hồ Chí Minh', 'Hồ Chí Minh City Department of Construction'],
    [DEMO_AGENCY_CODES.hcmcPolice, 'Công an Thành phố Hồ Chí Minh', 'Hồ Chí Minh City Police'],
    ['000.00.51.H29', 'Ủy ban nhân dân phường Sài Gòn', 'Sài Gòn Ward People\'s Committee', '26740'],
    ['000.00.52.H29', 'Ủy ban nhân dân phường Bến Thành', 'Bến Thành Ward People\'s Committee', '26743'],
  ],
};

/**
 * The official table of the 3,321 communes, wards and special zones from 1 July 2025 (codes of
 * Official Letter 1027/CTK-CSCL; ../shared/fixtures/units/README.md), shipped with the project
 * and loaded by every seed, demo or production: an import of a later table adds, renames and
 * retires by code (`egov import units --retire-missing`).
 */
export const OFFICIAL_COMMUNES_FILE = path.join(import.meta.dirname, 'fixtures', 'communes-2025.csv');

function demoAgencies(): SeedAgency[] {
  return Object.entries(DEMO_UNITS).flatMap(([provinceCode, units]) =>
    units.map(([code, name, nameEn, communeCode]) => ({
      code,
      name,
      nameEn,
      provinceCode,
      ...(communeCode ? { communeCode } : {}),
      codeConfirmed: false,
      isDemo: true,
    })),
  );
}

export const SEED_AGENCIES: readonly SeedAgency[] = [...referenceAgencies(), ...demoAgencies()];
