// `npm run screenshots`: starts the platform with its demo data (egov start on a fresh embedded
// database), signs in as each demo account of e2e/narrow.ts, follows the links of its pages
// (one page per shape of address, SCREENSHOT_LIMIT per account), and saves a full-page
// screenshot of each at 360 px, in Vietnamese and in English, under SCREENSHOT_DIR (default
// screenshots/, ignored by git). Fails (exit 1) when a page scrolls sideways, naming what sticks out.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { launchBrowser, startPlatform } from '../e2e/harness.ts';
import { NARROW, overflowingElements, pageLinks, SCREEN_ACCOUNTS, sidewaysScroll } from '../e2e/narrow.ts';
import { logIn } from '../e2e/pages.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.resolve(ROOT, process.env.SCREENSHOT_DIR ?? 'screenshots');
const LIMIT = Number(process.env.SCREENSHOT_LIMIT ?? 40);
const LANGS = (process.env.SCREENSHOT_LANGS ?? 'vi,en').split(',').filter((l) => l === 'vi' || l === 'en');
const ONLY = process.env.SCREENSHOT_ACCOUNTS?.split(',');

const slug = (url: string) => url.replace(/^\//, '').replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'home';

async function main(): Promise<number> {
  await rm(OUT, { recursive: true, force: true });
  process.stdout.write('starting the platform with demo data …\n');
  const platform = await startPlatform();
  const browser = await launchBrowser();
  const problems: string[] = [];
  const index: string[] = [];
  try {
    for (const account of SCREEN_ACCOUNTS.filter((a) => !ONLY || ONLY.includes(a.name))) {
      const context = await browser.newContext({ baseURL: platform.baseUrl, viewport: NARROW, locale: 'vi-VN' });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      try {
        if (account.login) await logIn(page, account.login, 'Demo@2026egov');
        const seen = new Set<string>();
        const queue = [...account.start];
        for (const url of account.start) seen.add(url);
        let count = 0;
        while (queue.length > 0 && count < LIMIT) {
          const url = queue.shift() as string;
          count += 1;
          for (const lang of LANGS) {
            await context.addCookies([{ name: 'lang', value: lang, url: platform.baseUrl }]);
            const response = await page.goto(url).catch((error: Error) => (problems.push(`${account.name} ${url}: ${error.message}`), null));
            if (!response) continue;
            const file = path.join(OUT, account.name, `${String(count).padStart(2, '0')}-${slug(url)}-${lang}.png`);
            await mkdir(path.dirname(file), { recursive: true });
            await page.screenshot({ path: file, fullPage: true });
            const sideways = await sidewaysScroll(page);
            index.push(`${response.status()}\t${sideways > 0 ? `SCROLLS ${sideways}px` : 'ok'}\t${path.relative(OUT, file)}\t${url}`);
            if (sideways > 0) problems.push(`${account.name} ${url} (${lang}) scrolls sideways by ${sideways} px: ${(await overflowingElements(page)).join(', ')}`);
            if (lang === LANGS[0]) queue.push(...(await pageLinks(page, seen)));
          }
        }
        process.stdout.write(`${account.name}: ${count} page(s)\n`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await platform.stop();
  }
  await mkdir(OUT, { recursive: true });
  await writeFile(path.join(OUT, 'index.tsv'), `status\tsideways\tfile\turl\n${index.join('\n')}\n`);
  process.stdout.write(`${index.length} screenshot(s) in ${OUT} (index.tsv)\n`);
  if (problems.length > 0) {
    process.stderr.write(`${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
