import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { stepUpUrl, stepUpWindowSeconds } from '../identity/index.ts';
import { isDomainError } from '../../platform/errors/index.ts';
import { redirectToSignIn, type HttpApp } from '../../platform/http/index.ts';
import { formatDateTime, formatDuration, formatMoney } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, Notice, pageContext, ResponsiveTable, sendPage, TextField } from '../../platform/ui/index.ts';
import { paymentsMessages } from './payments.messages.ts';
import type { PaymentsService } from './payments.service.ts';
import { vietQrContent, vietQrImage, type VietQrAccount } from './payments.vietqr.ts';
import { amountInWords } from './payments.words.ts';

const RefParams = Type.Object({ reference: Type.String({ pattern: '^[A-Z0-9]{6,20}$' }) });
const OrderQuery = Type.Object({ result: Type.Optional(Type.String({ maxLength: 10 })), code: Type.Optional(Type.String({ maxLength: 10 })), saved: Type.Optional(Type.String({ maxLength: 1 })) });
const FormBody = Type.Record(Type.String(), Type.String({ maxLength: 2000 }));
const RefundParams = Type.Object({ id: Type.Integer({ minimum: 1 }), decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]) });

const signIn = (request: FastifyRequest, reply: FastifyReply) => redirectToSignIn(request, reply);
const orderPath = (reference: string) => `/payments/orders/${reference}`;
const KNOWN_REASONS = new Set(['24', '11', '51']);

/** A one-line answer of a gateway callback as query strings arrive (first value of each). */
export function flatQuery(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value === 'string') out[k] = value;
  }
  return out;
}

