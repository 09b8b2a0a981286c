import type { FieldError } from '../../platform/errors/index.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import { isAsked, PHONE_PATTERN, type FieldDef, type FormDefinition } from './dossiers.forms.ts';
import { dossierMessages } from './dossiers.messages.ts';

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
const DATE = /^\d{4}-\d{2}-\d{2}$/;

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
  const m = dossierMessages.for(locale);
  const errors: FieldError[] = [];
  const record = isRecord(raw) ? raw : {};

  async function validateObject(fields: FieldDef[], input: Record<string, unknown>, prefix: string): Promise<Answers> {
    const out: Answers = {};
    // Conditions are read from the raw siblings, trimmed, so `when` works before normalisation.
    const siblings: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) siblings[k] = typeof v === 'string' ? v.trim() : v;
    for (const field of fields) {
      if (!isAsked(field, siblings)) continue;
      const path = `${prefix}${field.name}`;
      const label = field.label[locale];
      const value = await validateField(field, input[field.name], path, label);
      if (value !== undefined) out[field.name] = value;
    }
    return out;
  }

  async function validateField(field: FieldDef, value: unknown, path: string, label: string): Promise<AnswerValue | undefined> {
    const fail = (message: string) => {
      errors.push({ field: path, message });
      return undefined;
    };
    if (field.type === 'group') {
      const rows = Array.isArray(value) ? value.filter(isRecord) : [];
      const min = field.minItems ?? 0;
      const max = field.maxItems ?? 20;
      if (rows.length < min) return fail(m('errorGroupMin', { label, min }));
      if (rows.length > max) return fail(m('errorGroupMax', { label, max }));
      const out: Answers[] = [];
      for (const [i, row] of rows.entries()) out.push(await validateObject(field.fields ?? [], row, `${path}[${i}].`));
      return out;
    }
    if (field.type === 'address') {
      const address = isRecord(value) ? value : {};
      const province = str(address.province);
      const commune = str(address.commune);
      const street = str(address.street);
      if (!province && !commune && !street) return field.required ? fail(m('errorRequired', { label })) : undefined;
      let ok = true;
      if (!province || !(await units.provinceName(province))) {
        errors.push({ field: `${path}.province`, message: m('errorProvince', { label }) });
        ok = false;
      } else if (!commune || !(await units.communeName(province, commune))) {
        errors.push({ field: `${path}.commune`, message: m('errorCommune', { label }) });
        ok = false;
      }
      if (!street) {
        errors.push({ field: `${path}.street`, message: m('errorStreet', { label }) });
        ok = false;
      } else if (street.length > 200) {
        errors.push({ field: `${path}.street`, message: m('errorTooLong', { label, max: 200 }) });
        ok = false;
      }
      return ok ? { province, commune, street } : undefined;
    }
    const text = typeof value === 'number' ? String(value) : str(value);
    if (text === '') return field.required ? fail(m('errorRequired', { label })) : undefined;
    switch (field.type) {
      case 'text':
      case 'textarea': {
        const max = field.maxLength ?? 500;
        return text.length > max ? fail(m('errorTooLong', { label, max })) : text;
      }
      case 'number': {
        const n = Number(text.replace(/[.\s]/g, ''));
        if (!/^-?[\d.\s]+$/.test(text) || !Number.isFinite(n)) return fail(m('errorNumber', { label }));
        if (field.min !== undefined && n < field.min) return fail(m('errorMin', { label, min: field.min }));
        if (field.max !== undefined && n > field.max) return fail(m('errorMax', { label, max: field.max }));
        return n;
      }
      case 'date': {
        if (!DATE.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
          return fail(m('errorDate', { label }));
        }
        return field.past && text > today ? fail(m('errorFuture', { label })) : text;
      }
      case 'select':
        return (field.options ?? []).some((o) => o.value === text) ? text : fail(m('errorSelect', { label }));
      case 'personal_id':
        return /^\d{12}$/.test(text) ? text : fail(m('errorPersonalId', { label }));
      case 'tax_code':
        return /^\d{10}(-\d{3})?$/.test(text) ? text : fail(m('errorTaxCode', { label }));
      case 'phone': {
        const phone = text.replace(/[\s.-]/g, '');
        return PHONE_PATTERN.test(phone) ? phone : fail(m('errorPhone', { label }));
      }
      case 'email':
        return EMAIL.test(text) && text.length <= 254 ? text.toLowerCase() : fail(m('errorEmail', { label }));
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
