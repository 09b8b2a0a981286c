import { listAuditEntriesAbout } from '../../platform/audit/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import type { ErasureOutcome, PersonalDataSection, PersonalDataSource } from '../identity/index.ts';
import { tables } from './dossiers.tables.ts';
import { listWallet } from './dossiers.wallet.ts';

/**
 * The document wallet's part of a person's data (NĐ 13/2023), registered with identity: the
 * documents (metadata; the bytes are downloaded from the wallet page) and who opened or used
 * them. An erasure empties the wallet: its documents are copies, the originals stay with the
 * dossiers that produced them (kept under the dossiers' own rule).
 */
export function walletPersonalData(db: Executor): PersonalDataSource {
  return {
    name: 'dossiers.wallet',

    async collect(accountId: string): Promise<PersonalDataSection> {
      const documents = await listWallet(db, accountId);
      const trail = await listAuditEntriesAbout(db, 'wallet_document', documents.map((d) => String(d.id)), 5000);
      return {
        data: { walletDocuments: documents },
        accessLog: trail.map((e) => ({ at: e.occurredAt, actorId: e.actor, action: e.action, about: `wallet document ${e.entityId}` })),
        summary: { heading: 'Kho giấy tờ', lines: documents.map((d) => `${d.title} · ${d.dossierCode ?? ''} · ${d.issuedAt.toISOString().slice(0, 10)}`) },
      };
    },

    async erase(tx: Executor, accountId: string): Promise<ErasureOutcome> {
      const removed = await tables(tx).deleteFrom('wallet_documents').where('account_id', '=', accountId).executeTakeFirst();
      return { erased: [{ what: 'Giấy tờ trong kho giấy tờ (bản sao kết quả)', count: Number(removed.numDeletedRows) }], kept: [] };
    },
  };
}
