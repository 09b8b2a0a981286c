import { describe, expect, it } from 'vitest';
import type { EdxmlWarning } from './model.ts';
import { agencyIdProblems, readDate, readDocumentId } from './values.ts';

function collect() {
  const warnings: EdxmlWarning[] = [];
  return { warnings, warn: (code: EdxmlWarning['code'], element: string | null, message: string) => warnings.push({ code, element, message }) };
}

describe('agencyIdProblems (lenient QĐ 20 check)', () => {
  it.each(['000.00.00.G22', '000.00.00.H49', '000.01.01.H59', '000.00.01.H59', '002.00.20.H13', '001.000.01.01.H49'])('accepts %s', (id) => {
    expect(agencyIdProblems(id)).toEqual([]);
  });

  it.each([
    ['28.22.H17', 'four groups'],
    ['000.00.00.h49', 'A-Z'],
    ['000.00.00.49H', 'letter and two digits'],
    ['000..00.H49', 'empty'],
    ['0000.00.00.H49', '3 digits'],
    ['000.0.00.H49', '2 digits'],
    ['000.AB.00.H49', 'digits'],
    [`${'0'.repeat(32)}.H49`, '35'],
    ['', 'empty'],
  ])('flags %s (%s)', (id, why) => {
    expect(agencyIdProblems(id).join('; ')).toContain(why);
  });
});

describe('readDate', () => {
  it.each([
    ['2024/02/29', '2024-02-29'],
    ['2015/9/3', '2015-09-03'],
    ['2015-09-30', '2015-09-30'],
    ['2018/09/28 00:00:00', '2018-09-28T00:00:00+07:00'],
    ['2015/09/20 23:59', '2015-09-20T23:59:00+07:00'],
  ])('%s → %s', (raw, iso) => {
    const { warnings, warn } = collect();
    expect(readDate(raw, 'X', warn)).toEqual({ raw, iso });
    expect(warnings).toEqual([]);
  });

  it.each(['2014/02/30', '2023/02/29', '2015/13/01', '2015/09/20 24:00:00', '2015/09/20 10:60', '30/09/2015', 'tomorrow', ''])('%s has no ISO value and is flagged', (raw) => {
    const { warnings, warn } = collect();
    expect(readDate(raw, 'A/B', warn)).toEqual({ raw, iso: null });
    expect(warnings).toEqual([{ code: 'invalid_date', element: 'A/B', message: expect.stringContaining(raw) }]);
  });
});

describe('readDocumentId', () => {
  it('splits issuer, date and number/notation, keeping commas inside the notation', () => {
    const { warnings, warn } = collect();
    expect(readDocumentId('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT, bổ sung', 'D', warn)).toEqual({
      raw: '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT, bổ sung',
      issuerOrganId: '000.00.00.G22',
      date: { raw: '2015/09/30', iso: '2015-09-30' },
      codeNumberNotation: '7816/VPCP-TTĐT, bổ sung',
    });
    expect(warnings).toEqual([]);
  });

  it('flags a bad issuer and date inside an id of the right shape', () => {
    const { warnings, warn } = collect();
    readDocumentId('28.22.H17,2014/02/30,1/X', 'D', warn);
    expect(warnings.map((w) => w.code)).toEqual(['malformed_agency_id', 'invalid_date']);
  });
});
