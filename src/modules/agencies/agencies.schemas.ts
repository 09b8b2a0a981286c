import { Type, type Static } from 'typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

/** A schema and its type share one name. */
export const AgencyCodeParam = Type.String({ minLength: 1, maxLength: 35, description: 'QĐ 20/2020 electronic identifier, e.g. 000.00.00.H49' });

export const AgencyJson = Type.Object(
  {
    code: Type.String({ examples: ['000.00.00.H49'] }),
    name: Type.String(),
    nameEn: Nullable(Type.String()),
    level: Type.Integer({ minimum: 1, description: '1 for a level-1 body; deeper units count up' }),
    level1: Type.String({ description: 'The level-1 body (rightmost group of the code), e.g. H49' }),
    parentCode: Nullable(Type.String()),
    provinceCode: Nullable(Type.String({ description: 'Two-digit province code (QĐ 19/2025)' })),
    communeCode: Nullable(Type.String()),
    codeConfirmed: Type.Boolean({ description: 'False when the code was not checked against an official source' }),
    demo: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type AgencyJson = Static<typeof AgencyJson>;

export const AgencyListQuery = Type.Object(
  {
    parent: Type.Optional(AgencyCodeParam),
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Name (accents optional) or code prefix' })),
    after: Type.Optional(Type.String({ maxLength: 35, description: 'Cursor: the nextAfter of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type AgencyListQuery = Static<typeof AgencyListQuery>;

export const AgencyList = Type.Object({ items: Type.Array(AgencyJson), nextAfter: Nullable(Type.String()) });
export type AgencyList = Static<typeof AgencyList>;

export const AgencyParams = Type.Object({ code: AgencyCodeParam });

export const ProvinceJson = Type.Object({
  code: Type.String({ pattern: '^[0-9]{2}$' }),
  name: Type.String(),
  kind: Type.Union([Type.Literal('city'), Type.Literal('province')]),
});
export const ProvinceList = Type.Object({ items: Type.Array(ProvinceJson) });

export const CommuneJson = Type.Object({
  code: Type.String({ pattern: '^[0-9]{5}$' }),
  name: Type.String(),
  provinceCode: Type.String(),
  demo: Type.Boolean(),
});
export const CommuneList = Type.Object({ items: Type.Array(CommuneJson) });
export const ProvinceParams = Type.Object({ code: Type.String({ maxLength: 10 }) });

export const ErrorJson = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  }),
});
