import type { Page } from 'playwright-core';

/** The narrowest screen the pages are made for (a small Android phone). */
export const NARROW = { width: 360, height: 740 } as const;

/** How far the page scrolls sideways (0 when it does not): the document wider than its window. */
export async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return Math.max(0, root.scrollWidth - root.clientWidth);
  });
}

/** The elements that stick out of the window on the right (for a failure message). */
export async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && box.width > 0) {
        const parentSticksOut = el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1;
        if (!parentSticksOut || found.length === 0) found.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} (right edge ${Math.round(box.right)} px)`);
      }
      if (found.length >= 5) break;
    }
    return found;
  });
}

/** Who the screenshots are taken as, and where each starts (the crawler follows links from there). */
export const SCREEN_ACCOUNTS: { name: string; login?: string; start: string[] }[] = [
  { name: 'visitor', start: ['/', '/procedures?q=khai+sinh', '/track', '/support', '/login', '/register', '/about', '/nowhere'] },
  { name: 'citizen', login: '001090000001', start: ['/my/dossiers', '/profile', '/payments', '/feedback', '/procedures/1.001193.000.00.00.H49'] },
  { name: 'business', login: '5700100256', start: ['/my/dossiers', '/profile', '/payments'] },
  { name: 'one-stop-clerk', login: 'motcua.51h49@demo.egov.vn', start: ['/console', '/console/work', '/console/dossiers'] },
  { name: 'leader', login: 'lanhdao.h49@demo.egov.vn', start: ['/console', '/console/work', '/console/reporting'] },
  { name: 'exchange-clerk', login: 'vanthu.h49@demo.egov.vn', start: ['/exchange', '/exchange/sent', '/exchange/compose'] },
  { name: 'feedback-officer', login: 'pakn.01h49@demo.egov.vn', start: ['/console/feedback', '/console/ratings'] },
  { name: 'helpdesk-agent', login: 'hotro@demo.egov.vn', start: ['/console/helpdesk'] },
  { name: 'cabinet-secretariat', login: 'thuky.vpcp@demo.egov.vn', start: ['/cabinet'] },
  { name: 'admin', login: 'admin@demo.egov.vn', start: ['/admin', '/admin/agencies', '/admin/officials', '/admin/calendar'] },
];

const SKIP = /^\/(api|oidc|\.well-known|assets|fonts|health|lang|logout|exchange\/assets)(\/|$)|\.(pdf|xlsx|csv|json|docx|xml|eml|zip|png|jpe?g|svg|js)(\?|$)/;

/** Pages of this site a page links to, one per shape of address (numbers and ids made alike). */
export async function pageLinks(page: Page, seen: Set<string>): Promise<string[]> {
  const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => a.getAttribute('href') ?? ''));
  const found: string[] = [];
  for (const href of hrefs) {
    if (!href.startsWith('/') || href.startsWith('//') || SKIP.test(href)) continue;
    const url = href.split('#')[0] ?? href;
    const shape = url
      .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, ':id')
      .replace(/\d+/g, ':n')
      .replace(/([?&][^=&]+)=[^&]*/g, '$1');
    if (seen.has(shape)) continue;
    seen.add(shape);
    found.push(url);
  }
  return found;
}
