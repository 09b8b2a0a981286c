import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepFiles } from '../../platform/files/index.ts';
import { sendPackage } from './exchange.send.ts';
import { documentBytes, exchangeDepsOf, setUpExchange, type ExchangeTestContext } from './exchange.test-support.ts';

let t: ExchangeTestContext;

beforeAll(async () => {
  t = await setUpExchange();
});
afterAll(async () => {
  await t?.close();
});

describe('the exchange names its packages to the file store sweep', () => {
  it('keeps every package file and lets an unnamed one go', async () => {
    const sent = await sendPackage(exchangeDepsOf(t), { agencyCode: '000.00.00.G22', principalId: 'sys_G22' }, documentBytes({ from: '000.00.00.G22', to: ['000.00.00.H49'] }).bytes);
    const stray = await t.ctx.files.put(Buffer.from('không thuộc gói tin nào'));
    expect([...(await t.registration.fileReferences!([sent.package.contentSha256, stray.sha256]))]).toEqual([sent.package.contentSha256]);
    await sweepFiles(t.ctx.files, [{ owner: 'exchange', referenced: t.registration.fileReferences! }], { now: new Date(Date.now() + 25 * 3600_000) });
    expect(await t.ctx.files.has(sent.package.contentSha256)).toBe(true);
    expect(await t.ctx.files.has(stray.sha256)).toBe(false);
  });
});
