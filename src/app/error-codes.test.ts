import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Error codes are a contract with API clients (see docs/integration.md): every code is
 * `<folder>.<name>`, named after the module (src/modules/<folder>) or platform folder
 * (src/platform/<folder>) that defines it, and is defined in one place. This test reads the
 * non-test source of every such folder and finds each code given to `new DomainError(`, to the
 * helpers of src/platform/errors (and to local functions that pass their argument on to them),
 * and each code written into an error envelope `{ error: { code } }` sent by hand. It parses
 * with TypeScript (syntax only) and follows a code through constants and tables of the same
 * file; a code it cannot follow is a failure too, so keep codes as literals in the registry
 * (`<module>.errors.ts`) and wrappers next to their callers.
 */

const SRC = path.resolve(import.meta.dirname, '..');
const ERRORS_DIR = path.join(SRC, 'platform/errors');

interface SourceFile {
  /** Relative to src/, for messages. */
  name: string;
  text: string;
}

interface CodeSite {
  code: string;
  /** False for a template literal: only its start is known (`http.${…}`). */
  exact: boolean;
  where: string;
}

interface Scan {
  codes: CodeSite[];
  /** Places where a code is given but this test cannot tell which one. */
  hidden: string[];
}

type Fn = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration;

const isFn = (node: ts.Node): node is Fn => ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node);

function parse(file: SourceFile): ts.SourceFile {
  return ts.createSourceFile(file.name, file.text, ts.ScriptTarget.Latest, true, file.name.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** The name a function is known by in its file: `function f`, `const f = () =>`. */
function nameOf(fn: Fn): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  const parent = fn.parent;
  return ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
}

/** The helpers exported by src/platform/errors: exported functions that pass a parameter on as a DomainError's code. */
function platformHelpers(): Set<string> {
  const helpers = new Set<string>();
  for (const entry of readdirSync(ERRORS_DIR)) {
    if (!entry.endsWith('.ts') || entry.includes('.test.')) continue;
    const source = parse({ name: `platform/errors/${entry}`, text: readFileSync(path.join(ERRORS_DIR, entry), 'utf8') });
    for (const [name] of wrappersIn(source, new Map([['new DomainError', 0]]))) if (!name.startsWith('new ')) helpers.add(name);
  }
  return helpers;
}

/**
 * Functions of a file that hand one of their parameters to a sink as the code, with that
 * parameter's position; `sinks` maps the names of known sinks to their code argument
 * (`new X` for a class: `new X(code, …)`).
 */
function wrappersIn(source: ts.SourceFile, sinks: Map<string, number>): Map<string, number> {
  const found = new Map(sinks);
  for (let changed = true; changed; ) {
    changed = false;
    walk(source, (node) => {
      const call = sinkCall(node, found);
      if (!call || !ts.isIdentifier(call.code)) return;
      const fn = enclosingFn(call.code);
      const index = fn?.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === (call.code as ts.Identifier).text) ?? -1;
      const name = fn && nameOf(fn);
      if (name && index >= 0 && !found.has(name)) {
        found.set(name, index);
        changed = true;
      }
    });
  }
  return found;
}

function enclosingFn(node: ts.Node): Fn | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFn(n)) return n;
  return undefined;
}

/** `new DomainError(code, …)` or `helper(…, code, …)`: the expression given as the code. */
function sinkCall(node: ts.Node, sinks: Map<string, number>): { code: ts.Expression } | undefined {
  if (!(ts.isNewExpression(node) || ts.isCallExpression(node)) || !ts.isIdentifier(node.expression)) return undefined;
  const index = sinks.get(ts.isNewExpression(node) ? `new ${node.expression.text}` : node.expression.text);
  const code = index === undefined ? undefined : node.arguments?.[index];
  return code ? { code } : undefined;
}

/** Local names under which this file imports DomainError and the helpers of src/platform/errors. */
function importedSinks(source: ts.SourceFile, file: string, helpers: Set<string>): Map<string, number> {
  const sinks = new Map<string, number>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const target = path.resolve(path.dirname(path.join(SRC, file)), statement.moduleSpecifier.text);
    if (path.dirname(target) !== ERRORS_DIR) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      if (imported === 'DomainError') sinks.set(`new ${element.name.text}`, 0);
      else if (helpers.has(imported)) sinks.set(element.name.text, 0);
    }
  }
  return sinks;
}

