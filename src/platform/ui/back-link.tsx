import type { PageContext } from './viewer.ts';
import { uiMessages } from './ui.messages.ts';

/** GOV.UK's Back link, above the page's heading: a plain link to the previous step (works without JavaScript). */
export function BackLink({ ctx, href, text }: { ctx: PageContext; href: string; text?: string }) {
  return (
    <a class="back-link" href={href}>
      {text ?? uiMessages.t(ctx.locale, 'back')}
    </a>
  );
}
