import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });

export const ErrorJson = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});

export const WarningJson = Type.Object({ code: Type.String(), element: Nullable(Type.String()), message: Type.String() });

export const DeliveryJson = Type.Object({
  recipient: Type.String({ description: 'QĐ 20 code of the recipient agency' }),
  sequence: Type.Integer({ description: 'Position in the sender→recipient pair: recipients process in this order' }),
  state: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('acknowledged')]),
  ackResult: Nullable(Type.Union([Type.Literal('done'), Type.Literal('fail'), Type.Literal('processing')])),
  withdrawn: Nullable(Type.Union([Type.Literal('revoked'), Type.Literal('replaced'), Type.Literal('removed')])),
  withdrawnBy: Nullable(Type.String({ description: 'The package that revoked, replaced or removed it' })),
  deliveredAt: Nullable(Timestamp),
  acknowledgedAt: Nullable(Timestamp),
});
export type DeliveryJson = Static<typeof DeliveryJson>;

export const PackageJson = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('document'), Type.Literal('status')]),
  sender: Type.String(),
  documentId: Type.String({ description: 'The raw DocumentId (of ResponseFor for a status)' }),
  businessType: Nullable(Type.Integer({ description: '0 new, 1 revocation, 2 update, 3 replacement' })),
  statusCode: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  priority: Nullable(Type.Integer({ description: '0 normal, 1 urgent (khẩn), 2 very urgent (thượng khẩn), 3 express (hỏa tốc), 4 timed express' })),
  dueDate: Nullable(Type.String({ format: 'date' })),
  sha256: Type.String(),
  size: Type.Integer(),
  signature: Type.Union([Type.Literal('verified'), Type.Literal('invalid'), Type.Literal('absent')]),
  warnings: Type.Array(WarningJson),
  receivedAt: Timestamp,
});
export type PackageJson = Static<typeof PackageJson>;

export const SendResponse = Type.Object({
  id: Type.String(),
  documentId: Type.String(),
  duplicate: Type.Boolean({ description: 'True when the hub already had this package: nothing was delivered again' }),
  package: PackageJson,
  deliveries: Type.Array(DeliveryJson),
  warnings: Type.Array(WarningJson),
});

export const PackageParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const InboxQuery = Type.Object(
  {
    agency: Type.Optional(Type.String({ maxLength: 35, description: 'A unit of the calling agency (default: the calling agency)' })),
    after: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'Cursor: the nextAfter of the previous page. Best used to page through one poll: a delivery still being committed can land behind a cursor, so a receiving system polls from the start again after acknowledging what it got.',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const InboxResponse = Type.Object({
  items: Type.Array(Type.Object({ deliveryId: Type.Integer(), package: PackageJson, delivery: DeliveryJson })),
  nextAfter: Nullable(Type.Integer()),
});

export const PackageView = Type.Object({
  package: PackageJson,
  deliveries: Type.Array(DeliveryJson),
  model: Type.Unknown({ description: 'The edXML model (see the exchange module: DocumentPackage | StatusPackage)' }),
});

export const AckBody = Type.Object(
  { result: Type.Union([Type.Literal('done'), Type.Literal('fail'), Type.Literal('processing')]) },
  { additionalProperties: false },
);

const AckResultJson = Type.Union([Type.Literal('done'), Type.Literal('fail'), Type.Literal('processing')]);

export const AcksBody = Type.Object(
  {
    acks: Type.Array(Type.Object({ id: Type.String({ format: 'uuid', description: 'Package id' }), result: AckResultJson }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 500,
    }),
  },
  { additionalProperties: false },
);

export const AcksResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      ok: Type.Boolean(),
      delivery: Type.Optional(DeliveryJson),
      error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
    { description: 'One outcome per acknowledgement, in the order sent' },
  ),
});

export const SentQuery = Type.Object(
  {
    agency: Type.Optional(Type.String({ maxLength: 35 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);

const StatusJson = Type.Object({
  statusCode: Type.String(),
  reporter: Type.String(),
  description: Nullable(Type.String()),
  reportedAt: Nullable(Timestamp),
  recordedAt: Timestamp,
  packageId: Type.String(),
});

export const SentResponse = Type.Object({
  items: Type.Array(
    Type.Object({ package: PackageJson, deliveries: Type.Array(Type.Object({ ...DeliveryJson.properties, statuses: Type.Array(StatusJson) })) }),
  ),
});

export const AgenciesQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    parent: Type.Optional(Type.String({ maxLength: 35 })),
    after: Type.Optional(Type.String({ maxLength: 35 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const AgenciesResponse = Type.Object({
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), parentCode: Nullable(Type.String()), level: Type.Integer() })),
  nextAfter: Nullable(Type.String()),
});

export const CertificateBody = Type.Object(
  { certificate: Type.String({ minLength: 1, maxLength: 20000, description: 'PEM: an X.509 certificate or an SPKI public key' }) },
  { additionalProperties: false },
);

export const CertificateResponse = Type.Object({
  id: Type.Integer(),
  agencyCode: Type.String(),
  fingerprint: Type.String({ description: 'SHA-256 of the DER, hex' }),
  notAfter: Nullable(Timestamp),
  created: Type.Boolean({ description: 'False when this certificate was already registered' }),
});

export const PolicyBody = Type.Object(
  {
    refuseUnsigned: Type.Boolean({ description: 'Refuse packages without a signature addressed to this agency' }),
    refuseInvalid: Type.Boolean({ description: 'Refuse packages whose signature does not verify against the sender\'s certificates' }),
  },
  { additionalProperties: false },
);

export const PolicyResponse = Type.Object({ agencyCode: Type.String(), refuseUnsigned: Type.Boolean(), refuseInvalid: Type.Boolean() });

export const WebhookBody = Type.Object({ url: Type.String({ minLength: 1, maxLength: 2000, description: 'https URL (http outside production), without credentials, the hub POSTs each delivery to. Refused (400 `exchange.webhook_url_internal`) when its host is or resolves to an internal address (loopback, private, link-local, reserved) not on the operator allow-list WEBHOOK_ALLOW_HOSTS; 400 `exchange.webhook_url_unresolvable` when it has no address.' }) }, { additionalProperties: false });
export const WebhookResponse = Type.Object({
  url: Type.String(),
  secret: Type.String({ description: 'Signs every push (X-Egov-* headers, client id egov-exchange). Shown once.' }),
});
export const RedeliverResponse = Type.Object({ queued: Type.Integer() });
