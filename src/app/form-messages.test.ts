import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApp } from '../platform/http/index.ts';
import type { Actor } from '../platform/module/index.ts';
import type { IdentityApi } from '../modules/identity/index.ts';
import { allFormDefinitions } from '../modules/dossiers/dossiers.forms.ts';
import { errorsOf, formBody, SCENARIOS, Visitor, type Lang } from './form-messages.support.ts';
import { createTestPlatform, type TestPlatform } from './testing.ts';

// Issue #22: every citizen's form rendered with every field empty and every rule broken, in
// both languages; each message checked against the reviewed list in
// fixtures/form-messages.json. After a deliberate change of wording, regenerate the list
// with FORM_MESSAGES_WRITE=1, review its diff, and commit it.

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'form-messages.json');
const WRITE = process.env.FORM_MESSAGES_WRITE === '1';

type Entry = { control: string; vi: string; en: string };
const found: Record<string, Record<string, Entry>> = {};

let platform: TestPlatform;
let app: HttpApp;
let citizen: Actor;
let business: Actor;

beforeAll(async () => {
  platform = await createTestPlatform({ modules: ['dossiers', 'feedback', 'helpdesk'], seed: ['agencies', 'identity', 'catalog'] });
  app = await platform.http();
  const identity = platform.api<IdentityApi>('identity');
  citizen = await identity.authenticate({ identifier: '001090000001', password: 'Demo@2026egov', ip: '192.0.2.31' });
  business = await identity.authenticate({ identifier: '5700100256', password: 'Demo@2026egov', ip: '192.0.2.32' });
}, 180_000);

afterAll(async () => {
  await platform?.close();
});

/** Renders `form` by `show`, posts it by `send` in both languages, and records the errors the page shows. */
async function record(key: string, run: (visitor: Visitor, lang: Lang) => Promise<{ statusCode: number; body: string }>, actor?: Actor) {
  const byLang: Partial<Record<Lang, ReturnType<typeof errorsOf>>> = {};
  for (const lang of ['vi', 'en'] as const) {
    const res = await run(new Visitor(app, lang, actor), lang);
    expect(res.statusCode, `${key} (${lang})`).toBe(400);
    byLang[lang] = errorsOf(res.body);
  }
  const vi = byLang.vi ?? {};
  const en = byLang.en ?? {};
  expect(Object.keys(en), key).toEqual(Object.keys(vi));
  expect(Object.keys(vi).length, `${key}: no error shown`).toBeGreaterThan(0);
  found[key] = Object.fromEntries(Object.entries(vi).map(([id, e]) => [id, { control: e.control, vi: e.message, en: en[id]?.message ?? '' }]));
}

const FORMS: { id: string; procedure: string; actor: () => Actor }[] = [
  { id: 'birth-registration/1', procedure: '1.001193.000.00.00.H49', actor: () => citizen },
  { id: 'household-business/1', procedure: '2.000575.000.00.00.H49', actor: () => citizen },
  { id: 'generic-citizen/1', procedure: '1.004884.000.00.00.H49', actor: () => citizen },
  { id: 'generic-business/1', procedure: '2.000633.000.00.00.H49', actor: () => business },
];

/** The first real option of a select on the page. */
const firstOption = (html: string, name: string) => new RegExp(`<select[^>]*name="${name}"[^>]*>(?:<option value(?: selected)?>[^<]*</option>)?<option value="([^"]+)"`).exec(html)?.[1] ?? '';

