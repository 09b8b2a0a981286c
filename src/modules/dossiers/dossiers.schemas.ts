import { Type, type Static } from 'typebox';

// JSON API schemas (TypeBox → OpenAPI). A schema and its type share one name.

export const DossierCodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 60, examples: ['000.00.51.H49-261120-0001'] }) });

export const UploadJson = Type.Object(
  {
    componentIndex: Type.Integer({ minimum: 0, maximum: 99, description: 'Index of the dossier component in the procedure document: one of the case\'s components, one file each' }),
    fileName: Type.String({ minLength: 1, maxLength: 200, description: 'Ends in .pdf, .jpg, .jpeg or .png as the content is; no second dangerous extension (.pdf.exe), control or reserved characters' }),
    contentBase64: Type.String({ minLength: 4, maxLength: 1_800_000, description: 'The file, base64 (PDF, JPEG or PNG; the request body is limited to 2 MB in all)' }),
  },
  { additionalProperties: false },
);

export const SubmitJson = Type.Object(
  {
    procedureCode: Type.String({ minLength: 8, maxLength: 60, examples: ['1.001193.000.00.00.H49'] }),
    caseCode: Type.String({ pattern: '^[0-9]{2}$', examples: ['01'] }),
    receivingAgency: Type.Optional(Type.String({ maxLength: 35, description: 'Required when the procedure has several receiving agencies' })),
    answers: Type.Object({}, { additionalProperties: true, description: 'Answers to the case\'s form: see GET /api/v1/dossiers/forms' }),
    uploads: Type.Optional(Type.Array(UploadJson, { maxItems: 50, description: 'At most one file per component of the case' })),
  },
  { additionalProperties: false },
);
export type SubmitJson = Static<typeof SubmitJson>;

export const SubmittedJson = Type.Object({
  code: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  receiptUrl: Type.String(),
  trackUrl: Type.String(),
});

const TimelineJson = Type.Array(
  Type.Object({ status: Type.Integer(), statusLabel: Type.String(), note: Type.Union([Type.String(), Type.Null()]), at: Type.String({ format: 'date-time' }) }),
);

export const LookupQuery = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 60 }),
    verifier: Type.String({ minLength: 4, maxLength: 20, description: 'The applicant\'s personal ID number or tax code, or the last 4 digits of the phone' }),
  },
  { additionalProperties: false },
);

export const LookupJson = Type.Object({
  code: Type.String(),
  procedureName: Type.String(),
  status: Type.Integer({ minimum: 1, maximum: 10, description: 'TrangThaiHoSo' }),
  statusLabel: Type.String(),
  receivingAgency: Type.Object({ code: Type.String(), name: Type.String() }),
  receivedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  timeline: TimelineJson,
});

export const DossierJson = Type.Object({
  code: Type.String(),
  procedure: Type.Object({ code: Type.String(), name: Type.String(), versionId: Type.Union([Type.Integer(), Type.Null()]) }),
  caseCode: Type.Union([Type.String(), Type.Null()]),
  status: Type.Integer({ minimum: 1, maximum: 10 }),
  statusLabel: Type.String(),
  applicant: Type.Object({ kind: Type.Union([Type.Literal('citizen'), Type.Literal('business')]), identifier: Type.String(), name: Type.String() }),
  receivingAgency: Type.Object({ code: Type.String(), name: Type.String() }),
  receivedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  source: Type.Union([Type.Literal('portal'), Type.Literal('sync')]),
  answers: Type.Object({}, { additionalProperties: true }),
  uploads: Type.Array(Type.Object({ componentIndex: Type.Integer(), fileName: Type.String(), contentType: Type.String(), size: Type.Integer(), sha256: Type.String() })),
  timeline: TimelineJson,
});

export const FormQuery = Type.Object(
  {
    procedure: Type.String({ minLength: 8, maxLength: 60 }),
    case: Type.String({ pattern: '^[0-9]{2}$' }),
    applicant: Type.Optional(Type.Union([Type.Literal('citizen'), Type.Literal('business')], { default: 'citizen' })),
  },
  { additionalProperties: false },
);

export const ErrorJson = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  }),
});
