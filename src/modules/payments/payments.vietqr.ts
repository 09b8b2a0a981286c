import { parse } from 'csv-parse/sync';
import QRCode from 'qrcode';
import { QRPay } from 'vietnam-qr-pay';
import { ConfigError, type Config } from '../../platform/config/index.ts';
import { PaymentsErrors } from './payments.errors.ts';

/**
 * VietQR bank transfers (NAPAS, EMVCo; DOMAIN §11) through `vietnam-qr-pay`: a dynamic QR
 * with the amount and the order's reference as the purpose (62/08), to the collecting
 * account set by VIETQR_BANK_BIN, VIETQR_ACCOUNT and VIETQR_ACCOUNT_NAME (a demo account
 * outside production; unset in production: no QR is offered). A transfer is matched to its
 * order by the reference in the bank statement's description (applyBankStatement).
 */
export interface VietQrAccount {
  bankBin: string;
  accountNumber: string;
  accountName: string;
}

export const DEMO_VIETQR: VietQrAccount = { bankBin: '970436', accountNumber: '0011000000000', accountName: 'KHO BAC NHA NUOC (TAI KHOAN DEMO)' };

export function vietQrAccount(config: Pick<Config, 'nodeEnv'>, env: NodeJS.ProcessEnv = process.env): VietQrAccount | undefined {
  const bankBin = env.VIETQR_BANK_BIN?.trim();
  const accountNumber = env.VIETQR_ACCOUNT?.trim();
  const accountName = env.VIETQR_ACCOUNT_NAME?.trim();
  if (!bankBin && !accountNumber) return config.nodeEnv === 'production' ? undefined : DEMO_VIETQR;
  const problems: string[] = [];
  if (!bankBin || !/^\d{6}$/.test(bankBin)) problems.push('VIETQR_BANK_BIN must be the bank\'s 6-digit BIN (e.g. 970436)');
  if (!accountNumber || !/^[0-9A-Za-z]{4,19}$/.test(accountNumber)) problems.push('VIETQR_ACCOUNT must be the collecting account number (4–19 letters or digits)');
  if (problems.length > 0) throw new ConfigError(problems);
  return { bankBin: bankBin as string, accountNumber: accountNumber as string, accountName: accountName || '' };
}

/** The VietQR content (EMVCo TLV with CRC) for an order: amount and reference. */
export function vietQrContent(account: VietQrAccount, amountVnd: number, reference: string): string {
  return QRPay.initVietQR({ bankBin: account.bankBin, bankNumber: account.accountNumber, amount: String(amountVnd), purpose: reference }).build();
}

export async function vietQrImage(content: string): Promise<string> {
  return QRCode.toDataURL(content, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
}

export interface StatementRow {
  line: number;
  transactionNo: string;
  amountVnd: number;
  description: string;
}

const REFERENCE = /\bEG[A-HJ-NP-Z2-9]{10}\b/;

/** A bank statement (CSV: transaction_no, amount_vnd, description): credits of the collecting account. */
export function parseBankStatement(text: string): StatementRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (error) {
    throw PaymentsErrors.reportInvalid(`Sao kê không đọc được: ${error instanceof Error ? error.message : String(error)}`);
  }
  return records.map((r, i) => {
    const amount = Number(String(r.amount_vnd ?? '').replace(/[.,\s]/g, ''));
    if (!r.transaction_no || !Number.isSafeInteger(amount) || amount <= 0) throw PaymentsErrors.reportInvalid(`Dòng ${i + 2}: cần transaction_no và amount_vnd là số nguyên dương`);
    return { line: i + 2, transactionNo: r.transaction_no.slice(0, 40), amountVnd: amount, description: r.description ?? '' };
  });
}

/** The order reference a transfer's description names (banks keep the purpose, sometimes among other words). */
export function referenceIn(description: string): string | undefined {
  return REFERENCE.exec(description.toUpperCase())?.[0];
}
