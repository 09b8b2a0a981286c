/**
 * A JSON Schema of the OpenAPI document as a short, readable outline for the API page
 * (TypeScript-like: `{ code: string; items?: { … }[] }`), one property a line with its
 * description as a comment. Deep or recursive schemas stop at MAX_DEPTH.
 */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  description?: string;
  additionalProperties?: boolean | JsonSchema;
  minItems?: number;
  maxItems?: number;
}

const MAX_DEPTH = 6;
const INDENT = '  ';

export function schemaOutline(schema: JsonSchema | undefined, depth = 0): string {
  if (!schema) return 'unknown';
  if (depth > MAX_DEPTH) return '…';
  if (schema.$ref) return schema.$ref.split('/').at(-1) ?? schema.$ref;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return unique(union.map((s) => schemaOutline(s, depth))).join(' | ');
  if (schema.allOf) return schema.allOf.map((s) => schemaOutline(s, depth)).join(' & ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : schema.properties ? ['object'] : [];
  if (types.length === 0) return 'unknown';
  return types.map((type) => typeOutline(type, schema, depth)).join(' | ');
}

function typeOutline(type: string, schema: JsonSchema, depth: number): string {
  switch (type) {
    case 'object':
      return objectOutline(schema, depth);
    case 'array': {
      const item = schemaOutline(schema.items, depth);
      return item.includes(' ') && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
    }
    case 'string':
      return schema.format ? `string (${schema.format})` : 'string';
    default:
      return type;
  }
}

function objectOutline(schema: JsonSchema, depth: number): string {
  const entries = Object.entries(schema.properties ?? {});
  const extra = schema.additionalProperties;
  if (entries.length === 0) {
    if (extra && typeof extra === 'object') return `Record<string, ${schemaOutline(extra, depth + 1)}>`;
    return extra === false ? '{}' : 'Record<string, unknown>';
  }
  const pad = INDENT.repeat(depth + 1);
  const required = new Set(schema.required ?? []);
  const lines = entries.map(([name, property]) => {
    const comment = property.description ? ` // ${oneLine(property.description)}` : '';
    return `${pad}${name}${required.has(name) ? '' : '?'}: ${schemaOutline(property, depth + 1)};${comment}`;
  });
  return `{\n${lines.join('\n')}\n${INDENT.repeat(depth)}}`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
