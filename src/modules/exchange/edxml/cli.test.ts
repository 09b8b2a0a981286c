import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Composition } from '../../../app/composition.ts';
import { UsageError } from '../../../cli/command.ts';
import { edxmlCommand } from '../exchange.cli.ts';
import { buildEdxml } from './index.ts';
import { sampleBussiness, sampleDocument, sampleStatus } from './samples.ts';

const dir = mkdtempSync(join(tmpdir(), 'egov-edxml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

// The command must work offline: asking for the platform fails the test.
const platform = async (): Promise<Composition> => {
  throw new Error('egov edxml must not need the platform');
};

async function run(args: string[]): Promise<{ code: number | void; json: Record<string, unknown> }> {
  const writes: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    const code = await edxmlCommand.run(args, platform);
    return { code, json: JSON.parse(writes.join('')) as Record<string, unknown> };
  } finally {
    spy.mockRestore();
  }
}

describe('egov edxml validate FILE', () => {
  it('prints the model and the warnings, attachments as length and digest', async () => {
    const model = sampleDocument(sampleBussiness.update());
    const path = file('update.edxml', Buffer.concat([Buffer.from('1212'), buildEdxml(model)]));
    const { code, json } = await run(['validate', path]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ valid: true, kind: 'document', warnings: [{ code: 'leading_garbage', element: null }] });
    const printed = json.model as { bussiness: { bussinessDocType: number }; attachments: { content: unknown }[] };
    expect(printed.bussiness.bussinessDocType).toBe(2);
    const bytes = Buffer.from(model.attachments[0]?.content ?? '', 'base64');
    expect(printed.attachments[0]?.content).toEqual({
      base64Length: model.attachments[0]?.content.length,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('prints a status package', async () => {
    const { code, json } = await run(['validate', file('status.edxml', buildEdxml(sampleStatus('16')))]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ valid: true, kind: 'status', model: { statusCode: '16' }, warnings: [] });
  });

  it('prints the refusal and exits 1 for a package that cannot be understood', async () => {
    const broken = buildEdxml(sampleStatus('03')).toString().replace('<edXML:StatusCode>03<', '<edXML:StatusCode>99<');
    const { code, json } = await run(['validate', file('broken.edxml', broken)]);
    expect(code).toBe(1);
    expect(json).toEqual({ valid: false, error: { code: 'invalid_value', element: 'MessageHeader/StatusCode', message: expect.stringContaining('"99"') } });
    const garbage = await run(['validate', file('garbage.bin', Buffer.from([0, 1, 2, 3]))]);
    expect(garbage.json).toMatchObject({ valid: false, error: { code: 'not_xml', element: null } });
  });

  it('refuses a package past the parser limits while reading it, not after', async () => {
    const bomb = `<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">${'<a>'.repeat(1_000_000)}</edXML>`;
    const { code, json } = await run(['validate', file('bomb.edxml', bomb)]);
    expect(code).toBe(1);
    expect(json).toEqual({ valid: false, error: { code: 'limit_exceeded', element: null, message: expect.stringContaining('nested more than 100 deep') } });
  });

  it('rejects bad arguments and unreadable files as usage errors', async () => {
    await expect(edxmlCommand.run([], platform)).rejects.toThrow(UsageError);
    await expect(edxmlCommand.run(['check', 'x'], platform)).rejects.toThrow(UsageError);
    await expect(edxmlCommand.run(['validate'], platform)).rejects.toThrow(UsageError);
    await expect(edxmlCommand.run(['validate', join(dir, 'absent.edxml')], platform)).rejects.toThrow(/cannot read/);
  });
});