/** Finds the codes one file defines. */
function scanFile(file: SourceFile, helpers: Set<string>): Scan {
  const source = parse(file);
  const sinks = wrappersIn(source, importedSinks(source, file.name, helpers));
  const scan: Scan = { codes: [], hidden: [] };
  const where = (node: ts.Node) => `${file.name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const declarations = new Map<string, ts.Expression>();
  walk(source, (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) declarations.set(node.name.text, node.initializer);
  });

  /** The codes an expression can have; null when it cannot be told, 'param' when a wrapper's caller gives it. */
  function valuesOf(expr: ts.Expression, seen = new Set<ts.Node>()): CodeSite[] | 'param' | null {
    if (seen.has(expr)) return null; // a cycle: `const a = b; const b = a;`
    seen.add(expr);
    try {
      return valuesIn(expr, seen);
    } finally {
      seen.delete(expr);
    }
  }

  function valuesIn(expr: ts.Expression, seen: Set<ts.Node>): CodeSite[] | 'param' | null {
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return [{ code: expr.text, exact: true, where: where(expr) }];
    if (ts.isTemplateExpression(expr)) return [{ code: expr.head.text, exact: false, where: where(expr) }];
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) return valuesOf(expr.expression, seen);
    if (ts.isConditionalExpression(expr)) {
      const a = valuesOf(expr.whenTrue, seen);
      const b = valuesOf(expr.whenFalse, seen);
      return Array.isArray(a) && Array.isArray(b) ? [...a, ...b] : null;
    }
    if (ts.isIdentifier(expr)) {
      const fn = enclosingFn(expr);
      const name = fn && nameOf(fn);
      if (name && sinks.has(name) && fn.parameters[sinks.get(name) ?? -1]?.name.getText() === expr.text) return 'param';
      const init = declarations.get(expr.text);
      return init ? valuesOf(init, seen) : null;
    }
    if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
      const table = ts.isIdentifier(expr.expression) ? objectLiteral(declarations.get(expr.expression.text)) : undefined;
      if (!table) return null;
      const key = ts.isPropertyAccessExpression(expr) ? expr.name.text : undefined;
      const values: CodeSite[] = [];
      for (const property of table.properties) {
        if (!ts.isPropertyAssignment(property) || (key !== undefined && property.name.getText() !== key)) continue;
        const v = valuesOf(property.initializer, seen);
        if (!Array.isArray(v)) return null;
        values.push(...v);
      }
      return values.length > 0 ? values : null;
    }
    return null;
  }

  const record = (expr: ts.Expression, at: ts.Node) => {
    const values = valuesOf(expr);
    if (values === 'param') return;
    if (values === null) scan.hidden.push(`${where(at)} (${expr.getText()})`);
    else scan.codes.push(...values);
  };

  walk(source, (node) => {
    const call = sinkCall(node, sinks);
    if (call) record(call.code, node);
    // `{ error: { code: … } }`, an error envelope written by hand; passing on another error's code is fine.
    if (ts.isPropertyAssignment(node) && node.name.getText() === 'error' && ts.isObjectLiteralExpression(node.initializer)) {
      for (const property of node.initializer.properties) {
        if (property.name?.getText() !== 'code') continue;
        if (ts.isShorthandPropertyAssignment(property)) record(property.name, property);
        else if (ts.isPropertyAssignment(property) && !(ts.isPropertyAccessExpression(property.initializer) && property.initializer.name.text === 'code')) record(property.initializer, property);
      }
    }
  });
  return scan;
}

function objectLiteral(expr: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  let e = expr;
  while (e && (ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isParenthesizedExpression(e))) e = e.expression;
  return e && ts.isObjectLiteralExpression(e) ? e : undefined;
}

/** Problems with the codes of some folders, one sentence each; empty when every code follows the rule. */
function codeProblems(folders: { prefix: string; files: SourceFile[] }[], helpers = platformHelpers()): string[] {
  const problems: string[] = [];
  const places = new Map<string, Set<string>>();
  for (const folder of folders) {
    for (const file of folder.files) {
      const scan = scanFile(file, helpers);
      for (const hidden of scan.hidden) problems.push(`${hidden}: the code cannot be read here; give it as a literal in the folder's *.errors.ts registry`);
      for (const site of scan.codes) {
        const rule = site.exact ? new RegExp(`^${folder.prefix}\\.[a-z][a-z0-9_]*$`) : new RegExp(`^${folder.prefix}\\.`);
        if (!rule.test(site.code)) problems.push(`${site.where}: code "${site.code}" must be ${folder.prefix}.<snake_case_name>`);
        if (site.exact) places.set(site.code, (places.get(site.code) ?? new Set()).add(site.where));
      }
    }
  }
  for (const [code, where] of places) if (where.size > 1) problems.push(`code "${code}" is defined in ${where.size} places: ${[...where].join(', ')}`);
  return problems;
}

