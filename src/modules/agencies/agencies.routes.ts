import { sendCachedJson, type HttpApp } from '../../platform/http/index.ts';
import type { DirectoryService } from './agencies.service.ts';
import type { Agency } from './agencies.types.ts';
import { AgencyJson, AgencyList, AgencyListQuery, AgencyParams, CommuneList, ErrorJson, ProvinceList, ProvinceParams } from './agencies.schemas.ts';

/** Every field the public API exposes, listed here and nowhere else. */
export function presentAgency(agency: Agency): AgencyJson {
  return {
    code: agency.code,
    name: agency.name,
    nameEn: agency.nameEn,
    level: agency.level,
    level1: agency.level1,
    parentCode: agency.parentCode,
    provinceCode: agency.provinceCode,
    communeCode: agency.communeCode,
    codeConfirmed: agency.codeConfirmed,
    demo: agency.isDemo,
  };
}

/** The public directory API: reading it needs no sign-in. */
export function registerAgenciesApi(app: HttpApp, directory: DirectoryService): void {
  app.get(
    '/api/v1/agencies',
    {
      schema: {
        tags: ['agencies'],
        summary: 'Search the agency directory',
        description: 'Agencies in code order; `parent` lists the direct units of an agency, `q` matches names without accents or a code prefix.',
        querystring: AgencyListQuery,
        response: { 200: AgencyList, 400: ErrorJson },
      },
    },
    async (request) => {
      const page = await directory.searchAgencies(request.query);
      return { items: page.items.map(presentAgency), nextAfter: page.nextAfter };
    },
  );

  app.get(
    '/api/v1/agencies/:code',
    {
      schema: {
        tags: ['agencies'],
        summary: 'One agency by its QĐ 20 code',
        params: AgencyParams,
        response: { 200: AgencyJson, 400: ErrorJson, 404: ErrorJson },
      },
    },
    async (request) => presentAgency(await directory.getAgency(request.params.code)),
  );

  app.get(
    '/api/v1/units/provinces',
    { schema: { tags: ['units'], summary: 'The 34 provinces and centrally-run cities (QĐ 19/2025)', response: { 200: ProvinceList } } },
    async (request, reply) => sendCachedJson(request, reply, { items: await directory.listProvinces() }),
  );

  app.get(
    '/api/v1/units/provinces/:code/communes',
    {
      schema: {
        tags: ['units'],
        summary: 'Communes, wards and special zones of a province',
        params: ProvinceParams,
        response: { 200: CommuneList, 404: ErrorJson },
      },
    },
    async (request, reply) => {
      const communes = await directory.listCommunes(request.params.code);
      // Cached by browsers (ETag, max-age): the address fields' script filters communes by province with it.
      return sendCachedJson(request, reply, { items: communes.map((c) => ({ code: c.code, name: c.name, provinceCode: c.provinceCode, demo: c.isDemo })) });
    },
  );
}
