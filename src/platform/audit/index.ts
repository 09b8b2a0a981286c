export {
  appendAuditInTx,
  appendAuditManyInTx,
  auditAppendQuery,
  countAuditEntries,
  listAuditEntriesAbout,
  verifyAuditChain,
  type AppendedAuditEntry,
  type AuditEntryInput,
  type AuditEntrySummary,
  type AuditVerification,
} from './audit.ts';
export { GENESIS_HASH, canonicalJson } from './chain.ts';
