import { Type, type Static } from 'typebox';

/** A schema and its type share one name. */

const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

export const APPLICANT_TYPES = ['citizen', 'business'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
/** NĐ 42/2022: the whole procedure online (toàn trình) or part of it (một phần). */
export const ONLINE_LEVELS = ['toan_trinh', 'mot_phan'] as const;
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];
/** Trực tiếp, trực tuyến, dịch vụ bưu chính công ích. */
export const CHANNELS = ['in_person', 'online', 'postal'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Cấp thực hiện: the level of government that handles the procedure. */
export const IMPLEMENTING_LEVELS = ['central', 'province', 'commune'] as const;
export type ImplementingLevel = (typeof IMPLEMENTING_LEVELS)[number];
export const TIME_UNITS = ['working_days', 'hours'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];
export const COMPONENT_KINDS = ['original', 'copy'] as const;
export const COMPONENT_REQUIREMENTS = ['required', 'conditional'] as const;

export const Fee = Type.Object(
  {
    name: Text(300, 'Lệ phí / phí: what is charged'),
    amountVnd: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000, description: 'Amount in đồng' }),
  },
  { additionalProperties: false },
);
export type Fee = Static<typeof Fee>;

export const ProcessingTime = Type.Object(
  {
    value: Type.Number({ exclusiveMinimum: 0, maximum: 10_000 }),
    unit: Type.Enum(TIME_UNITS),
  },
  { additionalProperties: false },
);
export type ProcessingTime = Static<typeof ProcessingTime>;

export const ProcedureCase = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9]{2}$', description: 'Two-digit suffix: case 02 of 1.001193 is 1.001193.02' }),
    name: Text(500),
    processingTime: ProcessingTime,
    fees: Type.Array(Fee, { maxItems: 20 }),
    minAssuranceLevel: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 3, description: 'Assurance level the applicant’s account must have to apply online: 1 self-registered (default), 2 checked in person at a one-stop desk, 3 verified by the national identity provider' }),
    ),
  },
  { additionalProperties: false },
);
export type ProcedureCase = Static<typeof ProcedureCase>;

export const DossierComponent = Type.Object(
  {
    name: Text(1000),
    kind: Type.Enum(COMPONENT_KINDS, { description: 'original (bản chính) or copy (bản sao)' }),
    copies: Type.Integer({ minimum: 1, maximum: 50 }),
    requirement: Type.Enum(COMPONENT_REQUIREMENTS),
    condition: Type.Optional(Type.String({ maxLength: 1000, description: 'When a conditional component is needed' })),
    templateFile: Type.Optional(Type.String({ maxLength: 200, pattern: '^[^/\\\\]+\\.[A-Za-z0-9]{2,5}$', description: 'File name of the form template (mẫu đơn, tờ khai)' })),
    cases: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{2}$' }), { maxItems: 50, description: 'Only for these cases; every case when absent' })),
  },
  { additionalProperties: false },
);
export type DossierComponent = Static<typeof DossierComponent>;

/** One version of a procedure: what is stored in procedure_versions.document. */
export const ProcedureDocument = Type.Object(
  {
    code: Type.String({ minLength: 8, maxLength: 60, examples: ['1.001193', '1.001193.000.00.00.H49'] }),
    name: Text(500),
    field: Type.Object(
      {
        code: Type.String({ pattern: '^[A-Z][0-9]{2}-[A-Z0-9]{1,10}$', examples: ['G15-TP01'], description: 'Lĩnh vực: the ministry\'s level-1 group and a field number' }),
        name: Text(300),
      },
      { additionalProperties: false },
    ),
    implementingLevel: Type.Enum(IMPLEMENTING_LEVELS),
    applicantTypes: Type.Array(Type.Enum(APPLICANT_TYPES), { minItems: 1, uniqueItems: true }),
    competentAgency: Type.String({ minLength: 1, maxLength: 35, description: 'QĐ 20 code of the agency that decides (cơ quan có thẩm quyền)' }),
    receivingAgencies: Type.Array(Type.String({ minLength: 1, maxLength: 35 }), { minItems: 1, maxItems: 200, uniqueItems: true, description: 'Where dossiers are received (cơ quan tiếp nhận)' }),
    onlineLevel: Type.Optional(Type.Enum(ONLINE_LEVELS, { description: 'Absent when the procedure is not offered online' })),
    channels: Type.Array(Type.Enum(CHANNELS), { minItems: 1, uniqueItems: true }),
    cases: Type.Array(ProcedureCase, { minItems: 1, maxItems: 50 }),
    steps: Type.Array(Text(4000), { minItems: 1, maxItems: 50 }),
    components: Type.Array(DossierComponent, { minItems: 1, maxItems: 100 }),
    results: Type.Array(Text(1000), { minItems: 1, maxItems: 20 }),
    requirements: Type.Array(Text(4000), { maxItems: 50 }),
    legalBasis: Type.Array(Text(1000), { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type ProcedureDocument = Static<typeof ProcedureDocument>;

// ---- JSON API -------------------------------------------------------------------------

export const ProcedureCodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 70 }) });

