import { appendAuditInTx, listAuditEntriesAbout } from '../../platform/audit/index.ts';
import { sql } from '../../platform/db/index.ts';
import type { ErasureOutcome, PersonalDataSources } from './personal-data.ts';
import type { Actor } from '../../platform/module/index.ts';
import { getAccountById, identityDb } from './accounts.repository.ts';
import type { IdentityContext } from './identity.context.ts';
import { identityErrors } from './identity.errors.ts';
import { listConsentsOf } from './oidc.repository.ts';
import { countUnusedRecoveryCodes, findSecondFactor } from './two-factor.repository.ts';

/**
 * What identity holds about a person (NĐ 13/2023, the data subject's right to access): the
 * account, its sessions, its second factor (never the secret), the services it consented to,
 * and what the audit trail recorded about the account, with who did it.
 */
export function createMyDataService(ctx: IdentityContext, sources: PersonalDataSources) {
  const { db } = ctx;
  return {
    async exportOf(actor: Actor | undefined) {
      if (!actor) throw identityErrors.unauthenticated();
      const account = await getAccountById(db, actor.accountId);
      const [sessions, factor, recoveryCodesLeft, consents, trail] = await Promise.all([
        identityDb(db).selectFrom('sessions').select(['created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent']).where('account_id', '=', account.id).orderBy('created_at').execute(),
        findSecondFactor(db, account.id),
        countUnusedRecoveryCodes(db, account.id),
        listConsentsOf(db, account.id),
        listAuditEntriesAbout(db, 'account', [account.id]),
      ]);
      // The other modules' sections (dossiers, their files, who opened them), through their registered sources.
      const sections = await Promise.all(sources.list().map(async (source) => ({ name: source.name, section: await source.collect(account.id) })));
      const others = sections.flatMap(({ section }) => section.accessLog);
      // Names of the people who acted on the account or opened the person's records (officials, administrators), not their ids only.
      const actorIds = [...new Set([...trail.map((e) => e.actor), ...others.map((e) => e.actorId)].flatMap((id) => (id && id !== account.id && /^[0-9a-f-]{36}$/.test(id) ? [id] : [])))];
      const names = actorIds.length
        ? await identityDb(db).selectFrom('accounts').select(['id', 'full_name', 'kind', 'agency_code']).where('id', 'in', actorIds).execute()
        : [];
      const nameOf = new Map(names.map((n) => [n.id, { name: n.full_name, kind: n.kind, agencyCode: n.agency_code }]));
      const by = (id: string | null) => (id === null ? 'system' : id === account.id ? 'you' : (nameOf.get(id) ?? { id }));
      return {
        exportedAt: new Date().toISOString(),
        controller: ctx.config.baseUrl,
        account: {
          id: account.id,
          kind: account.kind,
          personalId: account.personal_id,
          taxCode: account.tax_code,
          fullName: account.full_name,
          email: account.email,
          emailConfirmedAt: account.email_confirmed_at,
          phone: account.phone,
          smsNotifications: account.sms_notifications,
          birthDate: account.birth_date,
          assuranceLevel: account.assurance_level,
          agencyCode: account.agency_code,
          roles: account.roles,
          status: account.status,
          createdAt: account.created_at,
          updatedAt: account.updated_at,
        },
        sessions: sessions.map((s) => ({ startedAt: s.created_at, lastSeenAt: s.last_seen_at, endsAt: s.expires_at, ip: s.ip, userAgent: s.user_agent })),
        twoFactor: { enrolled: Boolean(factor?.confirmedAt), enrolledAt: factor?.confirmedAt ?? null, recoveryCodesLeft },
        connectedServices: consents.map((c) => ({ clientId: c.client_id, name: c.name, scopes: c.scopes, since: c.granted_at })),
        ...Object.fromEntries(sections.map(({ name, section }) => [name, section.data])),
        accessLog: [
          ...trail.map((e) => ({ at: e.occurredAt, action: e.action, about: 'account', by: by(e.actor) })),
          ...others.map((e) => ({ at: e.at, action: e.action, about: e.about, by: by(e.actorId) })),
        ].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime()),
        summaries: sections.map(({ section }) => section.summary),
      };
    },

    /**
     * Erasure at the owner's request (citizens and businesses; an official's account is a record
     * of their service). Every module's source erases what it may and names what it keeps and
     * why; identity then empties the account (the row stays, disabled, for the records kept)
     * and ends every session and grant. One transaction: all of it, or nothing.
     */
    async erase(actor: Actor | undefined): Promise<{ erasedAt: Date; outcomes: ErasureOutcome }> {
      if (!actor) throw identityErrors.unauthenticated();
      if (actor.kind !== 'citizen' && actor.kind !== 'business') throw identityErrors.forbidden();
      const accountId = actor.accountId;
      return db.transaction().execute(async (tx) => {
        const outcomes: ErasureOutcome = { erased: [], kept: [] };
        for (const source of sources.list()) {
          const outcome = await source.erase(tx, accountId);
          outcomes.erased.push(...outcome.erased);
          outcomes.kept.push(...outcome.kept);
        }
        const counts: Record<string, number> = {};
        for (const table of ['sessions', 'password_tokens', 'email_confirmations', 'second_factors', 'recovery_codes', 'oidc_consents', 'national_id_assertions', 'oidc_session_links'] as const) {
          const result = await identityDb(tx).deleteFrom(table).where('account_id', '=', accountId).executeTakeFirst();
          counts[table] = Number(result.numDeletedRows);
        }
        await sql`DELETE FROM oidc_artifacts WHERE payload->>'accountId' = ${accountId}`.execute(tx);
        const erasedAt = new Date();
        await identityDb(tx)
          .updateTable('accounts')
          .set({
            full_name: 'Tài khoản đã xoá',
            email: `erased-${accountId}@erased.invalid`,
            phone: null,
            sms_notifications: false,
            personal_id: null,
            tax_code: null,
            birth_date: null,
            password_hash: '!erased',
            status: 'disabled',
            erased_at: erasedAt,
            updated_at: erasedAt,
          })
          .where('id', '=', accountId)
          .execute();
        outcomes.erased.unshift(
          { what: 'Tài khoản: họ tên, thư điện tử, số định danh/mã số thuế, điện thoại, ngày sinh, mật khẩu', count: 1 },
          { what: 'Phiên đăng nhập, xác thực hai lớp, mã dự phòng, sự đồng ý chia sẻ dữ liệu với dịch vụ khác', count: Object.values(counts).reduce((a, b) => a + b, 0) },
        );
        outcomes.kept.push({
          what: 'Nhật ký kiểm toán (ai đã làm gì, khi nào)',
          count: 1,
          rule: 'Nhật ký kiểm toán chỉ ghi thêm, được xâu chuỗi bằng mã băm để chứng minh tính toàn vẹn; là bằng chứng về việc xử lý dữ liệu mà bên kiểm soát dữ liệu phải lưu giữ (NĐ 13/2023). Nhật ký chỉ ghi mã tài khoản, không ghi họ tên hay số định danh.',
        });
        await appendAuditInTx(tx, { actor: accountId, action: 'identity.account_erased', entityType: 'account', entityId: accountId, data: { erased: outcomes.erased.map((e) => e.what), kept: outcomes.kept.map((k) => ({ what: k.what, count: k.count })) } });
        return { erasedAt, outcomes };
      });
    },
  };
}

export type MyDataService = ReturnType<typeof createMyDataService>;
