import type { Disaggregation, Indicator, NarrativeSection } from './reporting.types.ts';

/**
 * Socio-economic indicators of the monthly reports of communes and provinces, written by us
 * after the indicator lists provinces publish (names as officials use them). Codes are ours.
 */
const SEX: Disaggregation = {
  code: 'sex',
  name: 'Giới tính',
  nameEn: 'Sex',
  options: [
    { code: 'male', name: 'Nam', nameEn: 'Male' },
    { code: 'female', name: 'Nữ', nameEn: 'Female' },
  ],
};
const AREA: Disaggregation = {
  code: 'area',
  name: 'Khu vực',
  nameEn: 'Area',
  options: [
    { code: 'urban', name: 'Thành thị', nameEn: 'Urban' },
    { code: 'rural', name: 'Nông thôn', nameEn: 'Rural' },
  ],
};

type Seed = Partial<Indicator> & Pick<Indicator, 'code' | 'name' | 'nameEn' | 'unit' | 'valueType' | 'aggregation'>;
const indicator = (seed: Seed): Indicator => ({ weightIndicator: null, formula: null, minValue: null, maxValue: null, disaggregation: [], ...seed });

export const SEED_INDICATORS: readonly Indicator[] = [
  indicator({ code: 'POPULATION', name: 'Dân số trung bình', nameEn: 'Average population', unit: 'người', valueType: 'integer', aggregation: 'SUM', minValue: 0, disaggregation: [SEX, AREA] }),
  indicator({ code: 'HOUSEHOLDS', name: 'Số hộ gia đình', nameEn: 'Households', unit: 'hộ', valueType: 'integer', aggregation: 'SUM', minValue: 0 }),
  indicator({ code: 'POOR_HOUSEHOLDS', name: 'Số hộ nghèo', nameEn: 'Poor households', unit: 'hộ', valueType: 'integer', aggregation: 'SUM', minValue: 0 }),
  indicator({ code: 'POVERTY_RATE', name: 'Tỷ lệ hộ nghèo', nameEn: 'Household poverty rate', unit: '%', valueType: 'percent', aggregation: 'FORMULA', formula: 'POOR_HOUSEHOLDS * 100 / HOUSEHOLDS' }),
  indicator({ code: 'GRDP', name: 'Tổng sản phẩm trên địa bàn (GRDP, giá hiện hành)', nameEn: 'Gross regional domestic product (current prices)', unit: 'tỷ đồng', valueType: 'decimal', aggregation: 'SUM', minValue: 0 }),
  indicator({ code: 'GRDP_GROWTH', name: 'Tốc độ tăng GRDP so với cùng kỳ', nameEn: 'GRDP growth year on year', unit: '%', valueType: 'decimal', aggregation: 'AVG', weightIndicator: 'GRDP', minValue: -50, maxValue: 100 }),
  indicator({ code: 'BUDGET_REVENUE', name: 'Thu ngân sách nhà nước trên địa bàn', nameEn: 'State budget revenue collected', unit: 'triệu đồng', valueType: 'decimal', aggregation: 'SUM', minValue: 0 }),
  indicator({ code: 'BUDGET_REVENUE_PLAN', name: 'Dự toán thu ngân sách được giao', nameEn: 'Budget revenue target', unit: 'triệu đồng', valueType: 'decimal', aggregation: 'SUM', minValue: 0 }),
  indicator({ code: 'BUDGET_EXECUTION', name: 'Tỷ lệ thực hiện dự toán thu ngân sách', nameEn: 'Budget revenue against target', unit: '%', valueType: 'percent', aggregation: 'FORMULA', formula: 'BUDGET_REVENUE * 100 / BUDGET_REVENUE_PLAN' }),
  indicator({ code: 'PUBLIC_INVESTMENT_DISBURSED', name: 'Vốn đầu tư công đã giải ngân', nameEn: 'Public investment disbursed', unit: 'triệu đồng', valueType: 'decimal', aggregation: 'SUM', minValue: 0 }),
  indicator({ code: 'EXPORTS', name: 'Kim ngạch xuất khẩu hàng hóa', nameEn: 'Merchandise exports', unit: 'nghìn USD', valueType: 'decimal', aggregation: 'SUM', minValue: 0 }),
  indicator({ code: 'RETAIL_SALES', name: 'Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng', nameEn: 'Retail sales of goods and consumer services', unit: 'triệu đồng', valueType: 'decimal', aggregation: 'SUM', minValue: 0 }),
  indicator({ code: 'NEW_ENTERPRISES', name: 'Số doanh nghiệp thành lập mới', nameEn: 'Newly registered enterprises', unit: 'doanh nghiệp', valueType: 'integer', aggregation: 'SUM', minValue: 0 }),
  indicator({ code: 'NEW_JOBS', name: 'Số lao động được tạo việc làm mới', nameEn: 'New jobs created', unit: 'người', valueType: 'integer', aggregation: 'SUM', minValue: 0, disaggregation: [SEX] }),
  indicator({ code: 'HEALTH_INSURANCE_COVERAGE', name: 'Tỷ lệ dân số tham gia bảo hiểm y tế', nameEn: 'Population covered by health insurance', unit: '%', valueType: 'percent', aggregation: 'AVG', weightIndicator: 'POPULATION' }),
  indicator({ code: 'DOSSIERS_RECEIVED', name: 'Số hồ sơ thủ tục hành chính tiếp nhận', nameEn: 'Administrative dossiers received', unit: 'hồ sơ', valueType: 'integer', aggregation: 'SUM', minValue: 0 }),
  indicator({ code: 'DOSSIERS_ON_TIME', name: 'Số hồ sơ giải quyết đúng hạn', nameEn: 'Dossiers settled on time', unit: 'hồ sơ', valueType: 'integer', aggregation: 'SUM', minValue: 0 }),
  indicator({ code: 'DOSSIERS_ON_TIME_RATE', name: 'Tỷ lệ hồ sơ giải quyết đúng hạn', nameEn: 'Dossiers settled on time (rate)', unit: '%', valueType: 'percent', aggregation: 'FORMULA', formula: 'DOSSIERS_ON_TIME * 100 / DOSSIERS_RECEIVED' }),
  indicator({ code: 'TRAFFIC_ACCIDENTS', name: 'Số vụ tai nạn giao thông', nameEn: 'Road traffic accidents', unit: 'vụ', valueType: 'integer', aggregation: 'SUM', minValue: 0 }),
  indicator({ code: 'MAX_DAILY_RAINFALL', name: 'Lượng mưa ngày lớn nhất', nameEn: 'Highest daily rainfall', unit: 'mm', valueType: 'decimal', aggregation: 'MAX', minValue: 0, maxValue: 1500 }),
  indicator({ code: 'LOWEST_TEMPERATURE', name: 'Nhiệt độ thấp nhất', nameEn: 'Lowest temperature', unit: '°C', valueType: 'decimal', aggregation: 'MIN', minValue: -10, maxValue: 45 }),
];

