import { isDomainError } from '../../platform/errors/index.ts';
import type { AgenciesApi } from '../agencies/index.ts';
import type { UnitLookup } from './dossiers.validation.ts';

/**
 * The names of provinces and communes an applicant's address names, from the agencies
 * directory. An unknown province is an unknown commune (the field is wrong); any other failure,
 * a database outage above all, is the request's failure and goes on as it is: an applicant is
 * never told that a commune they chose does not exist because the directory could not be read.
 */
export function unitLookup(agencies: Pick<AgenciesApi, 'listProvinces' | 'listCommunes'>): UnitLookup {
  return {
    async provinceName(code) {
      return (await agencies.listProvinces()).find((p) => p.code === code)?.name;
    },
    async communeName(provinceCode, communeCode) {
      try {
        return (await agencies.listCommunes(provinceCode)).find((c) => c.code === communeCode)?.name;
      } catch (error) {
        if (isDomainError(error) && error.kind === 'not_found') return undefined;
        throw error;
      }
    },
  };
}
