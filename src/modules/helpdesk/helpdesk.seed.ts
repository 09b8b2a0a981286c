import type { Actor } from '../../platform/module/index.ts';
import { DEMO_PASSWORD } from '../identity/index.ts';
import type { HelpdeskContext, HelpdeskService } from './helpdesk.service.ts';
import * as repo from './helpdesk.repository.ts';
import { foldText } from '../catalog/index.ts';

const SEED_ACTOR: Actor = Object.freeze({ accountId: '00000000-0000-0000-0000-000000000000', kind: 'admin', displayName: 'helpdesk demo', agencyCode: null, roles: [] });
export const DEMO_AGENT = { email: 'hotro@demo.egov.vn', fullName: 'Đặng Thị Hồng', agencyCode: '000.00.00.G22' } as const;

const CANNED = [
  { title: 'Quên mật khẩu', body: 'Bạn chọn "Quên mật khẩu" trên trang Đăng nhập, nhập thư điện tử đã đăng ký và làm theo liên kết được gửi đến (có hiệu lực trong 1 giờ).' },
  { title: 'Tra cứu hồ sơ', body: 'Bạn vào mục "Tra cứu hồ sơ", nhập mã hồ sơ trên giấy tiếp nhận và số định danh cá nhân (hoặc 4 số cuối điện thoại) của người nộp.' },
];

const ARTICLES = [
  { title: 'Cách đặt lại mật khẩu tài khoản', category: 'account', body: 'Trên trang Đăng nhập, chọn "Quên mật khẩu".\nNhập thư điện tử đã đăng ký; Cổng gửi một liên kết có hiệu lực trong 1 giờ.\nMở liên kết, đặt mật khẩu mới (ít nhất 10 ký tự).' },
  { title: 'Tra cứu tình trạng hồ sơ bằng mã hồ sơ', category: 'dossier', body: 'Mã hồ sơ có dạng <mã cơ quan>-<năm tháng ngày>-<số thứ tự>, in trên giấy tiếp nhận.\nVào "Tra cứu hồ sơ", nhập mã hồ sơ và số định danh cá nhân hoặc 4 số cuối điện thoại của người nộp.' },
  { title: 'Gửi phản ánh, kiến nghị về thủ tục hành chính', category: 'other', body: 'Đăng nhập, chọn "Phản ánh, kiến nghị" rồi "Gửi phản ánh, kiến nghị".\nNếu phản ánh liên quan đến một hồ sơ, chọn hồ sơ đó để phản ánh được gửi thẳng đến cơ quan tiếp nhận.' },
];

/** Demo data, idempotent: one helpdesk agent (one argon2 hash), canned answers and published help articles. */
export async function seedDemoHelpdesk(ctx: HelpdeskContext, _service: HelpdeskService, log: (line: string) => void): Promise<void> {
  const existing = new Set((await ctx.identity.listOfficials(SEED_ACTOR, {})).map((o) => o.email));
  if (!existing.has(DEMO_AGENT.email)) await ctx.identity.createOfficial(SEED_ACTOR, { ...DEMO_AGENT, roles: ['helpdesk_agent'], password: DEMO_PASSWORD });
  for (const c of CANNED) await repo.insertCanned(ctx.db, c);
  for (const a of ARTICLES) await repo.insertArticle(ctx.db, { ...a, published: true, searchText: foldText(`${a.title} ${a.body}`), by: 'demo' });
  log(`helpdesk: demo agent ${DEMO_AGENT.email} (password ${DEMO_PASSWORD}); ${CANNED.length} canned answers, ${ARTICLES.length} help articles at /support`);
}