function sourcesOf(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test(-support)?\.tsx?$/.test(entry.name) || entry.name.endsWith('.d.ts')) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.push({ name: path.relative(SRC, full), text: readFileSync(full, 'utf8') });
  }
  return files;
}

function folders(): { prefix: string; files: SourceFile[] }[] {
  return ['modules', 'platform'].flatMap((area) =>
    readdirSync(path.join(SRC, area), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => ({ prefix: d.name, files: sourcesOf(path.join(SRC, area, d.name)) })),
  );
}

describe('error codes', () => {
  it('every code a module or platform folder defines is <folder>.<name>, defined once', () => {
    expect(codeProblems(folders())).toEqual([]);
  });

  it('finds the codes in every form the source uses', () => {
    const helpers = platformHelpers();
    expect([...helpers].sort()).toEqual(['conflict', 'forbidden', 'invalid', 'notFound']);
    const codes = scanFile({ name: 'modules/shop/shop.errors.ts', text: SAMPLE }, helpers).codes.map((c) => c.code);
    expect(codes.sort()).toEqual(['http.', 'shop.a', 'shop.b', 'shop.c', 'shop.d', 'shop.e', 'shop.f', 'shop.g', 'shop.h', 'shop.i', 'shop.j'].sort());
  });

  it('names a code without its folder prefix, a code defined twice and a code it cannot read', () => {
    const problems = codeProblems([
      {
        prefix: 'shop',
        files: [
          { name: 'modules/shop/shop.errors.ts', text: `import { DomainError, invalid } from '../../platform/errors/index.ts';\nexport const E = { a: () => invalid('order_invalid', 'm'), b: () => new DomainError('shop.gone', 'not_found', 'm') };` },
          { name: 'modules/shop/shop.pages.tsx', text: `import { DomainError } from '../../platform/errors/index.ts';\nconst x = () => new DomainError('shop.gone', 'not_found', 'm');\nconst y = (c: { m: string }) => new DomainError(c.m, 'invalid', 'm');\nreply.send({ error: { code: 'other.thing', message: 'm' } });` },
        ],
      },
    ]);
    expect(problems).toEqual([
      'modules/shop/shop.errors.ts:2: code "order_invalid" must be shop.<snake_case_name>',
      'modules/shop/shop.pages.tsx:3 (c.m): the code cannot be read here; give it as a literal in the folder\'s *.errors.ts registry',
      'modules/shop/shop.pages.tsx:4: code "other.thing" must be shop.<snake_case_name>',
      'code "shop.gone" is defined in 2 places: modules/shop/shop.errors.ts:2, modules/shop/shop.pages.tsx:2',
    ]);
  });
});

/** Every way a code reaches a DomainError in this tree, in one made-up registry. */
const SAMPLE = `
import { DomainError, conflict as clash, invalid } from '../../platform/errors/index.ts';
import { DomainError as Failure } from '../../platform/errors/domain-error.ts';
const CODES = { d: 'shop.d', e: 'shop.e' } as const;
const BY_KIND: Record<string, string> = { x: CODES.e };
const fail = (code: string, message: string) => new DomainError(code, 'invalid', message);
function field(message: string, code: string) { return invalid(code, message, [{ field: 'f', message: code }]); }
const LONE = 'shop.i';
export const ShopErrors = {
  a: () => new DomainError('shop.a', 'invalid', 'm'),
  b: () => clash('shop.b', 'm'),
  c: (big: boolean) => new DomainError(big ? 'shop.c' : 'shop.f', 'invalid', 'm'),
  d: () => invalid(CODES.d, 'm'),
  e: (k: string) => new DomainError(BY_KIND[k], 'invalid', 'm'),
  g: () => fail('shop.g', 'm'),
  h: () => field('m', 'shop.h'),
  i: () => new DomainError(LONE, 'invalid', 'm'),
  j: () => new Failure('shop.j', 'invalid', 'm'),
  notAnError: () => ({ code: 'whatever' }),
};
export const sent = (kind: string) => ({ error: { code: \`http.\${kind}\`, message: 'm' } });
export const passedOn = (e: DomainError) => ({ error: { code: e.code, message: e.message } });
`;
