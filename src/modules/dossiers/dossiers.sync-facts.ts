import { Type, type Static } from 'typebox';

/**
 * A dossier's status changed through the status sync (a new synced dossier counts as a change
 * from nothing). What the statistics count, by the source's own event time.
 */
export const DossierStatusSynced = Type.Object({
  code: Type.String({ minLength: 1 }),
  /** QĐ 20 code of the receiving agency. */
  receivingAgency: Type.String({ minLength: 1 }),
  procedureCode: Type.String({ minLength: 1 }),
  status: Type.Integer({ minimum: 1, maximum: 10 }),
  /** The status before; null for a dossier new to the store. */
  previousStatus: Type.Union([Type.Integer({ minimum: 1, maximum: 10 }), Type.Null()]),
  /** When the status was reached, by the source's clock. */
  at: Type.String({ format: 'date-time' }),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type DossierStatusSynced = Static<typeof DossierStatusSynced>;

export const DOSSIER_SYNC_FACTS = { 'dossier.status_synced': DossierStatusSynced };
