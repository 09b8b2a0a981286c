import { buildEdxml, type DocumentPackage, type Priority } from './edxml/index.ts';
import { sampleDocument, sampleOrganization } from './edxml/samples.ts';
import type { ExchangeDeps } from './exchange.access.ts';
import { sendPackage } from './exchange.send.ts';

const DEMO = [
  { from: '000.00.00.G22', fromName: 'Văn phòng Chính phủ', to: ['000.00.00.H49', '000.00.00.H29'], number: '123/VPCP-KSTT', priority: 1, subject: 'V/v đôn đốc cập nhật dữ liệu thủ tục hành chính' },
  { from: '000.00.00.G15', fromName: 'Bộ Tư pháp', to: ['000.00.00.H49'], number: '88/BTP-HTQTCT', priority: 3, subject: 'V/v triển khai liên thông thủ tục đăng ký khai sinh' },
] as const;

/**
 * Demo mail so that the clerks' inboxes of Quảng Ninh and Hồ Chí Minh City are not empty.
 * Idempotent: a re-run sends the same bytes, which the hub recognises as re-sends.
 */
export async function seedExchangeDemo(deps: ExchangeDeps, log: (line: string) => void): Promise<void> {
  for (const demo of DEMO) {
    const base = sampleDocument();
    const model: DocumentPackage = {
      ...base,
      from: sampleOrganization(demo.from, demo.fromName),
      to: demo.to.map((code) => sampleOrganization(code, code)),
      documentId: { raw: `${demo.from},2026/03/02,${demo.number}`, issuerOrganId: demo.from, date: { raw: '2026/03/02', iso: '2026-03-02' }, codeNumberNotation: demo.number },
      subject: demo.subject,
      otherInfo: base.otherInfo ? { ...base.otherInfo, priority: demo.priority as Priority } : null,
      traceHeaders: [{ organId: demo.from, timestamp: { raw: '2026/03/02 08:30:00', iso: '2026-03-02T08:30:00+07:00' } }],
    };
    const result = await sendPackage(deps, { agencyCode: demo.from, principalId: 'seed' }, buildEdxml(model));
    log(`exchange: ${result.duplicate ? 'kept' : 'sent'} demo document ${demo.number} to ${demo.to.join(', ')}`);
  }
}
