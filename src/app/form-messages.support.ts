import type { HttpApp } from '../platform/http/index.ts';
import type { Actor } from '../platform/module/index.ts';
import type { FieldDef, FormDefinition } from '../modules/dossiers/dossiers.forms.ts';
import { actorHeader } from './testing.ts';

// What form-messages.test.ts needs: a browser in one language, the errors a page shows with
// the kind of control each belongs to, and the answers that break every rule of a form.

export type Lang = 'vi' | 'en';

export class Visitor {
  private cookies = new Map<string, string>();
  private csrf = '';
  constructor(
    private readonly app: HttpApp,
    lang: Lang,
    private readonly actor?: Actor,
  ) {
    this.cookies.set('lang', lang);
  }
  private headers(extra: Record<string, string> = {}) {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), accept: 'text/html', ...(this.actor ? actorHeader(this.actor) : {}), ...extra };
  }
  private remember(res: { headers: Record<string, unknown>; body: string }) {
    const raw = res.headers['set-cookie'];
    for (const c of Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : []) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
  }
  async get(url: string) {
    const res = await this.app.inject({ method: 'GET', url, headers: this.headers() });
    this.remember(res);
    return res;
  }
  async post(url: string, fields: Record<string, string>) {
    const payload = new URLSearchParams({ _csrf: this.csrf, ...fields }).toString();
    const res = await this.app.inject({ method: 'POST', url, payload, headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }) });
    this.remember(res);
    return res;
  }
  /** A multipart post with no file chosen (the upload step sent as it is). */
  async postNoFiles(url: string) {
    const boundary = '----egovformmessages';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${this.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="c0"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--${boundary}--\r\n`;
    const res = await this.app.inject({ method: 'POST', url, payload, headers: this.headers({ 'content-type': `multipart/form-data; boundary=${boundary}` }) });
    this.remember(res);
    return res;
  }
}

const decode = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The kind of control an id names on the page: what decides "Chọn" or "Nhập". */
export function controlOf(html: string, id: string): string {
  const tag = new RegExp(`<(input|select|textarea|fieldset)\\b[^>]*\\bid="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`).exec(html);
  if (!tag) return 'missing';
  if (tag[1] !== 'input') return tag[1] ?? 'missing';
  if (/name="[^"]+\.day"/.test(tag[0])) return 'date';
  return /\btype="([^"]+)"/.exec(tag[0])?.[1] ?? 'text';
}

/** The error summary's entries (the id each links to → its text) and the kind of control. */
export function errorsOf(html: string): Record<string, { control: string; message: string }> {
  const summary = /<div class="error-summary"[^]*?<\/div>/.exec(html)?.[0] ?? '';
  const out: Record<string, { control: string; message: string }> = {};
  for (const m of summary.matchAll(/<a href="#([^"]+)">([^<]*)<\/a>/g)) out[m[1] ?? ''] = { control: controlOf(html, m[1] ?? ''), message: decode(m[2] ?? '') };
  return out;
}

export type Scenario = 'empty' | 'revealed' | 'broken' | 'bounds' | 'high';
export const SCENARIOS: Scenario[] = ['empty', 'revealed', 'broken', 'bounds', 'high'];

/**
 * The HTML form body of a form definition in one scenario: `empty` leaves everything empty,
 * `revealed` answers only the questions that reveal conditional fields, and `broken`,
 * `bounds` and `high` break a rule of every field (format, lower bounds and incomplete
 * parts, upper bounds and dates in the future), conditional fields revealed.
 */
export function formBody(form: FormDefinition, scenario: Scenario): Record<string, string> {
  const triggers = new Map<string, string>();
  const collect = (fields: FieldDef[]) => {
    for (const f of fields) {
      if (f.when && f.when.equals[0] !== undefined) triggers.set(f.when.field, f.when.equals[0]);
      if (f.fields) collect(f.fields);
    }
  };
  collect(form.fields);
  const body: Record<string, string> = {};
  const fill = (fields: FieldDef[], prefix: string) => {
    for (const f of fields) {
      const name = `${prefix}${f.name}`;
      const trigger = triggers.get(f.name);
      if (scenario === 'empty' || (scenario === 'revealed' && trigger === undefined)) {
        if (f.type === 'date') Object.assign(body, { [`${name}.day`]: '', [`${name}.month`]: '', [`${name}.year`]: '' });
        else if (f.type === 'address') Object.assign(body, { [`${name}.province`]: '', [`${name}.commune`]: '', [`${name}.street`]: '' });
        else if (f.type !== 'group') body[name] = '';
        continue;
      }
      if (trigger !== undefined) {
        body[name] = trigger;
        continue;
      }
      if (scenario !== 'revealed') Object.assign(body, value(f, name, scenario));
    }
  };
  fill(form.fields, '');
  return body;
}

function value(f: FieldDef, name: string, scenario: Exclude<Scenario, 'empty' | 'revealed'>): Record<string, string> {
  const pick = <T>(broken: T, bounds: T, high: T) => (scenario === 'broken' ? broken : scenario === 'bounds' ? bounds : high);
  const long = 'x'.repeat((f.maxLength ?? 500) + 1);
  const date = (day: string, month: string, year: string) => ({ [`${name}.day`]: day, [`${name}.month`]: month, [`${name}.year`]: year });
  switch (f.type) {
    case 'text':
    case 'textarea':
      return { [name]: pick(long, 'An', 'An') };
    case 'number':
      return { [name]: pick('abc', String((f.min ?? 0) - 1), String((f.max ?? 1e15) + 1)) };
    case 'date':
      return pick(date('31', '2', '2020'), date('1', '', '2020'), f.past ? date('1', '1', '2099') : date('1', '1', '20'));
    case 'select':
      return { [name]: pick('nonsense', f.options?.[0]?.value ?? '', f.options?.[0]?.value ?? '') };
    case 'personal_id':
      return { [name]: pick('123', '00109000000100', '001090000001') };
    case 'tax_code':
      return { [name]: pick('12', '5700100256-1', '5700100256') };
    case 'phone':
      return { [name]: pick('12', '0012345678', '0912345678') };
    case 'email':
      return { [name]: pick('x@', 'a b@example.vn', 'a@example.vn') };
    case 'address':
      return pick({ [`${name}.province`]: '99', [`${name}.commune`]: '', [`${name}.street`]: 'x'.repeat(201) }, { [`${name}.province`]: '22', [`${name}.commune`]: '99999', [`${name}.street`]: '' }, { [`${name}.province`]: '22', [`${name}.commune`]: '06994', [`${name}.street`]: 'Số 1' });
    case 'group': {
      // No row (fewer than the minimum), or one row whose every field breaks the scenario's rule.
      const rows: Record<string, string> = {};
      if (scenario !== 'bounds') for (const sub of f.fields ?? []) Object.assign(rows, value(sub, `${name}[0].${sub.name}`, scenario));
      return rows;
    }
  }
}
