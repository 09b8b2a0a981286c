import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isDomainError } from '../../platform/errors/index.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { formatDateTime, formatMoney } from '../../platform/i18n/index.ts';
import { Button, ErrorSummary, Form, Layout, pageContext, sendPage, TextField, toFieldErrors, type FieldErrors } from '../../platform/ui/index.ts';
import { signIn } from './backoffice.page-parts.tsx';
import { paymentMessages } from './backoffice.payment.messages.ts';
import type { BackofficeApi } from './backoffice.service.ts';

const CodeParams = Type.Object({ code: Type.String({ maxLength: 70 }) });
const Body = Type.Record(Type.String(), Type.String({ maxLength: 2000 }));
const pathOf = (code: string) => `/console/work/${encodeURIComponent(code)}/financial-obligation`;

/** Status 6: the official's form requesting the financial obligation (backoffice.payment.ts). */
export function registerPaymentRequestPages(app: HttpApp, service: BackofficeApi): void {
  async function render(request: FastifyRequest, reply: FastifyReply, code: string, form: { values: Record<string, string>; errors: FieldErrors; message?: string }, status = 200) {
    const v = await service.financialObligationView(request.actor, code);
    const ctx = pageContext(request, reply);
    const t = paymentMessages.for(ctx.locale);
    const d = v.dossier;
    const suggested = v.fees.reduce((sum, f) => sum + f.amountVnd, 0);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('title', { code: d.code })}>
        <h1>{t('title', { code: d.code })}</h1>
        <ErrorSummary ctx={ctx} errors={form.errors} message={form.message} />
        <p>{t('lead')}</p>
        <h2>{t('caseFees')}</h2>
        {v.fees.length === 0 ? <p>{t('noFees')}</p> : (
          <ul>
            {v.fees.map((f, i) => (
              <li key={i}>
                {f.name}: {formatMoney(f.amountVnd)}
              </li>
            ))}
          </ul>
        )}
        {v.allowed ? (
          <Form ctx={ctx} action={pathOf(d.code)}>
            <input type="hidden" name="version" value={String(d.version)} />
            <TextField ctx={ctx} name="amountVnd" label={t('amount')} hint={t('amountHint')} inputmode="numeric" value={form.values.amountVnd ?? (suggested > 0 ? String(suggested) : '')} error={form.errors.amountVnd} required />
            <TextField ctx={ctx} name="description" label={t('description')} maxLength={300} value={form.values.description ?? v.fees.map((f) => f.name).join(', ')} error={form.errors.description} required />
            <TextField ctx={ctx} name="dueDay" type="date" label={t('dueDay')} value={form.values.dueDay} error={form.errors.dueDay} />
            <Button>{t('submit')}</Button>
          </Form>
        ) : (
          <p>{t('notAllowed')}</p>
        )}
        <h2>{t('orders')}</h2>
        {v.orders.length === 0 ? <p>{t('noOrders')}</p> : (
          <ul>
            {v.orders.map((o) => (
              <li key={o.reference}>
                <a href={`/payments/orders/${o.reference}`}>{o.reference}</a> — {o.description}: {formatMoney(o.amountVnd)} — {o.status} — {formatDateTime(o.dueAt)}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href={`/console/work/${encodeURIComponent(d.code)}`}>{t('back')}</a>
        </p>
      </Layout>,
      status,
    );
  }

  app.get('/console/work/:code/financial-obligation', { schema: { hide: true, params: CodeParams } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    return render(request, reply, request.params.code, { values: {}, errors: {} });
  });

  app.post('/console/work/:code/financial-obligation', { schema: { hide: true, params: CodeParams, body: Body } }, async (request, reply) => {
    if (!request.actor) return signIn(request, reply);
    const b = request.body;
    const values = { amountVnd: b.amountVnd ?? '', description: b.description ?? '', dueDay: b.dueDay ?? '' };
    try {
      await service.requestFinancialObligation(request.actor, request.params.code, { version: Number(b.version), amountVnd: values.amountVnd, description: values.description, dueDay: values.dueDay || undefined });
    } catch (error) {
      if (!isDomainError(error) || !['invalid', 'conflict'].includes(error.kind)) throw error;
      return render(request, reply, request.params.code, { values, errors: toFieldErrors(error.fields), message: error.fields.length > 0 ? undefined : error.message }, error.kind === 'conflict' ? 409 : 400);
    }
    return reply.redirect(`/console/work/${encodeURIComponent(request.params.code)}?done=1`, 303);
  });
}
