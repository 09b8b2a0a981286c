import { randomInt } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { constantTimeEqual } from '../../platform/crypto/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { formatMoney } from '../../platform/i18n/index.ts';
import { ErrorSummary, Form, Layout, pageContext, sendPage } from '../../platform/ui/index.ts';
import { LOCAL_GATEWAY_PATH, type VnpayConfig } from './payments.config.ts';
import { signVnpayParams, vnpayDate } from './payments.gateway.ts';
import { paymentsMessages } from './payments.messages.ts';
import { flatQuery } from './payments.pages.tsx';

/** What the tester chooses on the local gateway's page. */
export type LocalOutcome = 'pay' | 'decline' | 'timeout';

const REQUEST_FIELDS = ['vnp_Amount', 'vnp_Command', 'vnp_CreateDate', 'vnp_CurrCode', 'vnp_ExpireDate', 'vnp_IpAddr', 'vnp_Locale', 'vnp_OrderInfo', 'vnp_OrderType', 'vnp_ReturnUrl', 'vnp_TmnCode', 'vnp_TxnRef', 'vnp_Version', 'vnp_SecureHash'] as const;
const CompleteBody = Type.Record(Type.String(), Type.String({ maxLength: 2000 }));

/** The merchant's signed request, as VNPay checks it: every parameter signed with the shared secret, our merchant code. */
export function verifyMerchantRequest(params: Readonly<Record<string, string>>, config: VnpayConfig): boolean {
  if (!params.vnp_SecureHash || params.vnp_TmnCode !== config.tmnCode || !/^\d+$/.test(params.vnp_Amount ?? '') || !params.vnp_TxnRef || !params.vnp_ReturnUrl) return false;
  const expected = signVnpayParams(params, config.hashSecret).vnp_SecureHash as string;
  return constantTimeEqual(expected, params.vnp_SecureHash.toLowerCase());
}

/**
 * What VNPay sends back for an outcome, signed: the redirect's query and the IPN's are the
 * same parameters. A timeout is VNPay's code 11, a decline the customer's cancel (24).
 */
export function gatewayResult(request: Readonly<Record<string, string>>, outcome: LocalOutcome, config: VnpayConfig, now = new Date()): Record<string, string> {
  const paid = outcome === 'pay';
  const transactionNo = paid ? String(randomInt(10_000_000, 99_999_999)) : '0';
  return signVnpayParams(
    {
      vnp_Amount: request.vnp_Amount ?? '',
      vnp_BankCode: 'NCB',
      ...(paid ? { vnp_BankTranNo: `VNP${transactionNo}`, vnp_CardType: 'ATM' } : {}),
      vnp_OrderInfo: request.vnp_OrderInfo ?? '',
      vnp_PayDate: vnpayDate(now),
      vnp_ResponseCode: paid ? '00' : outcome === 'timeout' ? '11' : '24',
      vnp_TmnCode: config.tmnCode,
      vnp_TransactionNo: transactionNo,
      vnp_TransactionStatus: paid ? '00' : '02',
      vnp_TxnRef: request.vnp_TxnRef ?? '',
    },
    config.hashSecret,
  );
}

/**
 * The local gateway (development and tests, the default without VNPAY_HOST): a page at the
 * path VNPay serves payments from, where the tester pays, declines or lets the payment time
 * out. It then sends the signed IPN to our endpoint — twice at once when asked, to show
 * duplicates are applied once — and redirects to the signed return URL. A timeout sends no
 * IPN (the attempt stays unconfirmed), as when a payer walks away.
 */
export function registerLocalGateway(app: HttpApp, config: VnpayConfig): void {
  const t0 = (request: FastifyRequest) => paymentsMessages.for(request.locale);

  function refuse(request: FastifyRequest, reply: FastifyReply) {
    const ctx = pageContext(request, reply);
    const t = t0(request);
    return sendPage(reply, <Layout ctx={ctx} title={t('gatewayTitle')}><h1>{t('gatewayTitle')}</h1><ErrorSummary ctx={ctx} errors={{}} message={t('gatewayBadSignature')} /></Layout>, 400);
  }

  app.get(`${LOCAL_GATEWAY_PATH}/paymentv2/vpcpay.html`, { schema: { hide: true } }, async (request, reply) => {
    const params = flatQuery(request.query);
    if (!verifyMerchantRequest(params, config)) return refuse(request, reply);
    const ctx = pageContext(request, reply);
    const t = t0(request);
    const hidden = REQUEST_FIELDS.filter((f) => params[f] !== undefined).map((f) => <input key={f} type="hidden" name={f} value={params[f]} />);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('gatewayTitle')}>
        <h1>{t('gatewayTitle')}</h1>
        <p>{t('gatewayLead')}</p>
        <dl class="summary-list">
          <dt>{t('gatewayMerchant')}</dt>
          <dd>{params.vnp_TmnCode}</dd>
          <dt>{t('gatewayTxn')}</dt>
          <dd>{params.vnp_TxnRef}</dd>
          <dt>{t('gatewayOrderInfo')}</dt>
          <dd>{params.vnp_OrderInfo}</dd>
          <dt>{t('amount')}</dt>
          <dd>{formatMoney(Number(params.vnp_Amount) / 100)}</dd>
        </dl>
        <Form ctx={ctx} action={`${LOCAL_GATEWAY_PATH}/complete`}>
          {hidden}
          <div class="checkbox">
            <input type="checkbox" id="twice" name="twice" value="1" checked />
            <label for="twice">{t('gatewayTwice')}</label>
          </div>
          <p>
            <button type="submit" class="button" name="outcome" value="pay">{t('gatewayPay')}</button>{' '}
            <button type="submit" class="button button-secondary" name="outcome" value="decline">{t('gatewayDecline')}</button>{' '}
            <button type="submit" class="button button-secondary" name="outcome" value="timeout">{t('gatewayTimeout')}</button>
          </p>
        </Form>
      </Layout>,
    );
  });

  app.post(`${LOCAL_GATEWAY_PATH}/complete`, { schema: { hide: true, body: CompleteBody } }, async (request, reply) => {
    const body = request.body;
    const params = Object.fromEntries(REQUEST_FIELDS.filter((f) => body[f] !== undefined).map((f) => [f, body[f] as string]));
    if (!verifyMerchantRequest(params, config)) return refuse(request, reply);
    const outcome: LocalOutcome = body.outcome === 'decline' ? 'decline' : body.outcome === 'timeout' ? 'timeout' : 'pay';
    const result = gatewayResult(params, outcome, config);
    const query = new URLSearchParams(result).toString();
    if (outcome !== 'timeout') {
      const send = () => app.inject({ method: 'GET', url: `/payments/vnpay/ipn?${query}` });
      const answers = await Promise.all(body.twice === '1' ? [send(), send()] : [send()]);
      request.log.info({ txnRef: result.vnp_TxnRef, answers: answers.map((a) => a.body) }, 'local gateway: IPN sent');
    }
    const returnUrl = params.vnp_ReturnUrl as string;
    return reply.redirect(`${returnUrl}${returnUrl.includes('?') ? '&' : '?'}${query}`, 303);
  });
}
