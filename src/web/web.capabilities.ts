/**
 * What the platform can do today, and what is planned, as the About page shows it (the
 * README says the same). Only what works goes into WORKS_TODAY: a module adds its line when
 * it works, and takes its entry out of PLANNED in the same change, never before.
 */

/** Text in both languages; the page shows the one of its language. */
export interface Bilingual {
  vi: string;
  en: string;
}

export interface Capability {
  key: string;
  title: Bilingual;
  summary: Bilingual;
  /** A public page where it can be used. */
  link?: { href: string; label: Bilingual };
}

export const WORKS_TODAY: readonly Capability[] = [
  {
    key: 'catalog',
    title: { vi: 'Cơ sở dữ liệu thủ tục hành chính', en: 'Catalogue of administrative procedures' },
    summary: {
      vi: 'Tìm thủ tục theo tên, mã hoặc lĩnh vực, gõ có dấu hay không dấu đều được; mỗi thủ tục ghi rõ thành phần hồ sơ, thời hạn giải quyết, phí, lệ phí và nơi tiếp nhận.',
      en: 'Search procedures by name, code or field, with or without Vietnamese accents; each procedure shows the documents to submit, the processing time, the fees and where to apply.',
    },
    link: { href: '/procedures', label: { vi: 'Tra cứu thủ tục', en: 'Search procedures' } },
  },
  {
    key: 'applications',
    title: { vi: 'Nộp hồ sơ trực tuyến', en: 'Online applications' },
    summary: {
      vi: 'Điền tờ khai, tải lên giấy tờ và nộp hồ sơ; hồ sơ được lưu nháp sau mỗi bước. Nộp xong, bạn nhận mã hồ sơ, giấy tiếp nhận (PDF có mã QR) và thư xác nhận.',
      en: 'Fill in the form, upload your documents and submit; the application is saved as a draft after each step. Once it is filed you get a dossier code, a receipt (a PDF with a QR code) and a confirmation e-mail.',
    },
  },
  {
    key: 'tracking',
    title: { vi: 'Theo dõi hồ sơ', en: 'Dossier tracking' },
    summary: {
      vi: 'Tra cứu hồ sơ bằng mã hồ sơ kèm số định danh cá nhân, mã số thuế hoặc 4 số cuối điện thoại; người đã đăng nhập xem mọi hồ sơ của mình ở mục “Hồ sơ của tôi”. Cán bộ xem danh sách hồ sơ nộp đến cơ quan mình.',
      en: 'Look up a dossier with its code and the personal ID number, tax code or last 4 digits of the phone; signed-in applicants see all their dossiers under “My dossiers”. Officials see the list of dossiers filed with their agency.',
    },
    link: { href: '/track', label: { vi: 'Tra cứu hồ sơ', en: 'Track a dossier' } },
  },
  {
    key: 'accounts',
    title: { vi: 'Tài khoản', en: 'Accounts' },
    summary: {
      vi: 'Tài khoản công dân, doanh nghiệp, cán bộ và quản trị viên. Đăng ký được xác nhận qua thư điện tử, quên mật khẩu thì đặt lại qua thư; đăng nhập sai nhiều lần sẽ bị tạm chặn để chống dò mật khẩu.',
      en: 'Accounts for citizens, businesses, officials and administrators. Registration is confirmed by e-mail and a forgotten password is reset by e-mail; after repeated failed sign-ins, signing in is blocked for a while to stop password guessing.',
    },
    link: { href: '/register', label: { vi: 'Đăng ký tài khoản', en: 'Create an account' } },
  },
  {
    key: 'sso',
    title: { vi: 'Đăng nhập một lần, xác thực hai lớp, mức độ xác thực', en: 'Single sign-on, two-factor login, assurance levels' },
    summary: {
      vi: 'Cổng dịch vụ của các bộ, ngành, địa phương đăng nhập bằng tài khoản egov (OpenID Connect) sau khi bạn đồng ý, và bạn rút lại sự đồng ý bất cứ lúc nào. Xác thực hai lớp bằng ứng dụng (bắt buộc với cán bộ); tài khoản được nâng mức xác thực khi cán bộ tiếp nhận đối chiếu giấy tờ trực tiếp hoặc qua định danh điện tử. Đăng xuất khỏi egov là đăng xuất khỏi các cổng đó; bạn tải về dữ liệu của mình (cả việc ai đã xem hồ sơ) và yêu cầu xoá khi pháp luật cho phép.',
      en: 'Ministry, sector and provincial portals sign you in with your egov account (OpenID Connect) once you agree, and you can withdraw that consent at any time. Two-factor login with an authenticator app (required for officials); an account’s assurance level rises when a reception clerk checks its documents in person or through the electronic identity. Logging out of egov logs you out of those portals; you download your data (including who opened your dossiers) and may ask for its erasure where the law allows.',
    },
  },
  {
    key: 'agencies',
    title: { vi: 'Danh bạ cơ quan', en: 'Agency directory' },
    summary: {
      vi: 'Mã định danh cơ quan theo QĐ 20/2020/QĐ-TTg, danh mục đơn vị hành chính cấp tỉnh, cấp xã; hệ thống thông tin của cơ quan kết nối với nền tảng bằng yêu cầu có chữ ký.',
      en: 'Agency codes under Decision 20/2020/QĐ-TTg, provinces and communes; agencies’ IT systems connect to the platform with signed requests.',
    },
  },
  {
    key: 'exchange',
    title: { vi: 'Liên thông văn bản điện tử', en: 'Official document exchange' },
    summary: {
      vi: 'Các cơ quan gửi, nhận văn bản điện tử theo chuẩn edXML (QCVN 102:2016) qua API REST hoặc giao thức VXP, được báo văn bản đến qua webhook; văn thư soạn, gửi, nhận, trả lời, chuyển tiếp và giao xử lý văn bản ngay trên trang web, vào sổ văn bản đến, đi và xuất sổ ra Excel, PDF.',
      en: 'Agencies send and receive official documents in edXML (QCVN 102:2016) over a REST API or the VXP protocol, with webhooks announcing new documents; clerks compose, send, receive, reply to, forward and assign documents in the browser, and keep incoming and outgoing registers exported to Excel and PDF.',
    },
  },
  {
    key: 'status-sync',
    title: { vi: 'Đồng bộ trạng thái hồ sơ', en: 'Dossier status sync' },
    summary: {
      vi: 'Hệ thống xử lý hồ sơ của các bộ, ngành, địa phương gửi hồ sơ và tiến độ xử lý về nền tảng như đang gửi Cổng Dịch vụ công quốc gia; người dân theo dõi mọi hồ sơ của mình ở một nơi. Có thống kê theo cơ quan, thủ tục, trạng thái và ngày.',
      en: 'The dossier-processing systems of ministries and provinces send their dossiers and processing progress to the platform as they send them to the National Public Service Portal today; citizens follow all their dossiers in one place. With statistics by agency, procedure, status and day.',
    },
  },
  {
    key: 'calendar',
    title: { vi: 'Lịch làm việc', en: 'Working-day calendar' },
    summary: {
      vi: 'Ngày nghỉ lễ, Tết theo âm lịch và các ngày hoán đổi do Thủ tướng quyết định hằng năm; hạn giải quyết hồ sơ được tính theo ngày làm việc.',
      en: 'Public holidays, the lunar New Year and the days the Prime Minister swaps each year; dossier deadlines are counted in working days.',
    },
  },
  {
    key: 'audit',
    title: { vi: 'Nhật ký thao tác', en: 'Audit trail' },
    summary: {
      vi: 'Mọi thay đổi quan trọng được ghi vào một nhật ký nối chuỗi bằng mã băm: bản ghi nào bị sửa hay xóa đều bị phát hiện khi kiểm tra.',
      en: 'Every change of note is written to a hash-chained log: a check finds any entry that was altered or removed.',
    },
  },
  {
    key: 'reporting',
    title: { vi: 'Hệ thống thông tin báo cáo Chính phủ', en: 'Government Reporting System' },
    summary: {
      vi: 'Chế độ báo cáo theo Nghị định 09/2019/NĐ-CP: xã, tỉnh, bộ nhập số liệu trên biểu mẫu hoặc tệp Excel, lãnh đạo duyệt và gửi lên, cấp trên tiếp nhận; số liệu được tổng hợp dần lên tỉnh và cả nước, so sánh cùng kỳ, theo dõi đơn vị gửi đúng hạn, chậm hạn và nhắc hạn.',
      en: 'Reporting regimes under Decree 09/2019/NĐ-CP: communes, provinces and ministries enter figures in a form or an Excel file, their leader approves and sends them up, the unit above accepts; figures roll up to provinces and the nation, compared with the same period last year, with who sent on time, who is late, and reminders.',
    },
  },
  {
    key: 'cabinet',
    title: { vi: 'Hệ thống thông tin phục vụ họp và xử lý công việc của Chính phủ (e-Cabinet)', en: 'e-Cabinet: Government meetings and decisions' },
    summary: {
      vi: 'Họp Chính phủ không giấy: chương trình và tài liệu phiên họp, ý kiến trước phiên họp, thông qua không thảo luận, biểu quyết ghi danh xác nhận bằng mã xác thực hai bước, phiếu lấy ý kiến thành viên Chính phủ có nhắc hạn và báo cáo kết quả, kết luận và nhiệm vụ giao.',
      en: 'Paperless Government sessions: agenda and documents, positions before the session, adoption without debate, named votes confirmed with the second factor, opinion polls of members with reminders and a result report, conclusions and the tasks they give.',
    },
  },
  {
    key: 'one-stop',
    title: { vi: 'Một cửa điện tử', en: 'One-stop back office' },
    summary: {
      vi: 'Cán bộ tiếp nhận hồ sơ (giấy tiếp nhận và hẹn trả, yêu cầu bổ sung, từ chối), chuyên viên thẩm định, lãnh đạo phê duyệt và trả kết quả có mã QR kiểm tra văn bản; người nộp bổ sung giấy tờ và tải kết quả trên trang tiến độ hồ sơ. Hồ sơ liên thông được chuyển giữa các cơ quan, mỗi cơ quan một phần thời hạn.',
      en: 'Officials receive dossiers (receipt and appointment, request for documents, refusal), a specialist reviews, a leader approves and the result is returned with a QR code to verify it; applicants add missing documents and download results on the dossier’s progress page. Inter-agency dossiers are handed between agencies, each with its part of the deadline.',
    },
    link: { href: '/track', label: { vi: 'Tra cứu hồ sơ', en: 'Track a dossier' } },
  },
  {
    key: 'payments',
    title: { vi: 'Thanh toán trực tuyến', en: 'Online payment' },
    summary: {
      vi: 'Phí, lệ phí của thủ tục được tính khi nộp hồ sơ hoặc khi cơ quan yêu cầu thực hiện nghĩa vụ tài chính; người nộp thanh toán qua cổng VNPay, hồ sơ được xử lý tiếp ngay khi cổng thanh toán xác nhận, và nhận biên lai điện tử (PDF, số tiền bằng chữ). Hoàn tiền được lãnh đạo phê duyệt; giao dịch được đối soát hằng ngày.',
      en: 'Fees are computed when a dossier is filed or when the agency requests the financial obligation; applicants pay through the VNPay gateway, processing continues as soon as the gateway confirms, and they get an electronic receipt (PDF, amount in words). Refunds are approved by a leader; transactions are reconciled daily.',
    },
  },
  {
    key: 'feedback',
    title: { vi: 'Phản ánh, kiến nghị', en: 'Feedback and petitions' },
    summary: {
      vi: 'Người dân, doanh nghiệp gửi phản ánh, kiến nghị (có thể gắn với hồ sơ hoặc thủ tục); cơ quan không đúng thẩm quyền chuyển đi trong 5 ngày làm việc, cơ quan có thẩm quyền trả lời đúng hạn; câu trả lời được công khai khi người gửi đồng ý.',
      en: 'Citizens and businesses send feedback and petitions (on a dossier or procedure if they wish); an agency that is not competent forwards it within 5 working days, the competent one answers on time; answers are published when the sender agrees.',
    },
    link: { href: '/feedback/published', label: { vi: 'Xem câu trả lời đã công khai', en: 'Read the published answers' } },
  },
  {
    key: 'ratings',
    title: { vi: 'Đánh giá mức độ hài lòng', en: 'Satisfaction ratings' },
    summary: {
      vi: 'Người nộp hồ sơ đánh giá việc giải quyết sau khi nhận kết quả (năm câu hỏi, một lần cho mỗi hồ sơ); cơ quan xem kết quả tổng hợp theo cơ quan và thủ tục.',
      en: 'Applicants rate how their dossier was handled once they have the result (five questions, once per dossier); agencies see the results by agency and procedure.',
    },
  },
  {
    key: 'helpdesk',
    title: { vi: 'Hỗ trợ người dùng', en: 'Helpdesk' },
    summary: {
      vi: 'Bài hướng dẫn tra cứu được không cần dấu; yêu cầu hỗ trợ gửi qua Cổng, điện thoại hoặc thư điện tử được giao cho nhân viên hỗ trợ và trả lời trong thời hạn tính theo ngày làm việc.',
      en: 'Help articles you can search with or without accents; help requests sent through the portal, by phone or by e-mail are assigned to helpdesk agents and answered within a time counted in working days.',
    },
    link: { href: '/support', label: { vi: 'Hỗ trợ', en: 'Help' } },
  },
  {
    key: 'tasks',
    title: { vi: 'Theo dõi, đánh giá thực hiện nhiệm vụ', en: 'Task tracking' },
    summary: {
      vi: 'Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao (từ nghị quyết, quyết định, kết luận phiên họp Chính phủ, công văn): cơ quan chủ trì tiếp nhận, báo cáo tiến độ, hoàn thành kèm văn bản gửi qua trục liên thông; đề nghị gia hạn; quá hạn tính theo ngày làm việc; Văn phòng Chính phủ theo dõi theo cơ quan, danh sách quá hạn, tỷ lệ hoàn thành và đánh giá; nhập danh sách từ Excel.',
      en: 'Tasks the Government and the Prime Minister assign (from resolutions, decisions, cabinet conclusions, official letters): the lead agency accepts, reports progress and completes with a document sent through the exchange; extensions; overdue counted in working days; the Government Office follows them by agency, with the overdue list, completion rates and evaluations; Excel import.',
    },
  },
];

/** Not available yet. Listed so that nobody takes them for working features. */
export const PLANNED: readonly Capability[] = [
  {
    key: 'operations',
    title: { vi: 'Trung tâm thông tin, chỉ đạo điều hành', en: 'Information and Operations Center' },
    summary: { vi: 'Bảng số liệu trực quan phục vụ chỉ đạo, điều hành.', en: 'Live dashboards for direction and operations.' },
  },
];
