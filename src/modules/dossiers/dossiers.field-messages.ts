import { defineMessages, type Locale } from '../../platform/i18n/index.ts';
import type { FieldDef } from './dossiers.forms.ts';

/**
 * Error messages of the application form, one per control type and rule (GOV.UK's
 * pattern): a choice control says "Chọn …"/"Select …", a text input "Nhập …"/"Enter …",
 * a date names its format. `{noun}` is the field as a sentence names it (FieldDef.noun,
 * lower case), `{Noun}` the same at the start of a sentence; never the label, which may be
 * a question or a heading. The reviewed wording of every message is in
 * fixtures/form-messages.json (checked by form-messages.test.ts).
 */
export const fieldMessages = defineMessages(
  {
    enter: 'Nhập {noun}',
    select: 'Chọn {noun}',
    tooLong: '{Noun} không được dài quá {max} ký tự',
    number: '{Noun} phải là một số',
    min: '{Noun} phải từ {min} trở lên',
    max: '{Noun} phải từ {max} trở xuống',
    dateEnter: 'Nhập {noun} theo dạng ngày/tháng/năm',
    dateIncomplete: '{Noun} phải có đủ ngày, tháng và năm',
    dateYear: 'Năm của {noun} phải gồm 4 chữ số',
    dateReal: '{Noun} phải là một ngày có thật, theo dạng ngày/tháng/năm',
    datePast: '{Noun} phải là hôm nay hoặc trước hôm nay',
    personalId: '{Noun} phải gồm đúng 12 chữ số',
    taxCode: '{Noun} phải gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số',
    phone: 'Nhập {noun} đúng dạng số điện thoại Việt Nam, ví dụ 0912345678',
    email: 'Nhập {noun} đúng định dạng, ví dụ ten@example.vn',
    province: 'Chọn tỉnh, thành phố của {noun}',
    commune: 'Chọn xã, phường, đặc khu của {noun}',
    street: 'Nhập số nhà, đường, thôn, xóm của {noun}',
    streetTooLong: 'Số nhà, đường, thôn, xóm của {noun} không được dài quá {max} ký tự',
    groupMin: 'Khai ít nhất {min} {noun}',
    groupMax: 'Khai tối đa {max} {noun}',
    inRow: '{message} (mục {n})',
  },
  {
    enter: 'Enter {noun}',
    select: 'Select {noun}',
    tooLong: '{Noun} must be {max, plural, one {# character} other {# characters}} or fewer',
    number: '{Noun} must be a number',
    min: '{Noun} must be {min} or more',
    max: '{Noun} must be {max} or less',
    dateEnter: 'Enter {noun} as day/month/year',
    dateIncomplete: '{Noun} must include a day, a month and a year',
    dateYear: 'The year of {noun} must have 4 digits',
    dateReal: '{Noun} must be a real date, as day/month/year',
    datePast: '{Noun} must be today or in the past',
    personalId: '{Noun} must be exactly 12 digits',
    taxCode: '{Noun} must be 10 digits, or 10 digits, a hyphen and 3 digits',
    phone: 'Enter {noun} as a Vietnamese phone number, like 0912345678',
    email: 'Enter {noun} in the right format, like name@example.vn',
    province: 'Select the province or city of {noun}',
    commune: 'Select the commune or ward of {noun}',
    street: 'Enter the house number, street or village of {noun}',
    streetTooLong: 'The house number, street or village of {noun} must be {max, plural, one {# character} other {# characters}} or fewer',
    groupMin: 'Add at least {min, plural, one {# {noun}} other {# {nouns}}}',
    groupMax: 'Add at most {max, plural, one {# {noun}} other {# {nouns}}}',
    inRow: '{message} (item {n})',
  },
);

export type FieldMessageKey = keyof typeof fieldMessages.vi;

/** A message about one field, its noun filled in (and capitalised where a sentence starts with it). */
export function fieldMessage(locale: Locale, key: FieldMessageKey, field: FieldDef, params: Record<string, string | number> = {}): string {
  const noun = field.noun[locale];
  const nouns = field.nounPlural?.[locale] ?? noun;
  const number = (v: string | number) => (typeof v === 'number' ? v.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB') : v);
  const formatted = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, k === 'min' || k === 'max' ? number(v) : v]));
  // Plural arguments read the raw number; the formatted one is what the sentence shows.
  return fieldMessages.t(locale, key, { ...params, ...formatted, noun, nouns, Noun: capitalise(noun, locale) });
}

function capitalise(text: string, locale: Locale): string {
  return text.charAt(0).toLocaleUpperCase(locale === 'vi' ? 'vi-VN' : 'en-GB') + text.slice(1);
}
