import { generate } from 'otplib';
import type { Page } from 'playwright-core';

// Driving the identity pages through their contract (field names and paths in
// scratch/HELPERS.md), not through their wording, which belongs to the identity module.

export interface Registration {
  personalId: string;
  fullName: string;
  email: string;
  phone: string;
  password: string;
  passwordConfirm?: string;
}

/** Chooses "citizen" whether the account type is a select or radio buttons. */
async function chooseCitizen(page: Page): Promise<void> {
  const field = page.locator('main [name="accountType"]');
  const count = await field.count();
  if (count === 0) return;
  const tag = await field.first().evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'select') await field.selectOption('citizen');
  else if ((await field.first().getAttribute('type')) === 'radio') await page.locator('main [name="accountType"][value="citizen"]').check();
  else await field.first().fill('citizen');
}

export async function fillRegistration(page: Page, data: Registration): Promise<void> {
  await chooseCitizen(page);
  await page.locator('main [name="personalId"]').fill(data.personalId);
  await page.locator('main [name="fullName"]').fill(data.fullName);
  await page.locator('main [name="email"]').fill(data.email);
  await page.locator('main [name="phone"]').fill(data.phone);
  await page.locator('main [name="password"]').fill(data.password);
  await page.locator('main [name="passwordConfirm"]').fill(data.passwordConfirm ?? data.password);
}

/** Submits the main form that holds a password field (login, register) and waits for the next page. */
export async function submit(page: Page): Promise<void> {
  const button = page.locator('main form[method="post"]:has([name="password"]) [type="submit"]').first();
  await Promise.all([page.waitForNavigation(), button.click()]);
}

/** The authenticator secret of the demo officials and admin (identity's DEMO_TOTP_SECRET, printed at start). */
export const DEMO_TOTP_SECRET = 'EGOVDEMOTOTPSECRETFORDEMOONLY234';

// A code is accepted once per 30-second step; logins of one account in a run come faster.
const lastStepOf = new Map<string, number>();

/** What an authenticator app would show for a step later than the account's last one (waiting if need be). */
async function nextCode(identifier: string, secret: string): Promise<string> {
  const last = lastStepOf.get(identifier) ?? 0;
  let step = Math.floor(Date.now() / 30_000);
  // The server accepts the next step too (a phone clock a little ahead).
  if (step <= last) step = last + 1;
  while (step > Math.floor(Date.now() / 30_000) + 1) await new Promise((resolve) => setTimeout(resolve, 1000));
  lastStepOf.set(identifier, step);
  return generate({ secret, epoch: step * 30 });
}

// Authenticators enrolled during a run (a new official's first login), by login.
const enrolledSecrets = new Map<string, string>();

/**
 * Logs in; an account with an authenticator (demo officials, admin) gives its code on the next
 * page, and an official without one (just created) enrols one as a person would, by the
 * secret shown on the page, then goes on to where the login was going.
 */
export async function logIn(page: Page, identifier: string, password: string, secret = DEMO_TOTP_SECRET): Promise<void> {
  await page.goto('/login');
  await page.locator('main [name="identifier"]').fill(identifier);
  await page.locator('main [name="password"]').fill(password);
  await submit(page);
  const submitCode = () => Promise.all([page.waitForNavigation(), page.locator('main form[method="post"] [type="submit"]').first().click()]);
  if (pathOf(page) === '/login/second-factor') {
    await page.locator('main [name="code"]').fill(await nextCode(identifier, enrolledSecrets.get(identifier) ?? secret));
    await submitCode();
  } else if (pathOf(page) === '/account/two-factor') {
    const own = (await page.locator('main code.secret-key').innerText()).replace(/\s/g, '');
    enrolledSecrets.set(identifier, own);
    await page.locator('main [name="code"]').fill(await nextCode(identifier, own));
    await submitCode();
    await Promise.all([page.waitForNavigation(), page.locator('main a.continue-link').click()]);
  }
}

/** The logout button of the page header (a POST form with its CSRF token). */
export async function logOut(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.locator('header form[action="/logout"] [type="submit"]').click()]);
}

export async function switchLanguage(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.locator('header .lang-switch').click()]);
}

export const pathOf = (page: Page) => new URL(page.url()).pathname;

/**
 * On identity's step-up page: the code of the account's authenticator (the demo one, or the one
 * it enrolled in this run), then back to where the step-up was asked.
 */
export async function giveStepUpCode(page: Page, identifier: string): Promise<void> {
  await page.locator('main [name="code"]').fill(await nextCode(identifier, enrolledSecrets.get(identifier) ?? DEMO_TOTP_SECRET));
  await Promise.all([page.waitForNavigation(), page.locator('main form[method="post"] [type="submit"]').first().click()]);
}

/** The demo birth registration of Quảng Ninh's wards (one-stop desk 000.00.51.H49). */
export const BIRTH_PROCEDURE = '1.001193.000.00.00.H49';

/** Presses the page's submit button that says `text` and waits for the page it leads to (E2E_TRACE=1 logs each press). */
export async function press(page: Page, text: string): Promise<void> {
  if (process.env.E2E_TRACE) console.log(new Date().toISOString(), 'press', text, page.url());
  await Promise.all([page.waitForNavigation(), page.locator('main button[type="submit"]', { hasText: text }).first().click()]);
}

/**
 * Fills the demo birth registration's answers on its form page (the child Nguyễn Minh Khôi, born
 * 1/11/2026, at Vân Đồn); `childName: null` leaves the child's name out.
 */
export async function fillBirthAnswers(page: Page, options: { childName?: string | null } = {}): Promise<void> {
  if ((await page.locator('main [name="applicantPhone"]').inputValue()) === '') await page.locator('main [name="applicantPhone"]').fill('0912345678');
  await page.locator('main [name="relation"]').selectOption('father');
  const childName = options.childName === undefined ? 'Nguyễn Minh Khôi' : options.childName;
  if (childName !== null) await page.locator('main [name="childName"]').fill(childName);
  await page.locator('main [name="gender"]').selectOption('male');
  // The date of birth is three fields: day, month, year (GOV.UK's date input).
  await page.locator('main [name="childBirthDate.day"]').fill('1');
  await page.locator('main [name="childBirthDate.month"]').fill('11');
  await page.locator('main [name="childBirthDate.year"]').fill('2026');
  await page.locator('main [name="ethnicity"]').fill('Kinh');
  await page.locator('main [name="motherName"]').fill('Lê Thị Hoa');
  await page.locator('main [name="motherPersonalId"]').fill('022192000123');
  await page.locator('main [name="fatherKnown"]').selectOption('no');
  // Province → commune with JavaScript: the commune list fills itself (without: e2e/narrow.e2e.ts).
  await page.locator('main [name="childBirthPlace.province"]').selectOption('22');
  await page.locator('main [name="childBirthPlace.street"]').fill('Bệnh viện đa khoa Vân Đồn');
  await page.locator('main [name="childBirthPlace.commune"]').selectOption('06994');
}

/** A signed-in citizen starts the demo birth registration and fills its form (the child Nguyễn Minh Khôi, born 1/11/2026), up to the uploads step. */
export async function fillBirthApplication(page: Page): Promise<void> {
  await page.goto(`/procedures/${encodeURIComponent(BIRTH_PROCEDURE)}/apply`);
  await page.locator('main [name="caseCode"]').selectOption('01');
  await page.locator('main [name="receivingAgency"]').selectOption('000.00.51.H49');
  await press(page, 'Bắt đầu');
  await fillBirthAnswers(page);
  await press(page, 'Lưu và tiếp tục');
}
