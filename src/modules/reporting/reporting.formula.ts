/**
 * Formula indicators: arithmetic (+ − × ÷, parentheses, numbers) over other indicators' codes,
 * e.g. `BUDGET_REVENUE * 1000 / POPULATION`. Parsed once into a tree (a small recursive-descent
 * parser: there is no `eval`, so a stored formula cannot run code) and evaluated over the
 * values of one unit and period — rolled-up values for a parent — so a ratio of sums is never
 * a sum of ratios.
 */
export type FormulaNode =
  | { kind: 'number'; value: number }
  | { kind: 'indicator'; code: string }
  | { kind: 'negate'; operand: FormulaNode }
  | { kind: 'binary'; operator: '+' | '-' | '*' | '/'; left: FormulaNode; right: FormulaNode };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Z][A-Z0-9_]*)|([-+*/()]))/y;

export class FormulaError extends Error {}

export function parseFormula(text: string): FormulaNode {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) throw new FormulaError(`unexpected character at ${at + 1}: ${text.slice(at, at + 10)}`);
    tokens.push(match[0].trim());
  }
  let position = 0;
  const peek = () => tokens[position];
  const expression = (): FormulaNode => {
    let node = term();
    while (peek() === '+' || peek() === '-') {
      const operator = tokens[position++] as '+' | '-';
      node = { kind: 'binary', operator, left: node, right: term() };
    }
    return node;
  };
  const term = (): FormulaNode => {
    let node = factor();
    while (peek() === '*' || peek() === '/') {
      const operator = tokens[position++] as '*' | '/';
      node = { kind: 'binary', operator, left: node, right: factor() };
    }
    return node;
  };
  const factor = (): FormulaNode => {
    const token = tokens[position++];
    if (token === undefined) throw new FormulaError('the formula ends too early');
    if (token === '-') return { kind: 'negate', operand: factor() };
    if (token === '(') {
      const inner = expression();
      if (tokens[position++] !== ')') throw new FormulaError('a parenthesis is not closed');
      return inner;
    }
    if (/^\d/.test(token)) return { kind: 'number', value: Number(token) };
    if (/^[A-Z]/.test(token)) return { kind: 'indicator', code: token };
    throw new FormulaError(`unexpected "${token}"`);
  };
  const tree = expression();
  if (position !== tokens.length) throw new FormulaError(`unexpected "${tokens[position]}"`);
  return tree;
}

/** The indicator codes a formula reads. */
export function formulaInputs(node: FormulaNode, into = new Set<string>()): Set<string> {
  if (node.kind === 'indicator') into.add(node.code);
  else if (node.kind === 'negate') formulaInputs(node.operand, into);
  else if (node.kind === 'binary') {
    formulaInputs(node.left, into);
    formulaInputs(node.right, into);
  }
  return into;
}

/** The value, or undefined when an input is missing or a division by zero happens. */
export function evaluateFormula(node: FormulaNode, value: (code: string) => number | undefined): number | undefined {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'indicator':
      return value(node.code);
    case 'negate': {
      const operand = evaluateFormula(node.operand, value);
      return operand === undefined ? undefined : -operand;
    }
    case 'binary': {
      const left = evaluateFormula(node.left, value);
      const right = evaluateFormula(node.right, value);
      if (left === undefined || right === undefined) return undefined;
      if (node.operator === '+') return left + right;
      if (node.operator === '-') return left - right;
      if (node.operator === '*') return left * right;
      return right === 0 ? undefined : left / right;
    }
  }
}
