import type { HttpApp } from '../../platform/http/index.ts';
import type { ReportingApi } from './reporting.api.ts';
import type { ReportingDeps } from './reporting.access.ts';

export function registerReportingPages(app: HttpApp, api: ReportingApi, deps: ReportingDeps): void {
  void app;
  void api;
  void deps;
}
