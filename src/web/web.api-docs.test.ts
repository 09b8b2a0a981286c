import { describe, expect, it } from 'vitest';
import { schemaOutline } from './web.api-docs.schema.ts';

describe('schemaOutline', () => {
  it('writes a schema as a short TypeScript-like outline, optional marks and descriptions included', () => {
    const outline = schemaOutline({
      type: 'object',
      required: ['code', 'items'],
      properties: {
        code: { type: 'string', description: 'The dossier code' },
        when: { type: 'string', format: 'date-time' },
        status: { anyOf: [{ type: 'string', enum: ['OK'] }, { type: 'string', enum: ['FAIL'] }] },
        items: { type: 'array', items: { type: ['integer', 'null'] } },
        error: { $ref: '#/components/schemas/ErrorBody' },
      },
    });
    expect(outline).toBe(
      ['{', '  code: string; // The dossier code', '  when?: string (date-time);', '  status?: "OK" | "FAIL";', '  items: (integer | null)[];', '  error?: ErrorBody;', '}'].join('\n'),
    );
  });

  it('stops at a depth instead of running away on deep schemas', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 12; i++) schema = { type: 'object', properties: { next: schema } };
    expect(schemaOutline(schema)).toContain('next?: …;');
  });
});
