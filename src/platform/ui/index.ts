export * from './viewer.ts';
export * from './layout.tsx';
export * from './forms.tsx';
export * from './date-field.tsx';
export * from './date-parts.ts';
export * from './radios.tsx';
export * from './back-link.tsx';
export * from './error-page.tsx';
export * from './static.ts';
export * from './prerendered.tsx';
export * from './responsive-table.tsx';
export * from './queue-tabs.tsx';
export { uiMessages } from './ui.messages.ts';

import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendHtml } from '../http/index.ts';
import { renderDocument } from './layout.tsx';

/** Renders a page element and sends it (routes stay thin: parse → authorise → use case → this). */
export function sendPage(reply: FastifyReply, node: preact.VNode, status = 200): FastifyReply {
  return sendHtml(reply, renderDocument(node), status);
}
export type { FastifyRequest };
