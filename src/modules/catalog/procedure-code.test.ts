import { describe, expect, it } from 'vitest';
import { caseCode, isCatalogueCode, parseProcedureCode } from './procedure-code.ts';

describe('procedure codes', () => {
  it('parses a base code, an agency variant and case suffixes', () => {
    expect(parseProcedureCode('1.001193')).toEqual({ code: '1.001193', baseCode: '1.001193', agencyCode: null, caseSuffix: null });
    expect(parseProcedureCode('1.011442.000.00.00.H38')).toEqual({ code: '1.011442.000.00.00.H38', baseCode: '1.011442', agencyCode: '000.00.00.H38', caseSuffix: null });
    expect(parseProcedureCode('1.001193.02')).toEqual({ code: '1.001193', baseCode: '1.001193', agencyCode: null, caseSuffix: '02' });
    expect(parseProcedureCode('1.011442.000.00.00.H38.02')).toEqual({ code: '1.011442.000.00.00.H38', baseCode: '1.011442', agencyCode: '000.00.00.H38', caseSuffix: '02' });
    expect(caseCode('1.001193', '02')).toBe('1.001193.02');
  });

  it('refuses what is not a procedure code', () => {
    for (const bad of ['', '1.1193', '01.001193', '1.0011930', '1-001193', '1.001193.', '1.001193.000.00.00.h49', '1.001193.XYZ', '1.001193.2', '1.001193.002', ' 1.001193', `1.001193.${'0'.repeat(60)}.H49`]) {
      expect(parseProcedureCode(bad), bad).toBeUndefined();
    }
  });

  it('only base and variant codes name a catalogue row', () => {
    expect(isCatalogueCode('2.000488')).toBe(true);
    expect(isCatalogueCode('2.000488.000.00.01.H29')).toBe(true);
    expect(isCatalogueCode('2.000488.01')).toBe(false);
    expect(isCatalogueCode('2.000488.000.00.01.H29.01')).toBe(false);
  });
});
