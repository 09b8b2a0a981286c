import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../app/testing.ts';
import type { Db } from '../../platform/db/index.ts';
import * as repo from './exchange.repository.ts';
import { packageFiles } from './exchange.file-references.ts';
import * as signatures from './signatures.repository.ts';
import * as statuses from './statuses.repository.ts';
import * as webhooks from './webhooks.repository.ts';

// The exchange's single-row statements on a real database: upserts that replace or keep,
// conflicts, the withdrawal and restoring of deliveries, the push state of a delivery.

const H49 = '000.00.00.H49';
const H29 = '000.00.00.H29';
const G22 = '000.00.00.G22';
const sha = (n: number) => n.toString(16).padStart(64, '0');

function newPackage(n: number, overrides: Partial<repo.NewPackage> = {}): repo.NewPackage {
  return {
    kind: 'document',
    senderAgency: H49,
    documentId: `doc-${n}`,
    businessType: 0,
    statusCode: null,
    dedupKey: `key-${n}`,
    contentSha256: sha(n),
    sizeBytes: 1000 + n,
    subject: `Công văn ${n}`,
    priority: 0,
    dueDate: '2030-01-31',
    warnings: [{ code: 'w', element: null, message: 'lưu ý' }],
    signatureState: 'absent',
    sentBy: 'client-1',
    ...overrides,
  };
}

