import { Type, type Static } from 'typebox';

// Form bodies are loose on purpose: every field optional and bounded only against abuse.
// The use cases validate and answer with messages tied to fields; a schema failure here
// would only give a bare 400 page and lose what the person typed.
const Text = Type.Optional(Type.String({ maxLength: 1000 }));
const Secret = Type.Optional(Type.String({ maxLength: 1000 }));

export const RegisterForm = Type.Object({
  accountType: Text,
  personalId: Text,
  taxCode: Text,
  fullName: Text,
  email: Text,
  phone: Text,
  password: Secret,
  passwordConfirm: Secret,
});
export type RegisterForm = Static<typeof RegisterForm>;

export const LoginForm = Type.Object({ identifier: Text, password: Secret, next: Text });
export type LoginForm = Static<typeof LoginForm>;

export const NextQuery = Type.Object({ next: Text, reset: Text, confirmed: Text, expired: Text });

export const ForgotForm = Type.Object({ email: Text });

export const ResetQuery = Type.Object({ token: Text });
export const ResetForm = Type.Object({ token: Text, password: Secret, passwordConfirm: Secret });

export const ConfirmQuery = Type.Object({ token: Text });
export const ConfirmForm = Type.Object({ token: Text });
export const ResendForm = Type.Object({ email: Text });

export const ProfileQuery = Type.Object({ saved: Text, emailSent: Text, emailChanged: Text });
export const ProfileForm = Type.Object({ fullName: Text, email: Text, phone: Text, currentPassword: Secret });

export const OfficialsQuery = Type.Object({ agency: Text, created: Text, invited: Text, saved: Text });

// With the app's `coerceTypes: 'array'`, one ticked box (a string) arrives as a one-item array.
const Roles = Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 10 }));

export const NewOfficialForm = Type.Object({ email: Text, fullName: Text, agencyCode: Text, roles: Roles, password: Secret });
export type NewOfficialForm = Static<typeof NewOfficialForm>;

export const OfficialParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const EditOfficialForm = Type.Object({ roles: Roles, status: Text });

/** JSON: who am I (for scripts and the future front-end). */
export const MeJson = Type.Object({
  accountId: Type.String(),
  kind: Type.Union([Type.Literal('citizen'), Type.Literal('business'), Type.Literal('official'), Type.Literal('admin')]),
  displayName: Type.String(),
  agencyCode: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Type.String()),
});

export const CodeForm = Type.Object({ code: Secret, next: Text });
export const NextOnlyQuery = Type.Object({ next: Text, done: Text });

export const ClientForm = Type.Object({
  name: Text,
  kind: Text,
  redirectUris: Text,
  postLogoutRedirectUris: Text,
  scopes: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 20 })),
  logoUri: Text,
  backchannelLogoutUri: Text,
  contactEmail: Text,
});
export const ClientParams = Type.Object({ clientId: Type.String({ maxLength: 100 }) });
export const InteractionParams = Type.Object({ uid: Type.String({ maxLength: 100 }) });
export const WithdrawForm = Type.Object({ clientId: Text });
export const EraseForm = Type.Object({ confirm: Text });
export const RelyingPartiesQuery = Type.Object({ withdrawn: Text });

export const AssuranceQuery = Type.Object({ raised: Text });
export const BirthDateForm = Type.Object({ birthDate: Text, 'birthDate.day': Text, 'birthDate.month': Text, 'birthDate.year': Text });
export const AssertionForm = Type.Object({ assertion: Type.Optional(Type.String({ maxLength: 4096 })) });
export const DeskCheckForm = Type.Object({ personalId: Text, birthDate: Text, 'birthDate.day': Text, 'birthDate.month': Text, 'birthDate.year': Text });

/** The error envelope of a refusal (platform/http's error handler). */
export const ErrorJson = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String() }),
});
