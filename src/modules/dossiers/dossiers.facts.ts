import { Type, type Static } from 'typebox';
import { DOSSIER_SYNC_FACTS } from './dossiers.sync-facts.ts';

/** The facts the dossiers module publishes; payload types for other modules come from its door. */
export const DossierSubmitted = Type.Object({
  /** The dossier's public code (mã hồ sơ). */
  code: Type.String({ minLength: 1 }),
  procedureCode: Type.String({ minLength: 1 }),
  procedureVersionId: Type.Integer(),
  caseCode: Type.String({ minLength: 1 }),
  /** QĐ 20 code of the agency that receives it. */
  receivingAgency: Type.String({ minLength: 1 }),
  receivedAt: Type.String({ format: 'date-time' }),
  /** Statutory due date-time, or null for a procedure without a processing time. */
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type DossierSubmitted = Static<typeof DossierSubmitted>;

export const DOSSIER_FACTS = { 'dossier.submitted': DossierSubmitted, ...DOSSIER_SYNC_FACTS };
