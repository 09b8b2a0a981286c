import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../platform/errors/index.ts';
import {
  agencyCodeProblems,
  buildAgencyTree,
  compareAgencyCodes,
  isValidAgencyCode,
  isWithin,
  level1Of,
  parseAgencyCode,
  parseAgencyCodeLenient,
} from './agency-code.ts';

describe('agency code validation (QĐ 20/2020)', () => {
  it.each([
    '000.00.00.G22',
    '000.01.01.H59',
    '000.00.00.H49',
    '000.00.01.H49',
    '001.01.01.H49',
    '000.000.00.00.H49', // a fifth level: the depth is not fixed
    '000.00.12.K49',
  ])('accepts %s', (code) => {
    expect(agencyCodeProblems(code)).toEqual([]);
    expect(isValidAgencyCode(code)).toBe(true);
  });

  it.each<[string, string]>([
    ['000.00.00.g22', 'lowercase'],
    ['000.00.00.h49', 'lowercase'],
    ['', 'empty'],
    ['000.00.00.H4', 'level1_malformed'],
    ['000.00.00.HH9', 'level1_malformed'],
    ['000.00.00.490', 'level1_malformed'],
    ['000.00.H49', 'too_few_groups'],
    ['28.22.H17', 'too_few_groups'],
    ['H49', 'too_few_groups'],
    ['000..00.H49', 'empty_group'],
    ['.000.00.00.H49', 'empty_group'],
    ['000.00.00.H49.', 'empty_group'],
    ['000.0A.00.H49', 'unit_group_not_digits'],
    ['00.00.00.H49', 'group_width'],
    ['000.00.001.H49', 'group_width'],
    ['000 00 00 H49', 'invalid_characters'],
    ['000-00-00-H49', 'invalid_characters'],
    ['000.01.00.H49', 'unit_without_parent'],
    ['000.000.000.000.000.000.000.00.00.H49', 'too_long'], // 37 characters
  ])('rejects %s (%s)', (code, problem) => {
    expect(agencyCodeProblems(code)).toContain(problem);
    expect(isValidAgencyCode(code)).toBe(false);
  });

  it('draws the length limit at exactly 35 characters', () => {
    const deepest = '000.000.000.000.000.000.00.00.H49'; // 33 characters, eight levels, every rule kept
    expect(deepest).toHaveLength(33);
    expect(agencyCodeProblems(deepest)).toEqual([]);
    const of35 = `0.${deepest}`;
    const of36 = `00.${deepest}`;
    expect(of35).toHaveLength(35);
    expect(agencyCodeProblems(of35)).not.toContain('too_long');
    expect(of36).toHaveLength(36);
    expect(agencyCodeProblems(of36)).toContain('too_long');
  });

  it('throws a domain error naming every broken rule', () => {
    try {
      parseAgencyCode('000.01.00.h49');
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error)).toBe(true);
      if (!isDomainError(error)) return;
      expect(error.code).toBe('agencies.code_invalid');
      expect(error.kind).toBe('invalid');
      expect(error.message).toContain('upper case');
    }
  });
});

