import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..');

/** A real platform process (`egov start`) on a free port with a fresh on-disk PGlite. */
export interface RunningPlatform {
  baseUrl: string;
  /** DATA_DIR of the process: without SMTP, its mails are written under `mail/` as .eml files. */
  dataDir: string;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/** `extraEnv`: settings of this run (a shorter STEP_UP_SECONDS, …) over the defaults below. */
export async function startPlatform(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningPlatform> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'egov-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: baseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    ...extraEnv,
  };
  // The embedded database is the point of the test: never reach a shared server.
  delete env.DATABASE_URL;
  delete env.SMTP_URL;

  // process.execPath is the Node 24 that runs Vitest (the system node may be older).
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'egov.js'), 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    await terminate(child, exited);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(baseUrl, exited, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, dataDir, output: () => output, stop };
}

async function waitUntilReady(baseUrl: string, exited: Promise<number | null>, output: () => string): Promise<void> {
  // A loaded machine (CI runners shared by several jobs) may need longer: E2E_READY_SECONDS.
  const readySeconds = Number(process.env.E2E_READY_SECONDS ?? 110);
  const deadline = Date.now() + readySeconds * 1000;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code ?? -1));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`egov start exited with code ${exitCode} before it was ready:\n${output()}`);
    try {
      const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`egov start was not ready at ${baseUrl}/health/ready within ${readySeconds} s:\n${output()}`);
}

async function terminate(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Debian's chromium, headless, with a throw-away profile (`launch` makes a temporary one). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
    if (found) return found;
  } catch {
    // fall through to the explanation below
  }
  throw new Error('The e2e suite needs Chromium, which was not found on PATH. Install it with `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH).');
}

export const MOBILE = { width: 360, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/**
 * A fresh browser context (no cookies) whose pages fail the test on console errors:
 * a CSP violation (inline style or script) shows up there and nowhere else.
 */
export async function newSession(
  browser: Browser,
  baseUrl: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: DESKTOP, locale: 'vi-VN', javaScriptEnabled: options.javaScriptEnabled ?? true });
  // Pages answer in milliseconds; a missing element should fail fast, not after 30 s.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // A form answered with 400 logs its own document as a failed load: that is the page working.
    if (message.text().startsWith('Failed to load resource') && message.location().url === page.url()) return;
    consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  return { context, page, consoleErrors };
}

/**
 * Runs axe at 360 px and at desktop width and fails on any serious or critical
 * violation, listing each one with the offending elements. At 360 px the page must
 * not scroll sideways. The viewport is restored afterwards. With E2E_SCREENSHOT_DIR set,
 * a full-page screenshot of each width is saved there for a human look.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const original = page.viewportSize() ?? DESKTOP;
  const problems: string[] = [];
  for (const viewport of [MOBILE, DESKTOP]) {
    await page.setViewportSize(viewport);
    const where = `${label} (${page.url()}) at ${viewport.width}px`;
    // WCAG 2.2 touch-target size is off by default in axe; we hold ourselves to it.
    const results = await new AxeBuilder({ page }).options({ rules: { 'target-size': { enabled: true } } }).analyze();
    for (const v of results.violations) {
      if (v.impact !== 'serious' && v.impact !== 'critical') continue;
      const nodes = v.nodes.map((n) => `      - ${n.target.join(' ')}\n        ${n.failureSummary?.replace(/\n/g, '\n        ') ?? ''}\n        ${n.html}`).join('\n');
      problems.push(`${where}: [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`);
    }
    const shots = process.env.E2E_SCREENSHOT_DIR;
    if (shots) {
      await mkdir(shots, { recursive: true });
      const file = `${label.replace(/[^a-zA-Z0-9]+/g, '-').replace(/^-|-$/g, '')}-${viewport.width}.png`;
      await page.screenshot({ path: path.join(shots, file), fullPage: true });
    }
    if (viewport === MOBILE) {
      const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
      if (overflow.scroll > overflow.view) problems.push(`${where}: scrolls sideways (${overflow.scroll}px wide content in a ${overflow.view}px window)`);
    }
  }
  await page.setViewportSize(original);
  if (problems.length > 0) throw new Error(`Accessibility problems:\n${problems.join('\n')}`);
}

/** Random but valid-looking account data: a 12-digit personal ID, a 09xxxxxxxx phone. */
export function randomCitizen() {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
  // CCCD layout: birth province (3), century and sex (1), birth year (2), serial (6).
  const personalId = `${pick(['001', '022', '031', '048', '079'])}${pick(['0', '1'])}${70 + Math.floor(Math.random() * 30)}${digits(6)}`;
  return {
    personalId,
    fullName: 'Lê Thị Hồng Nhung',
    email: `nhung.${personalId}@example.vn`,
    phone: `09${digits(8)}`,
    password: `Mat-khau-${digits(6)}!`,
  };
}