describe('exchange repositories', () => {
  let platform: TestPlatform;
  let db: Db;

  beforeAll(async () => {
    platform = await createTestPlatform({ modules: ['exchange'] });
    db = platform.ctx.db;
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('stores a package once per dedup key and finds it by id, key, document and sender', async () => {
    const first = await repo.insertPackageInTx(db, newPackage(1));
    expect(first).toMatchObject({ senderAgency: H49, documentId: 'doc-1', sizeBytes: 1001, dueDate: '2030-01-31', warnings: [{ code: 'w' }] });
    expect(first?.receivedAt).toBeInstanceOf(Date);
    expect(await repo.insertPackageInTx(db, newPackage(1))).toBeUndefined();
    expect(await repo.findPackage(db, first?.id ?? '')).toEqual(first);
    expect(await repo.findPackage(db, 'not-a-uuid')).toBeUndefined();
    expect(await repo.findPackageByDedupKey(db, 'key-1')).toEqual(first);

    const replacement = await repo.insertPackageInTx(db, newPackage(2, { documentId: 'doc-1', businessType: 3 }));
    expect((await repo.findOriginalDocument(db, H49, 'doc-1'))?.id).toBe(replacement?.id);
    expect((await repo.findOriginalDocument(db, H49, 'doc-1', replacement?.id ?? null))?.id).toBe(first?.id);
    expect(await repo.findOriginalDocument(db, H29, 'doc-1')).toBeUndefined();
    expect((await repo.findDocumentBySenders(db, 'doc-1', [G22, H49]))?.id).toBe(first?.id);
    expect(await repo.findDocumentBySenders(db, 'doc-1', [G22])).toBeUndefined();

    const sent = await repo.listSentPackages(db, H49, { offset: 0, limit: 10 });
    expect(sent.map((p) => p.id)).toEqual([replacement?.id, first?.id]);
    expect((await repo.listSentPackages(db, H49, { offset: 1, limit: 10 })).map((p) => p.id)).toEqual([first?.id]);
    expect(await packageFiles(db, [sha(1), sha(1), sha(99)])).toEqual([sha(1)]);
  });

  it('numbers deliveries per pair, withdraws them and restores a removed recipient', async () => {
    const p = await repo.insertPackageInTx(db, newPackage(10));
    const id = p?.id ?? '';
    const toH29 = await repo.insertDeliveryInTx(db, { packageId: id, sender: H49, recipient: H29 });
    expect(toH29).toMatchObject({ packageId: id, recipientAgency: H29, state: 'pending', ackResult: null, withdrawn: null });
    expect(await repo.insertDeliveryInTx(db, { packageId: id, sender: H49, recipient: H29 })).toBeUndefined();
    const toG22 = await repo.insertDeliveryInTx(db, { packageId: id, sender: H49, recipient: G22 });
    expect(await repo.nextSequenceInTx(db, H49, G22)).toBe((toG22?.sequence ?? 0) + 1);

    expect(await repo.markDeliveredInTx(db, toH29?.id ?? 0)).toBe(true);
    expect(await repo.markDeliveredInTx(db, toH29?.id ?? 0)).toBe(false);
    expect((await repo.findDeliveries(db, [id], H29)).map((d) => [d.state, d.deliveredAt instanceof Date])).toEqual([['delivered', true]]);

    const update = await repo.insertPackageInTx(db, newPackage(11, { documentId: 'doc-10', businessType: 1 }));
    const withdrawn = await repo.withdrawDeliveriesInTx(db, { sender: H49, documentId: 'doc-10', byPackageId: update?.id ?? '', reason: 'removed', recipients: [G22] });
    expect(withdrawn).toEqual([G22]);
    expect((await repo.findDeliveriesForUpdate(db, [id], G22)).map((d) => [d.withdrawn, d.withdrawnBy])).toEqual([['removed', update?.id]]);
    expect(await repo.restoreRemovedDeliveryInTx(db, id, G22)).toBe(true);
    expect(await repo.restoreRemovedDeliveryInTx(db, id, G22)).toBe(false);
    expect((await repo.listDeliveriesOfPackages(db, [id])).map((d) => [d.recipientAgency, d.withdrawn])).toEqual([
      [G22, null],
      [H29, null],
    ]);
  });

  it('replaces a webhook, records the push state of a delivery and forgets a removed webhook', async () => {
    await webhooks.upsertWebhookInTx(db, { agencyCode: H29, url: 'https://a.example/hook', sealedSecret: 's1', updatedBy: 'u1' });
    await webhooks.upsertWebhookInTx(db, { agencyCode: H29, url: 'https://b.example/hook', sealedSecret: 's2', updatedBy: 'u2' });
    expect(await webhooks.findWebhook(db, H29)).toEqual({ agencyCode: H29, url: 'https://b.example/hook', sealedSecret: 's2' });
    expect(await webhooks.hookedAgencies(db, [H29, G22])).toEqual(new Set([H29]));

    const p = await repo.insertPackageInTx(db, newPackage(20));
    const [delivery] = await repo.insertNewDeliveriesInTx(db, { packageId: p?.id ?? '', sender: H49, recipients: [H29] });
    const deliveryId = delivery?.id ?? 0;
    expect(await webhooks.findPushTarget(db, deliveryId)).toMatchObject({ packageId: p?.id, recipient: H29, contentSha256: sha(20), acknowledged: false, pushedAt: null });
    expect((await webhooks.listUnpushed(db, H29, 100)).map((d) => d.deliveryId)).toContain(deliveryId);

    await webhooks.recordPushInTx(db, deliveryId, { ok: false, error: 'x'.repeat(2000) });
    expect((await webhooks.findPushTarget(db, deliveryId))?.pushedAt).toBeNull();
    await webhooks.recordPushInTx(db, deliveryId, { ok: true });
    expect((await webhooks.findPushTarget(db, deliveryId))?.pushedAt).toBeInstanceOf(Date);
    expect((await repo.findDeliveries(db, [p?.id ?? ''], H29)).map((d) => d.state)).toEqual(['delivered']);
    expect((await webhooks.listUnpushed(db, H29, 100)).map((d) => d.deliveryId)).not.toContain(deliveryId);

    expect(await webhooks.deleteWebhookInTx(db, H29)).toBe(true);
    expect(await webhooks.deleteWebhookInTx(db, H29)).toBe(false);
    expect(await webhooks.findWebhook(db, H29)).toBeUndefined();
  });

  it('keeps one row per registered certificate and lists the active ones of a level-1 body', async () => {
    const cert = { agencyCode: '000.00.01.H49', pem: 'PEM', fingerprint: sha(7), notAfter: null, registeredBy: 'u' };
    const first = await signatures.upsertCertificateInTx(db, cert);
    expect(first.created).toBe(true);
    expect(await signatures.upsertCertificateInTx(db, cert)).toEqual({ record: first.record, created: false });
    await signatures.upsertCertificateInTx(db, { ...cert, fingerprint: sha(8), notAfter: new Date(Date.now() - 60_000) });
    const later = new Date(Date.now() + 86_400_000);
    const valid = await signatures.upsertCertificateInTx(db, { ...cert, fingerprint: sha(9), notAfter: later });
    await signatures.upsertCertificateInTx(db, { ...cert, agencyCode: H29, fingerprint: sha(10) });
    expect((await signatures.listActiveCertificates(db, 'H49')).map((c) => [c.fingerprint, c.notAfter?.getTime() ?? null])).toEqual([
      [sha(7), null],
      [sha(9), later.getTime()],
    ]);
    expect(valid.record.registeredAt).toBeInstanceOf(Date);

    await signatures.upsertPolicyInTx(db, { agencyCode: H29, refuseUnsigned: true, refuseInvalid: false, updatedBy: 'u' });
    await signatures.upsertPolicyInTx(db, { agencyCode: H29, refuseUnsigned: false, refuseInvalid: true, updatedBy: 'u' });
    expect(await signatures.policiesOf(db, [H29, G22])).toEqual([{ agencyCode: H29, refuseUnsigned: false, refuseInvalid: true }]);
  });

  it('records a status package once, with its staff as stored JSON', async () => {
    const status = await repo.insertPackageInTx(db, newPackage(30, { kind: 'status', businessType: null, statusCode: '03', senderAgency: H29, documentId: 'doc-1' }));
    const entry = {
      packageId: status?.id ?? '',
      documentSender: H49,
      documentId: 'doc-1',
      recipientAgency: H29,
      reporterAgency: H29,
      statusCode: '03',
      description: 'Đã phân công',
      staff: { name: 'Nguyễn Văn A', department: 'Văn phòng' },
      reportedAt: new Date('2030-01-02T03:04:05Z'),
    };
    await statuses.insertStatusInTx(db, entry);
    await statuses.insertStatusInTx(db, { ...entry, description: 'lần hai' });
    const history = await statuses.listStatusHistory(db, H49, ['doc-1', 'doc-2']);
    expect(history).toEqual([{ ...entry, recordedAt: expect.any(Date) }]);
    expect(await statuses.listStatusHistory(db, H29, ['doc-1'])).toEqual([]);
  });
});
