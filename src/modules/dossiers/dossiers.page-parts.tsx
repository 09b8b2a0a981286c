import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { redirectToSignIn } from '../../platform/http/index.ts';
import { BackLink, Layout, type PageContext } from '../../platform/ui/index.ts';
import { pageMessages } from './dossiers.page-messages.ts';

// What the steps of the online application share (dossiers.pages.tsx, dossiers.upload-pages.tsx).

export const DraftParams = Type.Object({ id: Type.String({ maxLength: 40 }) });

export const draftPath = (id: string, step: string) => `/applications/${id}/${step}`;

/** Signed-out visitors go to the login page and come back here. */
export function requireSignIn(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.actor) return true;
  void redirectToSignIn(request, reply);
  return false;
}

/** The procedure's page in the catalogue: where step 1 and 2 go back to. */
export const procedurePath = (code: string) => `/procedures/${encodeURIComponent(code)}`;

/** A step of the application: Back link to the previous step, "Step n of 4", the heading. */
export function StepLayout(props: { ctx: PageContext; title: string; step: number; procedureName: string; back: string; children: preact.ComponentChildren }) {
  const t = pageMessages.for(props.ctx.locale);
  return (
    <Layout ctx={props.ctx} title={props.title} narrow>
      <BackLink ctx={props.ctx} href={props.back} />
      <p class="hint">
        {t('stepOf', { n: props.step })} · {props.procedureName}
      </p>
      <h1>{props.title}</h1>
      {props.children}
    </Layout>
  );
}