export const SEARCH_PAGE_SIZE_MAX = 50;
export const SEARCH_PAGE_MAX = 50;

export const ProcedureSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the name, field or agency; accents optional, typos tolerated; or a procedure code' })),
    agency: Type.Optional(Type.String({ maxLength: 35, description: 'Competent or receiving agency (QĐ 20 code)' })),
    province: Type.Optional(Type.String({ maxLength: 2, description: 'Two-digit province code' })),
    field: Type.Optional(Type.String({ maxLength: 20, description: 'Field of activity code, e.g. G15-TP01' })),
    applicant: Type.Optional(Type.Enum(APPLICANT_TYPES)),
    level: Type.Optional(Type.Enum(ONLINE_LEVELS)),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_PAGE_MAX, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_PAGE_SIZE_MAX, default: 20 })),
  },
  { additionalProperties: false },
);
export type ProcedureSearchQuery = Static<typeof ProcedureSearchQuery>;

export const ProcedureSummaryJson = Type.Object({
  code: Type.String(),
  name: Type.String(),
  field: Type.Object({ code: Type.String(), name: Type.String() }),
  competentAgency: Type.Object({ code: Type.String(), name: Type.String() }),
  implementingLevel: Type.Union([Type.Enum(IMPLEMENTING_LEVELS), Type.Null()], { description: 'Cấp thực hiện: central, province or commune' }),
  receivingAgencies: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), { description: 'Where dossiers are received (cơ quan tiếp nhận)' }),
  applicantTypes: Type.Array(Type.Enum(APPLICANT_TYPES)),
  onlineLevel: Type.Union([Type.Enum(ONLINE_LEVELS), Type.Null()]),
  processingTime: ProcessingTime,
  feeVnd: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
  url: Type.String({ description: 'The procedure\'s public page' }),
  provincialVersions: Type.Array(
    Type.Object({ code: Type.String(), provinceCodes: Type.Array(Type.String()), url: Type.String() }),
    { description: 'The versions of the same procedure that provinces publish (with a province filter, only that province\'s)' },
  ),
});
export type ProcedureSummaryJson = Static<typeof ProcedureSummaryJson>;

export const ProcedureSearchJson = Type.Object({
  items: Type.Array(ProcedureSummaryJson),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pages: Type.Integer(),
});

export const ProcedureJson = Type.Object({
  code: Type.String(),
  version: Type.Integer(),
  versionId: Type.Integer({ description: 'Id of the published version: a dossier records it' }),
  publishedAt: Type.String({ format: 'date-time' }),
  document: ProcedureDocument,
});

export const ImportQuery = Type.Object(
  {
    skipInvalid: Type.Optional(Type.Boolean({ default: false, description: 'Import the valid procedures and report the others' })),
    dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Validate only' })),
    publish: Type.Optional(Type.Boolean({ default: true, description: 'Publish imported procedures (else keep them as drafts)' })),
  },
  { additionalProperties: false },
);

export const ImportErrorJson = Type.Object({ sheet: Type.String(), row: Type.Integer(), column: Type.String(), message: Type.String() });

export const ImportResultJson = Type.Object({
  total: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  written: Type.Boolean(),
  errors: Type.Array(ImportErrorJson),
});

export const ErrorJson = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    details: Type.Optional(Type.Object({}, { additionalProperties: true })),
  }),
});