describe('error messages of the citizen\'s forms', () => {
  it('covers every form definition of the dossiers module', () => {
    expect(FORMS.map((f) => f.id).sort()).toEqual(allFormDefinitions().map((f) => f.id).sort());
  });

  for (const form of FORMS) {
    it(`application form ${form.id}: start, answers in every scenario, uploads`, async () => {
      const definition = allFormDefinitions().find((d) => d.id === form.id);
      if (!definition) throw new Error(form.id);
      const apply = `/procedures/${form.procedure}/apply`;
      await record(`apply ${form.id} / start empty`, async (v) => {
        await v.get(apply);
        return v.post(apply, { caseCode: '', receivingAgency: '' });
      }, form.actor());
      for (const scenario of SCENARIOS) {
        if (scenario === 'high' && !definition.fields.some((f) => f.type === 'number' || f.type === 'date')) continue;
        await record(`apply ${form.id} / answers ${scenario}`, async (v) => {
          const start = await v.get(apply);
          const started = await v.post(apply, { caseCode: firstOption(start.body, 'caseCode'), receivingAgency: firstOption(start.body, 'receivingAgency') });
          const url = String(started.headers.location);
          await v.get(url);
          return v.post(url, { ...formBody(definition, scenario), _action: 'continue' });
        }, form.actor());
      }
      await record(`apply ${form.id} / uploads empty`, async (v) => {
        const start = await v.get(apply);
        const started = await v.post(apply, { caseCode: firstOption(start.body, 'caseCode'), receivingAgency: firstOption(start.body, 'receivingAgency') });
        const uploads = String(started.headers.location).replace(/\/form$/, '/uploads');
        await v.get(uploads);
        return v.postNoFiles(uploads);
      }, form.actor());
    }, 120_000);
  }

  it('registration, login and the confirmation link', async () => {
    const empty = { accountType: '', personalId: '', taxCode: '', fullName: '', email: '', phone: '', password: '', passwordConfirm: '' };
    const register = (fields: Record<string, string>) => async (v: Visitor) => (await v.get('/register'), v.post('/register', fields));
    await record('register / empty', register(empty));
    await record('register / citizen broken', register({ ...empty, accountType: 'citizen', personalId: '123', fullName: 'x'.repeat(201), email: 'x@', phone: '12', password: 'short', passwordConfirm: 'other' }));
    await record('register / business broken', register({ ...empty, accountType: 'business', taxCode: '12', fullName: 'An', email: 'an@example.vn', password: 'mat-khau-2026', passwordConfirm: 'mat-khau-2027' }));
    await record('login / empty', async (v) => (await v.get('/login'), v.post('/login', { identifier: '', password: '' })));
    await record('register resend / empty', async (v) => (await v.get('/register/resend'), v.post('/register/resend', { email: '' })));
    await record('register resend / broken', async (v) => (await v.get('/register/resend'), v.post('/register/resend', { email: 'x@' })));
  }, 120_000);

  it('the date of birth of the national identity check', async () => {
    const url = '/national-id/local/authorize';
    for (const [name, parts] of [['empty', ['', '', '']], ['not a real date', ['31', '2', '1990']], ['incomplete', ['15', '', '1990']]] as const) {
      await record(`national id / ${name}`, async (v) => (await v.get(url), v.post(url, { 'birthDate.day': parts[0], 'birthDate.month': parts[1], 'birthDate.year': parts[2] })), citizen);
    }
  }, 60_000);

  it('feedback and the helpdesk', async () => {
    await record('feedback / empty', async (v) => (await v.get('/feedback/new'), v.post('/feedback', { kind: '', category: '', title: '', content: '' })), citizen);
    await record('feedback / broken', async (v) => (await v.get('/feedback/new'), v.post('/feedback', { kind: 'x', category: 'x', title: 'x'.repeat(201), content: 'x'.repeat(5001) })), citizen);
    await record('support / empty', async (v) => (await v.get('/support/new'), v.post('/support/tickets', { category: '', subject: '', body: '', requesterName: '', requesterContact: '' })));
    await record('support / broken', async (v) => (await v.get('/support/new'), v.post('/support/tickets', { category: 'x', subject: 'x'.repeat(201), body: 'x'.repeat(20_001), requesterName: 'An', requesterContact: 'x@' })));
  }, 60_000);

  it('says "Chọn"/"Select" on every choice control, never on a text input, and writes English plurals right', () => {
    for (const [key, entries] of Object.entries(found)) {
      for (const [id, e] of Object.entries(entries)) {
        const where = `${key} ${id}: ${e.vi} / ${e.en}`;
        if (['select', 'radio', 'checkbox', 'file'].includes(e.control)) {
          expect(e.vi, where).toMatch(/^Chọn /);
          expect(e.en, where).toMatch(/^Select /);
        } else {
          expect(e.vi, where).not.toMatch(/^Chọn /);
          expect(e.en, where).not.toMatch(/^(Select|Choose) /);
        }
        expect(e.en, where).not.toMatch(/\b1 (?!digits?\b)[a-z-]+s\b/);
        expect(e.en, where).not.toMatch(/\b(?:[02-9]|\d{2,}) (?:working )?(?:day|copy|dossier|member|character|item|file|minute|procedure)\b/);
        // English words only, but for quoted data (a dossier component's name in the catalogue).
        expect(e.en.replace(/"[^"]*"/g, ''), where).not.toMatch(/[ạảãàáâậầấẩẫăắằẳẵặđêềếểễệôồốổỗộơờớởỡợưừứửữự]/i);
      }
    }
  });

  it('matches the reviewed list in fixtures/form-messages.json', () => {
    const sorted = Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
    if (WRITE) fs.writeFileSync(FIXTURE, `${JSON.stringify(sorted, null, 2)}\n`);
    const reviewed = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as typeof found;
    expect(sorted).toEqual(reviewed);
  });
});
