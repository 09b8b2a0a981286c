import { AgenciesErrors } from './agencies.errors.ts';

/**
 * Agency electronic identifiers (mã định danh điện tử), QĐ 20/2020/QĐ-TTg amended by
 * QĐ 09/2025/QĐ-TTg.
 *
 * Dot-separated groups; the rightmost group is level 1 (letter + two digits: `G22`,
 * `H49`); each group to its left is a unit under the group to its right. The usual
 * layout is `LLL.LL.LL.MXX` zero-padded, where a group of zeros means "no unit at this
 * level": `000.00.00.H49` is the level-1 body itself, `000.00.01.H49` a level-2 unit,
 * `000.01.01.H49` a level-3 unit under it.
 *
 * The number of levels is deliberately not fixed (the 2025 reform changed the hierarchy
 * once already): a code may carry more groups than the usual four, and every function
 * here works from the groups it finds.
 */

export const AGENCY_CODE_MAX_LENGTH = 35;
/** Groups written in the usual layout (levels 4 . 3 . 2 . 1); shorter codes are not in the standard shape. */
export const AGENCY_CODE_MIN_GROUPS = 4;

const CHARSET = /^[A-Z0-9.]+$/;
const LEVEL1 = /^[A-Z]\d{2}$/;
const DIGITS = /^\d+$/;

/**
 * Width of a unit group by level in the usual layout: levels 2 and 3 take two digits,
 * level 4 three. Levels beyond 4 (not used today) are assumed to take three digits like
 * level 4; change it here if an amendment says otherwise.
 */
export function groupWidth(level: number): number {
  return level <= 3 ? 2 : 3;
}

export interface ParsedAgencyCode {
  /** The code as written (normalised to upper case by the lenient parser). */
  code: string;
  /** 1 for the level-1 body itself; n for the deepest non-zero group. */
  level: number;
  /** The rightmost group, e.g. `H49`: the level-1 body every unit of this code belongs to. */
  level1: string;
  /** The letter of the level-1 group: `G` central bodies, `H` provincial People's Committees, `K` provincial People's Councils… */
  level1Kind: string;
  /** The level-1 body's own code in the usual layout, e.g. `000.00.00.H49`. */
  rootCode: string;
  /** The code of the unit one level up (this code with its deepest group zeroed); null at level 1. */
  parentCode: string | null;
  /** Codes of every ancestor, the level-1 body first, the parent last. */
  ancestorCodes: string[];
  /** The groups by level: `groups[0]` is level 1 (`H49`), `groups[1]` level 2, and so on. */
  groups: string[];
}

export type AgencyCodeProblem =
  | 'empty'
  | 'surrounding_whitespace'
  | 'too_long'
  | 'lowercase'
  | 'invalid_characters'
  | 'empty_group'
  | 'level1_malformed'
  | 'unit_group_not_digits'
  | 'too_few_groups'
  | 'group_width'
  | 'unit_without_parent';

const PROBLEM_TEXT: Record<AgencyCodeProblem, string> = {
  empty: 'the code is empty',
  surrounding_whitespace: 'the code has spaces around it',
  too_long: `the code is longer than ${AGENCY_CODE_MAX_LENGTH} characters`,
  lowercase: 'the code must be written in upper case',
  invalid_characters: 'only A-Z, 0-9 and "." are allowed',
  empty_group: 'a group between dots is empty',
  level1_malformed: 'the rightmost group must be a letter followed by two digits (e.g. H49)',
  unit_group_not_digits: 'unit groups (left of the level-1 group) must be digits',
  too_few_groups: `the usual layout has ${AGENCY_CODE_MIN_GROUPS} groups (e.g. 000.00.00.H49)`,
  group_width: 'a unit group does not have the width of its level (LLL.LL.LL.MXX)',
  unit_without_parent: 'a unit is given at a level whose parent level is all zeros',
};

export function describeAgencyCodeProblem(problem: AgencyCodeProblem): string {
  return PROBLEM_TEXT[problem];
}

