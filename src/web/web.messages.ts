import { defineMessages } from '../platform/i18n/index.ts';

export const webMessages = defineMessages(
  {
    homeTitle: 'Trang chủ',
    heroTitle: 'Dịch vụ công trực tuyến cho người dân và doanh nghiệp',
    heroLead: 'Tra cứu thủ tục hành chính, nộp hồ sơ, thanh toán lệ phí và nhận kết quả ở một nơi, mọi lúc, trên mọi thiết bị.',
    searchLabel: 'Tìm dịch vụ công',
    searchHint: 'Ví dụ: khai sinh, lý lịch tư pháp, giấy phép lái xe',
    searchButton: 'Tìm kiếm',
    greeting: 'Xin chào, {name}.',
    myAccount: 'Tài khoản của tôi',
    popularTitle: 'Dịch vụ công được quan tâm',
    howTitle: 'Cách thực hiện',
    howStep1Title: 'Tìm dịch vụ',
    howStep1: 'Tìm thủ tục theo tên hoặc lĩnh vực; xem thành phần hồ sơ, thời hạn giải quyết và lệ phí.',
    howStep2Title: 'Đăng nhập',
    howStep2: 'Đăng ký tài khoản bằng số định danh cá nhân, hoặc mã số thuế nếu là doanh nghiệp.',
    howStep3Title: 'Nộp hồ sơ',
    howStep3: 'Điền tờ khai, đính kèm giấy tờ và thanh toán phí, lệ phí trực tuyến.',
    howStep4Title: 'Nhận kết quả',
    howStep4: 'Theo dõi tiến độ bằng mã hồ sơ; nhận kết quả điện tử hoặc tại bộ phận một cửa.',
    officialsTitle: 'Dành cho cán bộ, công chức',
    officialsText: 'Cán bộ tiếp nhận và xử lý hồ sơ đăng nhập bằng tài khoản công vụ để vào trang quản trị nghiệp vụ.',
    officialsLink: 'Đăng nhập tài khoản công vụ',
    aboutLink: 'Tìm hiểu về nền tảng',


    aboutTitle: 'Giới thiệu',
    aboutLead:
      'egov là nền tảng Chính phủ điện tử mã nguồn mở, gồm các hệ thống kết nối với nhau phục vụ người dân, doanh nghiệp và cơ quan nhà nước. Các hệ thống đang được xây dựng dần theo từng giai đoạn.',
    aboutMotto: 'Sự hài lòng của người dân, doanh nghiệp là thước đo chất lượng phục vụ.',
    systemsTitle: 'Các hệ thống của nền tảng',
    otherLanguageName: 'Tên tiếng Anh',
    openSourceTitle: 'Mã nguồn mở',
    openSourceText:
      'Mã nguồn được công bố theo giấy phép AGPL-3.0. Giao diện lập trình (API) được mô tả theo chuẩn OpenAPI.',
    apiDocs: 'Tài liệu API',
  },
  {
    homeTitle: 'Home',
    heroTitle: 'Online public services for citizens and businesses',
    heroLead: 'Look up administrative procedures, file applications, pay fees and receive results in one place, any time, on any device.',
    searchLabel: 'Search public services',
    searchHint: 'For example: birth, criminal record, driving licence',
    searchButton: 'Search',
    greeting: 'Hello, {name}.',
    myAccount: 'My account',
    popularTitle: 'Popular services',
    howTitle: 'How it works',
    howStep1Title: 'Find a service',
    howStep1: 'Find a procedure by name or field; see the documents needed, the processing time and the fees.',
    howStep2Title: 'Log in',
    howStep2: 'Register with your personal identification number, or your tax code for a business.',
    howStep3Title: 'Apply',
    howStep3: 'Fill in the form, attach your documents and pay the fees online.',
    howStep4Title: 'Get the result',
    howStep4: 'Follow progress with your dossier code; receive the result electronically or at the one-stop desk.',
    officialsTitle: 'For public officials',
    officialsText: 'Officials who receive and process applications log in with their official account to reach the back office.',
    officialsLink: 'Log in with an official account',
    aboutLink: 'About the platform',


    aboutTitle: 'About',
    aboutLead:
      'egov is an open-source e-Government platform: a set of connected systems serving citizens, businesses and public bodies. The systems are being built step by step.',
    aboutMotto: 'The satisfaction of citizens and businesses is the yardstick of our service.',
    systemsTitle: 'The systems of the platform',
    otherLanguageName: 'Vietnamese name',
    openSourceTitle: 'Open source',
    openSourceText: 'The source code is published under the AGPL-3.0 licence. The programming interface (API) is described with OpenAPI.',
    apiDocs: 'API documentation',
  },
);

/** Names shown in both languages whatever the page language (a proper name has two official forms). */
export interface Bilingual {
  vi: string;
  en: string;
}

export interface PlatformSystem {
  key: string;
  name: Bilingual;
  summary: Bilingual;
}

