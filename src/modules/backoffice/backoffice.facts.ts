import { Type, type Static } from 'typebox';

/** Every change the back office makes to a dossier's processing (one fact per transition). */
export const DossierTransitioned = Type.Object({
  code: Type.String({ minLength: 1 }),
  /** accept, request_supplement, supplement_completed, refuse, assign, forward, handoff, handoff_return, send_back, stop, withdraw, apologise, issue_result. */
  action: Type.String({ minLength: 1 }),
  /** TrangThaiHoSo after the change, 1–10. */
  status: Type.Integer({ minimum: 1, maximum: 10 }),
  receivingAgency: Type.String({ minLength: 1 }),
  at: Type.String({ format: 'date-time' }),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  version: Type.Integer({ minimum: 1 }),
  /** Liên thông: the other agency's unit now holding the dossier (absent: the receiving unit). */
  unit: Type.Optional(Type.String({ minLength: 1 })),
});
export type DossierTransitioned = Static<typeof DossierTransitioned>;

export const BACKOFFICE_FACTS = { 'backoffice.dossier_transitioned': DossierTransitioned };