/** Every rule the code breaks under the strict rules for data we write ourselves; empty when valid. */
export function agencyCodeProblems(code: string): AgencyCodeProblem[] {
  if (code.length === 0) return ['empty'];
  const problems: AgencyCodeProblem[] = [];
  if (code.length > AGENCY_CODE_MAX_LENGTH) problems.push('too_long');
  if (!CHARSET.test(code)) {
    problems.push(CHARSET.test(code.toUpperCase()) ? 'lowercase' : 'invalid_characters');
    return problems;
  }
  return [...problems, ...groupProblems(code.split('.'))];
}

function groupProblems(parts: string[]): AgencyCodeProblem[] {
  if (parts.some((p) => p.length === 0)) return ['empty_group'];
  const problems = new Set<AgencyCodeProblem>();
  const groups = [...parts].reverse();
  if (!LEVEL1.test(groups[0] ?? '')) problems.add('level1_malformed');
  if (groups.length < AGENCY_CODE_MIN_GROUPS) problems.add('too_few_groups');
  let seenZero = false;
  for (let i = 1; i < groups.length; i++) {
    const group = groups[i] ?? '';
    if (!DIGITS.test(group)) {
      problems.add('unit_group_not_digits');
      continue;
    }
    if (group.length !== groupWidth(i + 1)) problems.add('group_width');
    const zero = /^0+$/.test(group);
    if (!zero && seenZero) problems.add('unit_without_parent');
    if (zero) seenZero = true;
  }
  return [...problems];
}

export function isValidAgencyCode(code: string): boolean {
  return agencyCodeProblems(code).length === 0;
}

/** Strict parse for write paths we own: throws `agencies.code_invalid` listing every broken rule. */
export function parseAgencyCode(code: string): ParsedAgencyCode {
  const problems = agencyCodeProblems(code);
  if (problems.length > 0) {
    const described = problems.map(describeAgencyCodeProblem).join('; ');
    throw AgenciesErrors.codeInvalid(`Invalid agency code "${code.slice(0, 60)}": ${described}`, [{ field: 'code', message: described }]);
  }
  return structure(code, code.split('.').reverse());
}

/** Builds the structure from groups that already passed the checks that matter for it. */
function structure(code: string, groups: string[]): ParsedAgencyCode {
  const level1 = groups[0] ?? '';
  let level = 1;
  for (let i = groups.length - 1; i >= 1; i--) {
    if (!/^0+$/.test(groups[i] ?? '')) {
      level = i + 1;
      break;
    }
  }
  const zeroFrom = (lvl: number) => groups.map((g, i) => (i >= lvl ? '0'.repeat(g.length) : g));
  const write = (gs: string[]) => [...gs].reverse().join('.');
  const ancestorCodes: string[] = [];
  for (let lvl = 1; lvl < level; lvl++) ancestorCodes.push(write(zeroFrom(lvl)));
  return {
    code,
    level,
    level1,
    level1Kind: level1.charAt(0),
    rootCode: write(zeroFrom(1)),
    parentCode: level > 1 ? write(zeroFrom(level - 1)) : null,
    ancestorCodes,
    groups,
  };
}

export interface LenientParse {
  /** The input trimmed and upper-cased. */
  code: string;
  /** The structure when a level-1 group could be found; undefined otherwise. */
  parsed: ParsedAgencyCode | undefined;
  /** Rules the raw input breaks; empty means the code is strictly valid as given. */
  warnings: AgencyCodeProblem[];
}

/**
 * For interop paths (document exchange, imported packages) where real data is messy —
 * ids like `28.22.H17` or ` 000.00.00.h49` — accept and flag: never throws, returns
 * the best structure it can with the list of rules broken.
 */
