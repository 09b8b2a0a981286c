import type { ApplicantType, Channel, ImplementingLevel, OnlineLevel, ProcedureDocument } from '../catalog.schemas.ts';
import { STANDARD_STEPS } from './builder.ts';

/**
 * Synthetic procedures for benchmark-sized catalogues (`egov seed procedures --synthetic N`):
 * plausible Vietnamese names built from the vocabulary of real procedures, spread over real
 * fields and the agencies of the directory. Deterministic: the same N gives the same
 * documents, so seeding twice changes nothing. Codes start with 9 (`9.000001`), a block the
 * demo catalogue does not use.
 */

const ACTIONS = ['Cấp', 'Cấp lại', 'Cấp đổi', 'Gia hạn', 'Điều chỉnh', 'Đăng ký', 'Đăng ký thay đổi', 'Xác nhận', 'Thẩm định', 'Công nhận', 'Thu hồi', 'Chấp thuận', 'Phê duyệt', 'Bổ sung'];

const SUBJECTS: [subject: string, field: string, fieldName: string, applicants: ApplicantType[]][] = [
  ['giấy phép kinh doanh dịch vụ lữ hành quốc tế', 'G16-DL01', 'Du lịch', ['business']],
  ['giấy chứng nhận cơ sở lưu trú du lịch', 'G16-DL01', 'Du lịch', ['business']],
  ['giấy phép tổ chức lễ hội', 'G16-VH01', 'Văn hóa cơ sở', ['citizen', 'business']],
  ['giấy chứng nhận đủ điều kiện kinh doanh xăng dầu', 'G02-XD01', 'Kinh doanh khí và xăng dầu', ['business']],
  ['giấy phép hoạt động điện lực', 'G02-DL01', 'Điện', ['business']],
  ['giấy phép bán buôn thuốc lá', 'G02-LH01', 'Lưu thông hàng hóa trong nước', ['business']],
  ['chứng chỉ hành nghề kiến trúc', 'G17-KT01', 'Kiến trúc', ['citizen']],
  ['chứng chỉ năng lực hoạt động xây dựng', 'G17-HD01', 'Hoạt động xây dựng', ['business']],
  ['giấy phép xây dựng công trình tôn giáo', 'G17-CP01', 'Cấp phép xây dựng', ['business']],
  ['giấy chứng nhận kiểm định an toàn kỹ thuật phương tiện', 'G17-DK01', 'Đăng kiểm', ['citizen', 'business']],
  ['giấy phép khai thác nước dưới đất', 'G10-TN01', 'Tài nguyên nước', ['business']],
  ['giấy phép xả nước thải vào nguồn nước', 'G10-TN01', 'Tài nguyên nước', ['business']],
  ['giấy phép khai thác khoáng sản', 'G10-KS01', 'Địa chất và khoáng sản', ['business']],
  ['giấy chứng nhận quyền sử dụng đất nông nghiệp', 'G10-DD01', 'Đất đai', ['citizen']],
  ['giấy chứng nhận vùng an toàn dịch bệnh động vật', 'G10-TY01', 'Thú y', ['business']],
  ['giấy chứng nhận cơ sở đủ điều kiện sản xuất giống cây trồng', 'G10-TT01', 'Trồng trọt', ['business']],
  ['giấy phép khai thác thủy sản', 'G10-TS01', 'Thủy sản', ['citizen', 'business']],
  ['chứng chỉ hành nghề khám bệnh, chữa bệnh', 'G18-KB01', 'Khám bệnh, chữa bệnh', ['citizen']],
  ['giấy phép hoạt động phòng khám đa khoa', 'G18-KB01', 'Khám bệnh, chữa bệnh', ['business']],
  ['giấy chứng nhận đủ điều kiện kinh doanh dược', 'G18-DU01', 'Dược', ['business']],
  ['giấy tiếp nhận bản công bố sản phẩm mỹ phẩm', 'G18-MP01', 'Mỹ phẩm', ['business']],
  ['giấy phép hoạt động trung tâm ngoại ngữ', 'G03-GD05', 'Giáo dục thường xuyên', ['business']],
  ['quyết định cho phép thành lập trường mầm non tư thục', 'G03-GD01', 'Giáo dục mầm non', ['business']],
  ['bản sao văn bằng, chứng chỉ từ sổ gốc', 'G03-GD10', 'Văn bằng, chứng chỉ', ['citizen']],
  ['giấy phép hoạt động dịch vụ việc làm', 'G09-LD01', 'Lao động, việc làm', ['business']],
  ['giấy phép cho thuê lại lao động', 'G09-LD01', 'Lao động, việc làm', ['business']],
  ['hồ sơ hưởng chế độ ưu đãi người có công', 'G09-NC01', 'Người có công', ['citizen']],
  ['giấy chứng nhận đăng ký hợp tác xã', 'G12-HT01', 'Thành lập và hoạt động của hợp tác xã', ['citizen', 'business']],
  ['giấy chứng nhận đăng ký doanh nghiệp xã hội', 'G12-DN01', 'Thành lập và hoạt động doanh nghiệp', ['business']],
  ['mã số đơn vị có quan hệ với ngân sách', 'G12-NS01', 'Quản lý ngân sách', ['business']],
  ['giấy phép hoạt động in xuất bản phẩm', 'G16-XB01', 'Xuất bản, in và phát hành', ['business']],
  ['giấy phép thiết lập trang thông tin điện tử tổng hợp', 'G16-TT01', 'Phát thanh, truyền hình và thông tin điện tử', ['business']],
  ['giấy chứng nhận đăng ký hoạt động khoa học và công nghệ', 'G06-KH01', 'Hoạt động khoa học và công nghệ', ['business']],
  ['giấy phép tiến hành công việc bức xạ', 'G06-AN01', 'An toàn bức xạ và hạt nhân', ['business']],
  ['giấy chứng nhận đủ điều kiện về an ninh, trật tự', 'G01-AN01', 'Quản lý ngành, nghề đầu tư kinh doanh có điều kiện về an ninh, trật tự', ['business']],
  ['giấy phép sử dụng vật liệu nổ công nghiệp', 'G01-VL01', 'Quản lý vũ khí, vật liệu nổ, công cụ hỗ trợ', ['business']],
  ['thông tin cư trú của công dân', 'G01-CT01', 'Đăng ký, quản lý cư trú', ['citizen']],
  ['trích lục hộ tịch có yếu tố nước ngoài', 'G15-HT01', 'Hộ tịch', ['citizen']],
  ['chứng chỉ hành nghề đấu giá tài sản', 'G15-DG01', 'Đấu giá tài sản', ['citizen']],
  ['giấy đăng ký hoạt động của văn phòng công chứng', 'G15-CC01', 'Công chứng', ['business']],
];

