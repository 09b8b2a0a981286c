import type { HttpApp } from '../../platform/http/index.ts';
import { registerTicketConsolePages } from './helpdesk.console.pages.tsx';
import { registerKnowledgePages } from './helpdesk.knowledge.pages.tsx';
import { registerPublicHelpPages } from './helpdesk.public.pages.tsx';
import type { HelpdeskService } from './helpdesk.service.ts';

/** The public Help page, the web form and the knowledge base; the agents' console (one file per use case). */
export function registerHelpdeskPages(app: HttpApp, service: HelpdeskService, answerWorkingDays: number): void {
  registerPublicHelpPages(app, service, answerWorkingDays);
  registerTicketConsolePages(app, service);
  registerKnowledgePages(app, service);
}
