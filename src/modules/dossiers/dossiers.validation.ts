import type { FieldError } from '../../platform/errors/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { isAsked, PHONE_PATTERN, type FieldDef, type FormDefinition } from './dossiers.forms.ts';
import { readDate } from '../../platform/ui/index.ts';
import { fieldMessage, type FieldMessageKey } from './dossiers.field-messages.ts';

/** Answers as stored: strings, numbers, addresses and rows of repeating groups. */
export type AnswerValue = string | number | AddressAnswer | Answers[];
export interface AddressAnswer {
  province: string;
  commune: string;
  street: string;
}
export type Answers = { [name: string]: AnswerValue };

/** The administrative units an address answer is checked against. */
export interface UnitLookup {
  provinceName(code: string): Promise<string | undefined>;
  communeName(provinceCode: string, communeCode: string): Promise<string | undefined>;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The rule an empty required field breaks: a choice control is chosen, anything else entered. */
function requiredRule(field: FieldDef): FieldMessageKey {
  return field.type === 'select' ? 'select' : field.type === 'date' ? 'dateEnter' : 'enter';
}

/**
 * Checks answers against a form definition: unknown fields and unasked conditional
 * fields are dropped, values are normalised (trimmed strings, numbers), and every problem
 * is reported against its field path (`members[0].name`, `childBirthPlace.commune`) in the
 * applicant's language.
 */
export async function validateAnswers(
  form: FormDefinition,
  raw: unknown,
  locale: Locale,
  units: UnitLookup,
  today: string,
): Promise<{ answers: Answers; errors: FieldError[] }> {
  const errors: FieldError[] = [];
  const record = isRecord(raw) ? raw : {};

  async function validateObject(fields: FieldDef[], input: Record<string, unknown>, prefix: string, row?: number): Promise<Answers> {
    const out: Answers = {};
    // Conditions are read from the raw siblings, trimmed, so `when` works before normalisation.
    const siblings: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) siblings[k] = typeof v === 'string' ? v.trim() : v;
    for (const field of fields) {
      if (!isAsked(field, siblings)) continue;
      const path = `${prefix}${field.name}`;
      const value = await validateField(field, input[field.name], path, row);
      if (value !== undefined) out[field.name] = value;
    }
    return out;
  }