export function parseAgencyCodeLenient(raw: unknown): LenientParse {
  const text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
  const trimmed = text.trim();
  const code = trimmed.toUpperCase();
  if (code.length === 0) return { code, parsed: undefined, warnings: ['empty'] };
  const warnings: AgencyCodeProblem[] = [];
  if (trimmed !== text) warnings.push('surrounding_whitespace');
  if (code !== trimmed) warnings.push('lowercase');
  warnings.push(...agencyCodeProblems(code));
  const groups = code.split('.').filter((g) => g.length > 0).reverse();
  const usable = LEVEL1.test(groups[0] ?? '') && groups.slice(1).every((g) => DIGITS.test(g));
  return { code, parsed: usable ? structure([...groups].reverse().join('.'), groups) : undefined, warnings };
}

/** The level-1 group of a code (`H49` for `000.01.01.H49`), or undefined when it has none. */
export function level1Of(code: string): string | undefined {
  const last = code.trim().toUpperCase().split('.').at(-1) ?? '';
  return LEVEL1.test(last) ? last : undefined;
}

/**
 * Structures by code text, for isWithin: the status sync asks it for every item of a batch and
 * every lookup, about the same few thousand agencies, and a lenient parse (its warnings
 * included) made about a tenth of the garbage of the thread serving lookups during ingestion.
 * Parsing is pure and the structures are only read here; bounded, emptied when full.
 */
const withinParses = new Map<string, ParsedAgencyCode | undefined>();
const WITHIN_PARSES_KEPT = 10_000;
/** Longer text is no code (QĐ 20 codes have a few dozen characters): parsed, never kept, so callers' input cannot fill the memory with its strings. */
const WITHIN_KEY_MAX = 64;

function parsedForWithin(code: string): ParsedAgencyCode | undefined {
  if (code.length > WITHIN_KEY_MAX) return parseAgencyCodeLenient(code).parsed;
  if (withinParses.has(code)) return withinParses.get(code);
  if (withinParses.size >= WITHIN_PARSES_KEPT) withinParses.clear();
  const parsed = parseAgencyCodeLenient(code).parsed;
  withinParses.set(code, parsed);
  return parsed;
}

/**
 * True when `code` is `ancestorCode` itself or a unit below it: same level-1 group and the
 * ancestor's non-zero groups repeated in the code. False when either code cannot be parsed.
 */
export function isWithin(code: string, ancestorCode: string): boolean {
  const a = parsedForWithin(code);
  const b = parsedForWithin(ancestorCode);
  if (!a || !b || a.level < b.level || a.level1 !== b.level1) return false;
  for (let i = 1; i < b.level; i++) {
    if (Number(a.groups[i]) !== Number(b.groups[i])) return false;
  }
  return true;
}

export interface AgencyTreeNode<T extends { code: string }> {
  agency: T;
  children: AgencyTreeNode<T>[];
}

/**
 * Arranges agencies into a forest by their codes. An agency whose parent is missing from
 * the list hangs under its nearest listed ancestor (a directory need not hold every
 * intermediate unit), and becomes a root when it has none. Siblings are sorted by code.
 */
export function buildAgencyTree<T extends { code: string }>(agencies: readonly T[]): AgencyTreeNode<T>[] {
  const nodes = new Map<string, AgencyTreeNode<T>>();
  for (const agency of agencies) nodes.set(agency.code, { agency, children: [] });
  const roots: AgencyTreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parsed = parseAgencyCodeLenient(node.agency.code).parsed;
    const ancestors = parsed ? [...parsed.ancestorCodes].reverse() : [];
    const parent = ancestors.map((c) => nodes.get(c)).find((n) => n !== undefined && n !== node);
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: AgencyTreeNode<T>[]) => {
    list.sort((x, y) => compareAgencyCodes(x.agency.code, y.agency.code));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/**
 * Orders codes as a reader expects: by level-1 group (G before H), then by the unit groups
 * from level 2 down, so that a unit follows its parent.
 */
export function compareAgencyCodes(a: string, b: string): number {
  const ga = a.split('.').reverse();
  const gb = b.split('.').reverse();
  for (let i = 0; i < Math.max(ga.length, gb.length); i++) {
    const x = ga[i] ?? '';
    const y = gb[i] ?? '';
    if (x === y) continue;
    if (i > 0 && DIGITS.test(x) && DIGITS.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return 0;
}
