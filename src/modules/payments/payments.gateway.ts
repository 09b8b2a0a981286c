import { HashAlgorithm, ignoreLogger, VNPay } from 'vnpay';
import { buildPaymentUrlSearchParams, calculateSecureHash } from 'vnpay/utils';
import type { VnpayConfig } from './payments.config.ts';

/** What a gateway's signed callback (return URL or IPN) says, once its signature is checked. */
export interface GatewayResult {
  verified: boolean;
  txnRef: string;
  /** In đồng (VNPay sends ×100); NaN when missing or not a number. */
  amountVnd: number;
  success: boolean;
  responseCode: string;
  transactionNo: string | null;
  bankCode: string | null;
  payDate: string | null;
}

/** Every payment gateway behind one interface: where to send the payer, and how to read what it sends back. */
export interface PaymentGateway {
  readonly name: string;
  paymentUrl(input: { txnRef: string; amountVnd: number; orderInfo: string; ipAddr: string; returnUrl: string; now: Date; locale: 'vi' | 'en' }): string;
  verifyCallback(query: Readonly<Record<string, string>>): GatewayResult;
  /** Refunds a confirmed payment at the gateway; absent when there is none to call (the local gateway). */
  refund?(input: { txnRef: string; amountVnd: number; transactionNo: string | null; payDate: string | null; requestId: string; createdBy: string; now: Date }): Promise<{ ok: boolean; responseCode: string; message: string }>;
}

/** VNPay 2.1.0 through the `vnpay` library (HMAC-SHA512 over the sorted, URL-encoded parameters). */
export function vnpayGateway(config: VnpayConfig): PaymentGateway {
  const vnpay = new VNPay({
    tmnCode: config.tmnCode,
    secureSecret: config.hashSecret,
    vnpayHost: config.host,
    hashAlgorithm: HashAlgorithm.SHA512,
    enableLog: false,
    loggerFn: ignoreLogger,
  });
  return {
    name: 'vnpay',
    paymentUrl(input) {
      return vnpay.buildPaymentUrl({
        vnp_Amount: input.amountVnd,
        vnp_IpAddr: input.ipAddr,
        vnp_ReturnUrl: input.returnUrl,
        vnp_TxnRef: input.txnRef,
        vnp_OrderInfo: input.orderInfo,
        vnp_CreateDate: Number(vnpayDate(input.now)),
        vnp_ExpireDate: Number(vnpayDate(new Date(input.now.getTime() + 15 * 60_000))),
        vnp_Locale: (input.locale === 'en' ? 'en' : 'vn') as never,
      });
    },
    verifyCallback(query) {
      const txnRef = query.vnp_TxnRef ?? '';
      const base = { txnRef, responseCode: query.vnp_ResponseCode ?? '', transactionNo: query.vnp_TransactionNo ?? null, bankCode: query.vnp_BankCode ?? null, payDate: query.vnp_PayDate ?? null };
      if (!/^\d{1,15}$/.test(query.vnp_Amount ?? '')) return { ...base, verified: false, amountVnd: Number.NaN, success: false };
      const checked = vnpay.verifyIpnCall({ ...query } as never);
      const transactionOk = query.vnp_TransactionStatus === undefined || query.vnp_TransactionStatus === '00';
      return { ...base, verified: checked.isVerified, amountVnd: Number(checked.vnp_Amount), success: checked.isVerified && checked.isSuccess && transactionOk };
    },
    ...(config.local
      ? {}
      : {
          async refund(input: { txnRef: string; amountVnd: number; transactionNo: string | null; payDate: string | null; requestId: string; createdBy: string; now: Date }) {
            const answer = await vnpay.refund({
              vnp_Amount: input.amountVnd,
              vnp_CreateBy: input.createdBy.slice(0, 250),
              vnp_CreateDate: Number(vnpayDate(input.now)),
              vnp_IpAddr: '127.0.0.1',
              vnp_OrderInfo: `Hoan tien giao dich ${input.txnRef}`,
              vnp_RequestId: input.requestId,
              vnp_TransactionDate: Number(input.payDate ?? vnpayDate(input.now)),
              ...(input.transactionNo ? { vnp_TransactionNo: Number(input.transactionNo) } : {}),
              vnp_TransactionType: '02',
              vnp_TxnRef: input.txnRef,
            } as never);
            return { ok: answer.isVerified && answer.isSuccess, responseCode: String(answer.vnp_ResponseCode ?? ''), message: String(answer.message ?? '') };
          },
        }),
  };
}

/**
 * Signs parameters the way VNPay does (the local gateway signs its redirects and IPNs with
 * it): the `vnp_*` parameters but the hash, sorted, URL-encoded, HMAC-SHA512 with the secret.
 */
export function signVnpayParams(params: Readonly<Record<string, string>>, hashSecret: string): Record<string, string> {
  const unsigned = Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType'));
  const data = buildPaymentUrlSearchParams(unsigned).toString();
  const vnp_SecureHash = calculateSecureHash({ secureSecret: hashSecret, data, hashAlgorithm: HashAlgorithm.SHA512, bufferEncode: 'utf-8' });
  return { ...unsigned, vnp_SecureHash };
}

/** `yyyyMMddHHmmss` in Vietnam's time (GMT+7), as VNPay writes dates. */
export function vnpayDate(at: Date): string {
  const t = new Date(at.getTime() + 7 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}`;
}