describe('agency code parsing', () => {
  it('parses a level-1 body', () => {
    const p = parseAgencyCode('000.00.00.H49');
    expect(p).toMatchObject({ level: 1, level1: 'H49', level1Kind: 'H', parentCode: null, rootCode: '000.00.00.H49', ancestorCodes: [] });
  });

  it('parses a level-2 unit with the level-1 body as parent', () => {
    const p = parseAgencyCode('000.00.01.H49');
    expect(p).toMatchObject({ level: 2, level1: 'H49', parentCode: '000.00.00.H49', ancestorCodes: ['000.00.00.H49'] });
    expect(p.groups).toEqual(['H49', '01', '00', '000']);
  });

  it('parses a level-3 unit with its level-2 parent', () => {
    const p = parseAgencyCode('000.01.01.H59');
    expect(p).toMatchObject({ level: 3, level1: 'H59', parentCode: '000.00.01.H59', ancestorCodes: ['000.00.00.H59', '000.00.01.H59'] });
  });

  it('follows deeper hierarchies without a fixed number of levels', () => {
    const p = parseAgencyCode('007.001.02.03.G15');
    expect(p.level).toBe(5);
    expect(p.parentCode).toBe('000.001.02.03.G15');
    expect(p.ancestorCodes).toEqual(['000.000.00.00.G15', '000.000.00.03.G15', '000.000.02.03.G15', '000.001.02.03.G15']);
  });

  it('answers subtree membership by code', () => {
    expect(isWithin('000.01.01.H49', '000.00.00.H49')).toBe(true);
    expect(isWithin('000.01.01.H49', '000.00.01.H49')).toBe(true);
    expect(isWithin('000.00.01.H49', '000.00.01.H49')).toBe(true);
    expect(isWithin('000.01.02.H49', '000.00.01.H49')).toBe(false);
    expect(isWithin('000.00.00.H49', '000.00.01.H49')).toBe(false);
    expect(isWithin('000.00.01.H29', '000.00.00.H49')).toBe(false);
    expect(isWithin('garbage', '000.00.00.H49')).toBe(false);
    expect(level1Of('000.01.01.H49')).toBe('H49');
    expect(level1Of('nothing')).toBeUndefined();
  });

  it('answers subtree membership alike when asked again, and after more codes than it keeps parsed', () => {
    const cases: [string, string, boolean][] = [
      ['000.01.01.H49', '000.00.01.H49', true],
      ['000.01.02.H49', '000.00.01.H49', false],
      [' 000.01.01.h49', '000.00.00.H49', true],
      ['000.00.01.H29', '000.00.00.H49', false],
      ['garbage', '000.00.00.H49', false],
    ];
    const ask = () => cases.map(([code, ancestor]) => isWithin(code, ancestor));
    expect(ask()).toEqual(cases.map((c) => c[2]));
    // Distinct codes past the bound: some under 000.00.07.H49 (third group 7), most not.
    const codes = Array.from({ length: 12_500 }, (_, i) => `000.${String(i % 100).padStart(2, '0')}.${String(Math.floor(i / 100) % 20).padStart(2, '0')}.${i < 12_000 ? 'H49' : 'H29'}`);
    const first = codes.map((c) => isWithin(c, '000.00.07.H49'));
    expect(first.filter(Boolean).length).toBe(600);
    expect(codes.map((c) => isWithin(c, '000.00.07.H49'))).toEqual(first);
    expect(ask()).toEqual(cases.map((c) => c[2]));
    // Text far longer than any code is still answered (not kept).
    expect(isWithin(`000.01.01.H49${' '.repeat(100)}`, '000.00.00.H49')).toBe(true);
  });

  it('orders codes so that a unit follows its parent', () => {
    const codes = ['000.00.10.H49', '000.01.02.H49', '000.00.00.H49', '000.00.02.H49', '000.00.00.G22', '000.00.01.H49'];
    expect([...codes].sort(compareAgencyCodes)).toEqual([
      '000.00.00.G22',
      '000.00.00.H49',
      '000.00.01.H49',
      '000.00.02.H49',
      '000.01.02.H49',
      '000.00.10.H49',
    ]);
  });
});

describe('lenient parsing for interop paths', () => {
  it('accepts a messy id from a real package and flags it', () => {
    const r = parseAgencyCodeLenient('28.22.H17');
    expect(r.parsed).toMatchObject({ level1: 'H17', level: 3, parentCode: '00.22.H17' });
    expect(r.warnings).toEqual(['too_few_groups']);
  });

  it('normalises case and whitespace but reports both', () => {
    const r = parseAgencyCodeLenient(' 000.00.00.h49 ');
    expect(r.code).toBe('000.00.00.H49');
    expect(r.parsed?.level1).toBe('H49');
    expect(r.warnings).toEqual(['surrounding_whitespace', 'lowercase']);
  });

  it('returns no warnings for a valid code', () => {
    expect(parseAgencyCodeLenient('000.00.00.G22').warnings).toEqual([]);
  });

  it('never throws, even on nonsense', () => {
    for (const raw of [undefined, null, 42, '', '...', 'ABC', '000.00.00.<script>']) {
      const r = parseAgencyCodeLenient(raw);
      expect(r.parsed).toBeUndefined();
      expect(r.warnings.length).toBeGreaterThan(0);
    }
  });
});

describe('agency tree', () => {
  const a = (code: string) => ({ code });

  it('nests units under their parents and sorts siblings', () => {
    const tree = buildAgencyTree([a('000.00.02.H49'), a('000.01.01.H49'), a('000.00.00.H49'), a('000.00.01.H49'), a('000.00.00.G22')]);
    expect(tree.map((n) => n.agency.code)).toEqual(['000.00.00.G22', '000.00.00.H49']);
    const h49 = tree[1];
    expect(h49?.children.map((n) => n.agency.code)).toEqual(['000.00.01.H49', '000.00.02.H49']);
    expect(h49?.children[0]?.children.map((n) => n.agency.code)).toEqual(['000.01.01.H49']);
  });

  it('hangs a unit under its nearest listed ancestor when the parent is missing', () => {
    const tree = buildAgencyTree([a('000.01.01.H49'), a('000.00.00.H49')]);
    expect(tree).toHaveLength(1);
    expect(tree[0]?.children.map((n) => n.agency.code)).toEqual(['000.01.01.H49']);
  });

  it('makes a unit a root when none of its ancestors is listed', () => {
    const tree = buildAgencyTree([a('000.01.01.H49'), a('000.00.00.H29')]);
    expect(tree.map((n) => n.agency.code)).toEqual(['000.00.00.H29', '000.01.01.H49']);
  });
});
