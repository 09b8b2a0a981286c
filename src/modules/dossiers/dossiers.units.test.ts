import { describe, expect, it } from 'vitest';
import { databaseUnavailable } from '../../platform/db/index.ts';
import { notFound } from '../../platform/errors/index.ts';
import { unitLookup } from './dossiers.units.ts';

const commune = { code: '22015', name: 'Phường Hạ Long', provinceCode: '22', isDemo: false };
const directory = (listCommunes: (code: string) => Promise<(typeof commune)[]>) => ({ listProvinces: async () => [], listCommunes });

describe('the address fields checked against the directory', () => {
  it('names a commune of the province, and knows no commune of an unknown province', async () => {
    const units = unitLookup(directory(async (code) => {
      if (code !== '22') throw notFound('agencies.province_not_found', `No province with code ${code}`);
      return [commune];
    }));
    expect(await units.communeName('22', '22015')).toBe('Phường Hạ Long');
    expect(await units.communeName('22', '99999')).toBeUndefined();
    expect(await units.communeName('99', '22015')).toBeUndefined();
  });

  it('fails the request when the directory cannot be read, instead of calling the commune wrong', async () => {
    // A PostgreSQL restart during a submission made the applicant's commune "invalid" (400).
    const units = unitLookup(directory(async () => {
      throw databaseUnavailable(new Error('the database system is shutting down'));
    }));
    await expect(units.communeName('22', '22015')).rejects.toMatchObject({ code: 'db.unavailable', kind: 'unavailable' });
  });
});