/** The payer's and the officials' pages, the gateway's return URL and IPN. */
export function registerPaymentPages(app: HttpApp, service: PaymentsService, vietQr?: VietQrAccount): void {
  // The IPN: server to server, answered with VNPay's JSON whatever happens.
  app.get('/payments/vnpay/ipn', { schema: { hide: true } }, async (request, reply) => {
    const answer = await service.handleIpn(flatQuery(request.query));
    return reply.header('cache-control', 'no-store').send(answer);
  });

  // The return URL: display only; the IPN alone changes state.
  app.get('/payments/vnpay/return', { schema: { hide: true } }, async (request, reply) => {
    const outcome = await service.readReturn(flatQuery(request.query));
    if (!outcome.reference) return reply.redirect(`/payments?result=invalid`, 303);
    const result = outcome.outcome === 'success' ? 'success' : outcome.outcome === 'failed' ? 'failed' : 'invalid';
    return reply.redirect(`${orderPath(outcome.reference)}?result=${result}&code=${encodeURIComponent(outcome.responseCode.slice(0, 4))}`, 303);
  });

  app.get('/payments', { schema: { hide: true, querystring: OrderQuery } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const orders = await service.listMine(request.actor);
    const ctx = pageContext(request, reply);
    const t = paymentsMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('mineTitle')}>
        <h1>{t('mineTitle')}</h1>
        {request.query.result === 'invalid' ? <ErrorSummary ctx={ctx} errors={{}} message={t('resultInvalid')} /> : null}
        <p>{t('mineLead')}</p>
        {orders.length === 0 ? <p>{t('none')}</p> : null}
        <ul class="card-grid">
          {orders.map((o) => (
            <li key={o.reference} class="card">
              <h2>
                <a href={orderPath(o.reference)}>{o.description}</a>
              </h2>
              <dl class="summary-list">
                <dt>{t('dossier')}</dt>
                <dd>{o.dossierCode}</dd>
                <dt>{t('amount')}</dt>
                <dd>{formatMoney(o.amountVnd)}</dd>
                <dt>{t('status')}</dt>
                <dd>{t(`status_${o.status}`)}</dd>
                <dt>{t('dueAt')}</dt>
                <dd>{formatDateTime(o.dueAt)}</dd>
              </dl>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  async function renderOrder(request: FastifyRequest, reply: FastifyReply, reference: string, message?: { kind: 'error' | 'success' | 'info'; text: string }, status = 200) {
    const { order, attempts, refunds, payer } = await service.getOrder(request.actor, reference);
    const ctx = pageContext(request, reply);
    const t = paymentsMessages.for(ctx.locale);
    const overdue = order.status === 'pending' && order.dueAt.getTime() < Date.now();
    const official = request.actor?.kind === 'official';
    const qr = payer && order.status === 'pending' && vietQr ? await vietQrImage(vietQrContent(vietQr, order.amountVnd, order.reference)) : undefined;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('orderTitle', { reference: order.reference })}>
        <h1>{t('orderTitle', { reference: order.reference })}</h1>
        {message?.kind === 'error' ? <ErrorSummary ctx={ctx} errors={{}} message={message.text} /> : null}
        {message?.kind === 'success' ? <Notice kind="success"><p>{message.text}</p></Notice> : null}
        {message?.kind === 'info' ? <Notice kind="info"><p>{message.text}</p></Notice> : null}
        {order.status === 'paid' ? <Notice kind="success"><p>{t('paidNotice', { at: order.paidAt ? formatDateTime(order.paidAt) : '—', receipt: order.receiptNo ?? '—' })}</p></Notice> : null}
        <dl class="summary-list">
          <dt>{t('reference')}</dt>
          <dd>{order.reference}</dd>
          <dt>{t('dossier')}</dt>
          <dd>{order.dossierCode}</dd>
          <dt>{t('kind')}</dt>
          <dd>{t(`kind_${order.kind}`)}</dd>
          <dt>{t('description')}</dt>
          <dd>{order.description}</dd>
          <dt>{t('amount')}</dt>
          <dd>{formatMoney(order.amountVnd)}</dd>
          <dt>{t('amountWords')}</dt>
          <dd>{amountInWords(order.amountVnd)}</dd>
          <dt>{t('dueAt')}</dt>
          <dd>
            {formatDateTime(order.dueAt)} {overdue ? <strong>({t('overdue')})</strong> : null}
          </dd>
          <dt>{t('status')}</dt>
          <dd id="order-status">{t(`status_${order.status}`)}</dd>
        </dl>
        <h2>{t('lines')}</h2>
        <ResponsiveTable head={[t('line'), t('amount')]}>
          {order.lines.map((l, i) => (
            <tr key={i}>
              <td>{l.name}</td>
              <td>{formatMoney(l.amountVnd)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('total')}</th>
            <td>{formatMoney(order.amountVnd)}</td>
          </tr>
        </ResponsiveTable>
        {payer && order.status === 'pending' ? (
          <Form ctx={ctx} action={`${orderPath(order.reference)}/pay`}>
            <p>{t('payHint')}</p>
            <Button>{t('payVnpay')}</Button>
          </Form>
        ) : null}
        {qr && vietQr ? (
          <section aria-labelledby="vietqr-title">
            <h2 id="vietqr-title">{t('vietQrTitle')}</h2>
            <p>{t('vietQrLead')}</p>
            <img src={qr} width={240} height={240} alt={t('vietQrAlt', { reference: order.reference })} />
            <dl class="summary-list">
              <dt>{t('vietQrAccount')}</dt>
              <dd>{vietQr.accountNumber} ({vietQr.bankBin}) {vietQr.accountName}</dd>
              <dt>{t('amount')}</dt>
              <dd>{formatMoney(order.amountVnd)}</dd>
              <dt>{t('vietQrPurpose')}</dt>
              <dd>{order.reference}</dd>
            </dl>
          </section>
        ) : null}
        {order.status === 'paid' || order.status === 'refunded' ? (
          <p>
            <a href={`${orderPath(order.reference)}/receipt.pdf`}>{t('receipt')}</a>
          </p>
        ) : null}
        {attempts.length > 0 ? (
          <>
            <h2>{t('attempts')}</h2>
            <ul>
              {attempts.map((a) => (
                <li key={a.id}>
                  {formatDateTime(a.createdAt)} — {t('gatewayTxn')}: {a.txnRef} — <strong>{t(`attempt_${a.status}`)}</strong>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {refunds.length > 0 ? (
          <>
            <h2>{t('refunds')}</h2>
            <ul>
              {refunds.map((r) => (
                <li key={r.id}>
                  {formatMoney(r.amountVnd)} — {r.reason} — {t(`refund_${r.status}`)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {official && order.status === 'paid' && !refunds.some((r) => r.status !== 'rejected') ? (
          <Form ctx={ctx} action={`${orderPath(order.reference)}/refunds`}>
            <TextField ctx={ctx} name="reason" label={t('refundReason')} maxLength={1000} />
            <Button variant="secondary">{t('requestRefund')}</Button>
          </Form>
        ) : null}
        {!official ? (
          <p>
            <a href="/payments">{t('backToMine')}</a>
          </p>
        ) : null}
      </Layout>,
      status,
    );
  }

  app.get('/payments/orders/:reference', { schema: { hide: true, params: RefParams, querystring: OrderQuery } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const t = paymentsMessages.for(request.locale);
    const { result, code, saved } = request.query;
    const reasonKey = code && KNOWN_REASONS.has(code) ? (`reason_${code}` as 'reason_24') : 'reason_other';
    const message =
      result === 'success' ? { kind: 'info' as const, text: t('resultSuccess') }
      : result === 'failed' ? { kind: 'error' as const, text: t('resultFailed', { code: code ?? '—', reason: t(reasonKey) }) }
      : result === 'invalid' ? { kind: 'error' as const, text: t('resultInvalid') }
      : saved ? { kind: 'success' as const, text: t('saved') }
      : undefined;
    return renderOrder(request, reply, request.params.reference, message);
  });

  app.post('/payments/orders/:reference/pay', { schema: { hide: true, params: RefParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    try {
      const { url, txnRef } = await service.startPayment(request.actor, request.params.reference, { ipAddr: request.ip, locale: request.locale });
      // A link, not a redirect: the CSP's form-action 'self' stops a form's redirect to the gateway's origin.
      const ctx = pageContext(request, reply);
      const t = paymentsMessages.for(ctx.locale);
      return sendPage(
        reply,
        <Layout ctx={ctx} title={t('continueTitle')}>
          <h1>{t('continueTitle')}</h1>
          <p>{t('continueLead', { txnRef })}</p>
          <p>
            <a class="button" href={url} id="to-gateway">
              {t('continue')}
            </a>
          </p>
        </Layout>,
      );
    } catch (error) {
      if (!isDomainError(error) || error.kind !== 'conflict') throw error;
      return renderOrder(request, reply, request.params.reference, { kind: 'error', text: error.message }, 409);
    }
  });

  app.get('/payments/orders/:reference/receipt.pdf', { schema: { hide: true, params: RefParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const { order, pdf } = await service.receiptPdf(request.actor, request.params.reference);
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="bien-lai-${order.reference}.pdf"`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(pdf);
  });

  app.post('/payments/orders/:reference/refunds', { schema: { hide: true, params: RefParams, body: FormBody } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    try {
      await service.requestRefund(request.actor, request.params.reference, { reason: request.body.reason });
    } catch (error) {
      if (!isDomainError(error) || !['invalid', 'conflict'].includes(error.kind)) throw error;
      return renderOrder(request, reply, request.params.reference, { kind: 'error', text: error.fields[0]?.message ?? error.message }, 400);
    }
    return reply.redirect(`${orderPath(request.params.reference)}?saved=1`, 303);
  });

  app.get('/console/payments/refunds', { schema: { hide: true, querystring: OrderQuery } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const refunds = await service.pendingRefunds(request.actor);
    const ctx = pageContext(request, reply);
    const t = paymentsMessages.for(ctx.locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('refundsTitle')}>
        <h1>{t('refundsTitle')}</h1>
        {request.query.saved ? <Notice kind="success"><p>{t('saved')}</p></Notice> : null}
        <p>{t('refundsLead', { window: formatDuration(ctx.locale, stepUpWindowSeconds()) })}</p>
        {refunds.length === 0 ? <p>{t('noRefunds')}</p> : null}
        <ul class="card-grid">
          {refunds.map((r) => (
            <li key={r.id} class="card">
              <h2>
                <a href={orderPath(r.reference)}>{r.reference}</a>
              </h2>
              <dl class="summary-list">
                <dt>{t('dossier')}</dt>
                <dd>{r.dossierCode}</dd>
                <dt>{t('amount')}</dt>
                <dd>{formatMoney(r.amountVnd)}</dd>
                <dt>{t('refundReason')}</dt>
                <dd>{r.reason}</dd>
              </dl>
              <Form ctx={ctx} action={`/console/payments/refunds/${r.id}/approve`}>
                <Button>{t('approve')}</Button>
              </Form>
              <Form ctx={ctx} action={`/console/payments/refunds/${r.id}/reject`}>
                <Button variant="secondary">{t('reject')}</Button>
              </Form>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  app.post('/console/payments/refunds/:id/:decision', { schema: { hide: true, params: RefundParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    try {
      await service.decideRefund(request.actor, request.params.id, { approve: request.params.decision === 'approve' });
    } catch (error) {
      // The second factor is asked for, then the official comes back to the list and approves again.
      if (isDomainError(error) && error.code === 'identity.step_up_required') return reply.redirect(stepUpUrl('/console/payments/refunds'), 303);
      throw error;
    }
    return reply.redirect('/console/payments/refunds?saved=1', 303);
  });
}