const QUALIFIERS = ['', '', '', 'đối với doanh nghiệp nhỏ và vừa', 'cho tổ chức nước ngoài', 'trong khu công nghiệp, khu kinh tế', 'đối với hộ gia đình, cá nhân', 'do bị mất, bị hỏng', 'khi thay đổi địa điểm', 'theo hình thức trực tuyến', 'tại đơn vị sự nghiệp công lập'];

const LEVELS: ImplementingLevel[] = ['central', 'province', 'commune'];

/** Small, fast, seeded PRNG (mulberry32): reproducible catalogues. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SYNTHETIC_MAX = 999_999;

export function syntheticCode(index: number): string {
  return `9.${String(index + 1).padStart(6, '0')}`;
}

/** `count` synthetic procedures whose agencies are taken from `agencyCodes` (codes present in the directory). */
export function syntheticCatalogue(count: number, agencyCodes: readonly string[], seed = 20_260_101): ProcedureDocument[] {
  if (!Number.isInteger(count) || count < 0 || count > SYNTHETIC_MAX) throw new RangeError(`count must be a whole number from 0 to ${SYNTHETIC_MAX}`);
  if (agencyCodes.length === 0) throw new RangeError('synthetic procedures need at least one agency in the directory');
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const documents: ProcedureDocument[] = [];
  for (let i = 0; i < count; i++) {
    const [subject, fieldCode, fieldName, applicants] = pick(SUBJECTS);
    const qualifier = pick(QUALIFIERS);
    const name = `${pick(ACTIONS)} ${subject}${qualifier ? ` ${qualifier}` : ''}`;
    const agency = pick(agencyCodes);
    const onlineRoll = next();
    const onlineLevel: OnlineLevel | undefined = onlineRoll < 0.45 ? 'toan_trinh' : onlineRoll < 0.85 ? 'mot_phan' : undefined;
    const channels: Channel[] = onlineLevel ? ['in_person', 'online', 'postal'] : ['in_person', 'postal'];
    const caseCount = next() < 0.7 ? 1 : 2;
    documents.push({
      code: syntheticCode(i),
      name,
      field: { code: fieldCode, name: fieldName },
      implementingLevel: pick(LEVELS),
      applicantTypes: applicants,
      competentAgency: agency,
      receivingAgencies: [agency],
      ...(onlineLevel ? { onlineLevel } : {}),
      channels,
      cases: Array.from({ length: caseCount }, (_, c) => ({
        code: String(c + 1).padStart(2, '0'),
        name: c === 0 ? name : `${name} (trường hợp cấp lại)`,
        processingTime: { value: 1 + Math.floor(next() * 30), unit: 'working_days' as const },
        fees: next() < 0.4 ? [] : [{ name: 'Lệ phí', amountVnd: 10_000 * (1 + Math.floor(next() * 50)) }],
      })),
      steps: STANDARD_STEPS,
      components: [
        { name: `Đơn đề nghị ${name.charAt(0).toLowerCase()}${name.slice(1)}`, kind: 'original', copies: 1, requirement: 'required', templateFile: `Mau-${String(i + 1).padStart(6, '0')}.docx` },
        { name: 'Giấy tờ pháp lý của tổ chức, cá nhân đề nghị', kind: 'copy', copies: 1, requirement: 'required' },
      ],
      results: [subject.charAt(0).toUpperCase() + subject.slice(1)],
      requirements: [],
      legalBasis: ['Văn bản quy phạm pháp luật chuyên ngành (dữ liệu tổng hợp để đo hiệu năng)'],
    });
  }
  return documents;
}