/** The systems of the platform, in the order of DOMAIN.md. */
export const PLATFORM_SYSTEMS: readonly PlatformSystem[] = [
  {
    key: 'portal',
    name: { vi: 'Cổng Dịch vụ công quốc gia', en: 'National Public Service Portal' },
    summary: {
      vi: 'Nơi người dân, doanh nghiệp tra cứu thủ tục hành chính, nộp hồ sơ trực tuyến, thanh toán phí, lệ phí và theo dõi kết quả.',
      en: 'Where citizens and businesses look up administrative procedures, apply online, pay fees and follow their applications.',
    },
  },
  {
    key: 'one-stop',
    name: { vi: 'Hệ thống thông tin giải quyết thủ tục hành chính (Một cửa điện tử)', en: 'One-stop-shop back offices of ministries and provinces' },
    summary: {
      vi: 'Bộ phận một cửa của bộ, ngành, địa phương tiếp nhận, xử lý hồ sơ và đồng bộ trạng thái hồ sơ lên Cổng.',
      en: 'Ministries and provinces receive and process applications and report their status to the portal.',
    },
  },
  {
    key: 'exchange',
    name: { vi: 'Trục liên thông văn bản quốc gia', en: 'National Document Exchange Axis' },
    summary: {
      vi: 'Gửi, nhận văn bản điện tử giữa các cơ quan nhà nước theo chuẩn edXML.',
      en: 'Carries official electronic documents between public bodies in the edXML format.',
    },
  },
  {
    key: 'cabinet',
    name: { vi: 'Hệ thống thông tin phục vụ họp và xử lý công việc của Chính phủ (e-Cabinet)', en: 'e-Cabinet: Government meetings and decisions' },
    summary: {
      vi: 'Phiên họp Chính phủ không giấy, lấy ý kiến thành viên Chính phủ và biểu quyết điện tử.',
      en: 'Paperless Government sessions, opinion polls of Government members and electronic voting.',
    },
  },
  {
    key: 'reporting',
    name: { vi: 'Hệ thống thông tin báo cáo Chính phủ', en: 'Government Reporting System' },
    summary: {
      vi: 'Tiếp nhận báo cáo định kỳ và chỉ tiêu kinh tế – xã hội từ các bộ, ngành, địa phương.',
      en: 'Collects periodic reports and socio-economic indicators from ministries and provinces.',
    },
  },
  {
    key: 'operations',
    name: { vi: 'Trung tâm thông tin, chỉ đạo điều hành', en: 'Information and Operations Center' },
    summary: {
      vi: 'Bảng điều khiển trực quan phục vụ chỉ đạo, điều hành của Chính phủ, Thủ tướng Chính phủ.',
      en: 'Live dashboards for the direction and operation of the Government and the Prime Minister.',
    },
  },
  {
    key: 'tasks',
    name: { vi: 'Hệ thống theo dõi, đánh giá thực hiện nhiệm vụ', en: 'Task monitoring and evaluation' },
    summary: {
      vi: 'Theo dõi nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao cho các bộ, ngành, địa phương và đánh giá kết quả thực hiện.',
      en: 'Follows the tasks the Government and the Prime Minister assign to ministries and provinces, and evaluates their delivery.',
    },
  },
  {
    key: 'reform',
    name: { vi: 'Hệ thống cắt giảm, đơn giản hóa quy định kinh doanh', en: 'Regulation reform' },
    summary: {
      vi: 'Rà soát, cắt giảm điều kiện kinh doanh và thủ tục kiểm tra chuyên ngành; đo chi phí tuân thủ.',
      en: 'Reviews and cuts business conditions and specialised inspections, and measures compliance costs.',
    },
  },
];

export interface PopularService {
  /** The Vietnamese name doubles as the search query: the catalogue is Vietnamese. */
  name: Bilingual;
  field: Bilingual;
}

export const POPULAR_SERVICES: readonly PopularService[] = [
  { name: { vi: 'Đăng ký khai sinh', en: 'Birth registration' }, field: { vi: 'Hộ tịch', en: 'Civil status' } },
  { name: { vi: 'Cấp phiếu lý lịch tư pháp', en: 'Criminal record certificate' }, field: { vi: 'Lý lịch tư pháp', en: 'Judicial records' } },
  { name: { vi: 'Đăng ký thường trú', en: 'Permanent residence registration' }, field: { vi: 'Cư trú', en: 'Residence' } },
  { name: { vi: 'Cấp đổi giấy phép lái xe', en: 'Driving licence renewal' }, field: { vi: 'Giao thông', en: 'Road transport' } },
  { name: { vi: 'Đăng ký hộ kinh doanh', en: 'Household business registration' }, field: { vi: 'Kinh doanh', en: 'Business' } },
  { name: { vi: 'Cấp giấy phép xây dựng', en: 'Building permit' }, field: { vi: 'Xây dựng', en: 'Construction' } },
];
