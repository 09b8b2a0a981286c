import fastifyMultipart from '@fastify/multipart';
import { contentDisposition, csrfCheckedParts, type HttpApp } from '../../platform/http/index.ts';
import type { ReportingApi } from './reporting.api.ts';
import type { ReportingDeps } from './reporting.access.ts';
import { buildTemplate, MAX_EXCEL_BYTES, readUpload } from './reporting.excel.ts';
import { ReportingErrors } from './reporting.errors.ts';
import { reportingMessages } from './reporting.messages.ts';
import { labelOf } from './reporting.present.ts';
import { renderReport } from './reporting.render.tsx';
import { reportPath } from './reporting.views.tsx';

interface Params {
  regime: string;
  period: string;
}

/** The Excel template of the unit's own report, and its upload (refused whole on one bad cell). */
export async function registerExcelPages(app: HttpApp, api: ReportingApi, deps: ReportingDeps): Promise<void> {
  app.get('/console/reporting/:regime/:period/template.xlsx', { schema: { hide: true } }, async (request, reply) => {
    const params = request.params as Params;
    const view = await api.getReport(request.actor, params);
    if (!view.own || !view.entersValues) throw ReportingErrors.forbidden();
    const bytes = await buildTemplate(view.regime, view.unit, view.period, view.indicators, view.submission?.values ?? {}, request.locale);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', contentDisposition('attachment', `${view.regime.code}-${view.unit.code}-${view.period}.xlsx`))
      .send(bytes);
  });

  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_EXCEL_BYTES + 1, files: 1, fields: 3, fieldSize: 1024 }, throwFileSizeLimit: false });
    scope.post('/console/reporting/:regime/:period/upload', { schema: { hide: true }, config: { csrf: false } }, async (request, reply) => {
      const params = request.params as Params;
      // Only the unit's own officers may send a file: decided before the file is read.
      const check = async () => {
        const view = await api.getReport(request.actor, params);
        if (!view.own || !view.entersValues) throw ReportingErrors.forbidden();
      };
      let bytes: Buffer | undefined;
      let truncated = false;
      for await (const part of csrfCheckedParts(scope as unknown as HttpApp, request, reply, check)) {
        if (part.type === 'file') {
          const buffer = await part.toBuffer();
          truncated ||= part.file.truncated;
          if (buffer.length > 0) bytes = buffer;
        }
      }
      const t = reportingMessages.for(request.locale);
      const view = await api.getReport(request.actor, params);
      if (truncated) throw ReportingErrors.excelTooLarge();
      if (!bytes) throw ReportingErrors.excelUnreadable();
      const { inputs, problems } = await readUpload(bytes, view.indicators, view.regime.rules, request.locale);
      if (problems.length > 0) {
        const errors = Object.fromEntries(problems.map((p) => [`v.${p.key}`, t('excelCell', { cell: p.cell, label: labelOf(p.key, view.indicators, request.locale), problem: p.text })]));
        return renderReport(deps, api, request, reply, params, { errors, message: t('excelRefused'), status: 422 });
      }
      await api.saveReport(request.actor, { ...params, values: inputs, strict: true });
      return reply.redirect(`${reportPath(params.regime, params.period)}?done=uploaded`, 303);
    });
  });
}
