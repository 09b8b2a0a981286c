import { parse } from 'csv-parse/sync';
import { PaymentsErrors } from './payments.errors.ts';

/**
 * Daily reconciliation against the gateway's report (CSV, one transaction a row; header
 * `txn_ref,amount_vnd,response_code,transaction_no,pay_date`, pay_date `yyyyMMddHHmmss`
 * GMT+7; columns named as in VNPay's merchant report export — vnp_TxnRef, vnp_Amount in đồng,
 * … — are read too). Every mismatch is listed, none stops the others.
 */
export interface ReportRow {
  line: number;
  txnRef: string;
  amountVnd: number;
  responseCode: string;
  transactionNo: string;
  payDate: string;
}

export interface OurAttempt {
  txnRef: string;
  amountVnd: number;
  status: 'pending' | 'succeeded' | 'failed';
  transactionNo: string | null;
}

export type MismatchKind = 'unknown_reference' | 'not_confirmed_here' | 'missing_from_report' | 'failed_in_report' | 'amount' | 'transaction_no';

export interface Mismatch {
  kind: MismatchKind;
  txnRef: string;
  line: number | null;
  ours: string | null;
  theirs: string | null;
}

const ALIASES: Record<string, keyof Omit<ReportRow, 'line'>> = {
  txn_ref: 'txnRef', vnp_txnref: 'txnRef', ma_giao_dich_merchant: 'txnRef',
  amount_vnd: 'amountVnd', amount: 'amountVnd', vnp_amount: 'amountVnd', so_tien: 'amountVnd',
  response_code: 'responseCode', vnp_responsecode: 'responseCode', status: 'responseCode',
  transaction_no: 'transactionNo', vnp_transactionno: 'transactionNo',
  pay_date: 'payDate', vnp_paydate: 'payDate',
};

export function parseGatewayReport(text: string): ReportRow[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw PaymentsErrors.reportInvalid(`Tệp đối soát không đọc được: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...rows] = records;
  if (!header) return [];
  const columns = header.map((h) => ALIASES[h.toLowerCase().replace(/\s+/g, '_')]);
  for (const needed of ['txnRef', 'amountVnd', 'responseCode'] as const) {
    if (!columns.includes(needed)) throw PaymentsErrors.reportInvalid(`Tệp đối soát thiếu cột ${needed}`);
  }
  return rows.map((cells, i) => {
    const get = (key: keyof Omit<ReportRow, 'line'>) => cells[columns.indexOf(key)] ?? '';
    const amount = Number(get('amountVnd').replace(/[.,\s]/g, ''));
    if (!Number.isSafeInteger(amount)) throw PaymentsErrors.reportInvalid(`Dòng ${i + 2}: số tiền không hợp lệ`);
    return { line: i + 2, txnRef: get('txnRef'), amountVnd: amount, responseCode: get('responseCode'), transactionNo: get('transactionNo'), payDate: get('payDate') };
  });
}

/** Compares the report with our attempts (those confirmed that day, and those the report names). */
export function reconcile(report: readonly ReportRow[], ours: readonly OurAttempt[]): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const byRef = new Map(ours.map((a) => [a.txnRef, a]));
  const seen = new Set<string>();
  for (const row of report) {
    seen.add(row.txnRef);
    const mine = byRef.get(row.txnRef);
    const succeeded = row.responseCode === '00';
    if (!mine) {
      if (succeeded) mismatches.push({ kind: 'unknown_reference', txnRef: row.txnRef, line: row.line, ours: null, theirs: String(row.amountVnd) });
      continue;
    }
    if (succeeded && mine.status !== 'succeeded') mismatches.push({ kind: 'not_confirmed_here', txnRef: row.txnRef, line: row.line, ours: mine.status, theirs: row.responseCode });
    if (!succeeded && mine.status === 'succeeded') mismatches.push({ kind: 'failed_in_report', txnRef: row.txnRef, line: row.line, ours: mine.status, theirs: row.responseCode });
    if (mine.amountVnd !== row.amountVnd) mismatches.push({ kind: 'amount', txnRef: row.txnRef, line: row.line, ours: String(mine.amountVnd), theirs: String(row.amountVnd) });
    if (succeeded && mine.transactionNo && row.transactionNo && mine.transactionNo !== row.transactionNo) mismatches.push({ kind: 'transaction_no', txnRef: row.txnRef, line: row.line, ours: mine.transactionNo, theirs: row.transactionNo });
  }
  for (const mine of ours) {
    if (mine.status === 'succeeded' && !seen.has(mine.txnRef)) mismatches.push({ kind: 'missing_from_report', txnRef: mine.txnRef, line: null, ours: String(mine.amountVnd), theirs: null });
  }
  return mismatches;
}