export const MONTHLY_REGIME_CODE = 'KTXH-THANG';

export const MONTHLY_REGIME_INDICATORS = [
  'POPULATION', 'HOUSEHOLDS', 'POOR_HOUSEHOLDS', 'POVERTY_RATE', 'BUDGET_REVENUE', 'BUDGET_REVENUE_PLAN', 'BUDGET_EXECUTION',
  'NEW_ENTERPRISES', 'NEW_JOBS', 'HEALTH_INSURANCE_COVERAGE', 'DOSSIERS_RECEIVED', 'DOSSIERS_ON_TIME', 'DOSSIERS_ON_TIME_RATE',
  'TRAFFIC_ACCIDENTS', 'MAX_DAILY_RAINFALL', 'LOWEST_TEMPERATURE',
];

export const MONTHLY_REGIME_SECTIONS: NarrativeSection[] = [
  { code: 'situation', title: 'Tình hình kinh tế - xã hội trong tháng', titleEn: 'Socio-economic situation in the month' },
  { code: 'difficulties', title: 'Khó khăn, vướng mắc', titleEn: 'Difficulties and obstacles' },
  { code: 'proposals', title: 'Kiến nghị, đề xuất', titleEn: 'Recommendations' },
];

export const MONTHLY_REGIME = {
  code: MONTHLY_REGIME_CODE,
  name: 'Báo cáo tình hình kinh tế - xã hội hằng tháng',
  nameEn: 'Monthly socio-economic report',
  legalBasis: 'Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ quy định về chế độ báo cáo của cơ quan hành chính nhà nước',
  frequency: 'monthly' as const,
  deadlineWorkingDays: 2,
  narrativeSections: MONTHLY_REGIME_SECTIONS,
  rules: [
    { kind: 'lte' as const, left: 'POOR_HOUSEHOLDS', right: 'HOUSEHOLDS' },
    { kind: 'lte' as const, left: 'DOSSIERS_ON_TIME', right: 'DOSSIERS_RECEIVED' },
  ],
  indicators: MONTHLY_REGIME_INDICATORS,
};
