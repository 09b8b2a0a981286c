import { defineMessages } from '../platform/i18n/index.ts';
import type { Bilingual } from './web.capabilities.ts';

export const webMessages = defineMessages(
  {
    homeTitle: 'Trang chủ',
    heroTitle: 'Dịch vụ công trực tuyến cho người dân và doanh nghiệp',
    heroLead: 'Tra cứu thủ tục hành chính, nộp hồ sơ trực tuyến và theo dõi hồ sơ của bạn ở một nơi, mọi lúc, trên mọi thiết bị.',
    searchLabel: 'Tìm dịch vụ công',
    searchHint: 'Ví dụ: khai sinh, lý lịch tư pháp, giấy phép lái xe',
    searchButton: 'Tìm kiếm',
    greeting: 'Xin chào, {name}.',
    myAccount: 'Tài khoản của tôi',
    popularTitle: 'Dịch vụ công được quan tâm',
    howTitle: 'Cách thực hiện',
    howStep1Title: 'Tìm thủ tục',
    howStep1: 'Tìm thủ tục theo tên hoặc lĩnh vực; xem thành phần hồ sơ, thời hạn giải quyết, phí và lệ phí.',
    howStep2Title: 'Đăng ký tài khoản',
    howStep2: 'Đăng ký bằng số định danh cá nhân, hoặc mã số thuế nếu là doanh nghiệp, rồi xác nhận qua thư điện tử.',
    howStep3Title: 'Nộp hồ sơ',
    howStep3: 'Điền tờ khai, tải lên giấy tờ rồi nộp; hồ sơ được lưu nháp sau mỗi bước. Nộp xong, bạn nhận ngay mã hồ sơ và giấy tiếp nhận có mã QR.',
    howStep4Title: 'Theo dõi hồ sơ',
    howStep4: 'Tra cứu tình trạng hồ sơ bằng mã hồ sơ, hoặc xem mọi hồ sơ của bạn ở mục “Hồ sơ của tôi”.',
    plannedNoticeTitle: 'Nền tảng đang được xây dựng',
    plannedNotice:
      'Thanh toán phí, lệ phí trực tuyến chưa có; hồ sơ liên thông giữa nhiều cơ quan chưa được xử lý trên hệ thống này.',
    plannedNoticeLink: 'Xem những gì đã hoạt động và những gì đang xây dựng',
    officialsTitle: 'Dành cho cán bộ, công chức',
    officialsText: 'Cán bộ, công chức đăng nhập bằng tài khoản công vụ để xem hồ sơ nộp đến cơ quan mình, gửi và nhận văn bản điện tử, cập nhật thủ tục hành chính, tùy theo vai trò được giao.',
    officialsLink: 'Đăng nhập tài khoản công vụ',
    aboutLink: 'Tìm hiểu về nền tảng',

    aboutTitle: 'Giới thiệu',
    aboutLead:
      'egov là nền tảng Chính phủ điện tử mã nguồn mở, phục vụ người dân, doanh nghiệp và cơ quan nhà nước. Nền tảng được xây dựng dần từng phần: dưới đây là những gì đã dùng được và những gì còn đang làm.',
    aboutMotto: 'Sự hài lòng của người dân, doanh nghiệp là thước đo chất lượng phục vụ.',
    worksTitle: 'Đã hoạt động',
    plannedTitle: 'Đang xây dựng, chưa sử dụng được',
    plannedLead: 'Các phần dưới đây chưa có trên nền tảng. Mỗi phần sẽ được chuyển lên danh sách “Đã hoạt động” khi dùng được.',
    openSourceTitle: 'Mã nguồn mở',
    openSourceText:
      'Mã nguồn được công bố theo giấy phép AGPL-3.0. Giao diện lập trình (API) được mô tả theo chuẩn OpenAPI.',
    apiDocs: 'Tài liệu API',
  },
  {
    homeTitle: 'Home',
    heroTitle: 'Online public services for citizens and businesses',
    heroLead: 'Look up administrative procedures, apply online and follow your dossiers in one place, any time, on any device.',
    searchLabel: 'Search public services',
    searchHint: 'For example: birth, criminal record, driving licence',
    searchButton: 'Search',
    greeting: 'Hello, {name}.',
    myAccount: 'My account',
    popularTitle: 'Popular services',
    howTitle: 'How it works',
    howStep1Title: 'Find a procedure',
    howStep1: 'Find a procedure by name or field; see the documents needed, the processing time and the fees.',
    howStep2Title: 'Create an account',
    howStep2: 'Register with your personal identification number, or your tax code for a business, and confirm your e-mail address.',
    howStep3Title: 'Apply',
    howStep3: 'Fill in the form, upload your documents and submit; your application is saved as a draft after each step. Once it is filed you get a dossier code and a receipt with a QR code.',
    howStep4Title: 'Follow your dossier',
    howStep4: 'Look up the status of a dossier with its code, or see all your dossiers under “My dossiers”.',
    plannedNoticeTitle: 'The platform is being built',
    plannedNotice:
      'Paying fees online is not available yet; dossiers handed between several agencies are not processed on this system yet.',
    plannedNoticeLink: 'See what works and what is being built',
    officialsTitle: 'For public officials',
    officialsText: 'Officials log in with their official account to see the dossiers filed with their agency, send and receive official documents and update administrative procedures, depending on their roles.',
    officialsLink: 'Log in with an official account',
    aboutLink: 'About the platform',

    aboutTitle: 'About',
    aboutLead:
      'egov is an open-source e-Government platform serving citizens, businesses and public bodies. It is built part by part: here is what can be used today and what is still being built.',
    aboutMotto: 'The satisfaction of citizens and businesses is the yardstick of our service.',
    worksTitle: 'What works',
    plannedTitle: 'Being built, not available yet',
    plannedLead: 'The parts below do not exist on the platform yet. Each moves to “What works” when it can be used.',
    openSourceTitle: 'Open source',
    openSourceText: 'The source code is published under the AGPL-3.0 licence. The programming interface (API) is described with OpenAPI.',
    apiDocs: 'API documentation',
  },
);

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