  async function validateField(field: FieldDef, value: unknown, path: string, row: number | undefined): Promise<AnswerValue | undefined> {
    // Rows of a repeating group say which row: the same message twice would not tell them apart.
    const say = (key: FieldMessageKey, params?: Record<string, string | number>) => {
      const message = fieldMessage(locale, key, field, params);
      return row === undefined ? message : fieldMessage(locale, 'inRow', field, { message, n: row + 1 });
    };
    const report = (at: string, key: FieldMessageKey, params?: Record<string, string | number>) => errors.push({ field: at, message: say(key, params) });
    const fail = (key: FieldMessageKey, params?: Record<string, string | number>) => {
      report(path, key, params);
      return undefined;
    };
    if (field.type === 'group') {
      const rows = Array.isArray(value) ? value.filter(isRecord) : [];
      const min = field.minItems ?? 0;
      const max = field.maxItems ?? 20;
      if (rows.length < min) return fail('groupMin', { min });
      if (rows.length > max) return fail('groupMax', { max });
      const out: Answers[] = [];
      for (const [i, r] of rows.entries()) out.push(await validateObject(field.fields ?? [], r, `${path}[${i}].`, i));
      return out;
    }
    if (field.type === 'address') {
      const address = isRecord(value) ? value : {};
      const province = str(address.province);
      const commune = str(address.commune);
      const street = str(address.street);
      // An address left empty is reported part by part: each part is its own control.
      if (!province && !commune && !street && !field.required) return undefined;
      let ok = true;
      if (!province || !(await units.provinceName(province))) {
        report(`${path}.province`, 'province');
        ok = false;
      } else if (!commune || !(await units.communeName(province, commune))) {
        report(`${path}.commune`, 'commune');
        ok = false;
      }
      if (!street) {
        report(`${path}.street`, 'street');
        ok = false;
      } else if (street.length > 200) {
        report(`${path}.street`, 'streetTooLong', { max: 200 });
        ok = false;
      }
      return ok ? { province, commune, street } : undefined;
    }
    if (field.type === 'date') {
      const date = readDate(value);
      if ('problem' in date) return date.problem === 'dateEnter' && !field.required ? undefined : fail(date.problem);
      return field.past && date.iso > today ? fail('datePast') : date.iso;
    }
    const text = typeof value === 'number' ? String(value) : str(value);
    if (text === '') return field.required ? fail(requiredRule(field)) : undefined;
    switch (field.type) {
      case 'text':
      case 'textarea': {
        const max = field.maxLength ?? 500;
        return text.length > max ? fail('tooLong', { max }) : text;
      }
      case 'number': {
        const n = Number(text.replace(/[.\s]/g, ''));
        if (!/^-?[\d.\s]+$/.test(text) || !Number.isFinite(n)) return fail('number');
        if (field.min !== undefined && n < field.min) return fail('min', { min: field.min });
        if (field.max !== undefined && n > field.max) return fail('max', { max: field.max });
        return n;
      }
      case 'select':
        return (field.options ?? []).some((o) => o.value === text) ? text : fail('select');
      case 'personal_id':
        return /^\d{12}$/.test(text) ? text : fail('personalId');
      case 'tax_code':
        return /^\d{10}(-\d{3})?$/.test(text) ? text : fail('taxCode');
      case 'phone': {
        const phone = text.replace(/[\s.-]/g, '');
        return PHONE_PATTERN.test(phone) ? phone : fail('phone');
      }
      case 'email':
        return EMAIL.test(text) && text.length <= 254 ? text.toLowerCase() : fail('email');
    }
  }

  const answers = await validateObject(form.fields, record, '');
  return { answers, errors };
}

/**
 * Turns the flat names of an HTML form (`child.name`, `place.province`, `members[1].name`)
 * into the nested answers `validateAnswers` takes. Only the form's own fields are read.
 */
export function answersFromFormBody(form: FormDefinition, body: Record<string, unknown>): Record<string, unknown> {
  const read = (name: string) => {
    const v = body[name];
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
  };
  const collect = (fields: FieldDef[], prefix: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const name = `${prefix}${f.name}`;
      if (f.type === 'address') {
        out[f.name] = { province: read(`${name}.province`) ?? '', commune: read(`${name}.commune`) ?? '', street: read(`${name}.street`) ?? '' };
      } else if (f.type === 'date') {
        const parts = { day: read(`${name}.day`), month: read(`${name}.month`), year: read(`${name}.year`) };
        const whole = read(name);
        if (parts.day !== undefined || parts.month !== undefined || parts.year !== undefined) {
          const typed = { day: parts.day ?? '', month: parts.month ?? '', year: parts.year ?? '' };
          const date = readDate(typed);
          // Kept as typed until it makes a real date, so the page shows back what was entered.
          out[f.name] = 'iso' in date ? date.iso : typed;
        } else if (whole !== undefined) out[f.name] = whole;
      } else if (f.type === 'group') {
        const rows: Record<string, unknown>[] = [];
        for (let i = 0; i < (f.maxItems ?? 20); i++) {
          const row = collect(f.fields ?? [], `${name}[${i}].`);
          const present = (f.fields ?? []).some((sub) => body[`${name}[${i}].${sub.name}`] !== undefined || body[`${name}[${i}].${sub.name}.province`] !== undefined);
          if (!present) break;
          // A row left entirely empty is not an answer (the page always offers one spare row).
          if (Object.values(row).some((v) => (typeof v === 'string' ? v.trim() !== '' : isRecord(v) && Object.values(v).some((x) => typeof x === 'string' && x.trim() !== '')))) rows.push(row);
        }
        out[f.name] = rows;
      } else {
        const v = read(name);
        if (v !== undefined) out[f.name] = v;
      }
    }
    return out;
  };
  return collect(form.fields, '');
}

function str(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
