import { parseProcedureCode } from '../catalog/index.ts';

/**
 * Form definitions of online applications: the questions of one procedure case, with the
 * UI hints the pages need. `formJsonSchema` gives the JSON Schema of the answers (the API's
 * contract); validation (dossiers.validation.ts) follows the same definition, so the two
 * cannot disagree. The catalogue has no form definitions yet, so they live here, keyed by
 * (base procedure code, case code); every other procedure gets the generic form.
 */

export interface Text2 {
  vi: string;
  en: string;
}

export type FieldType = 'text' | 'textarea' | 'number' | 'date' | 'select' | 'address' | 'personal_id' | 'tax_code' | 'phone' | 'email' | 'group';

/** Where a field's initial value comes from in the signed-in account. */
export type Prefill = 'fullName' | 'personalId' | 'taxCode' | 'email' | 'phone';

export interface FieldDef {
  name: string;
  type: FieldType;
  /** What the page shows: a question or a label. */
  label: Text2;
  /**
   * How an error message names the field mid-sentence, lower case ("giới tính của trẻ" /
   * "the child's sex"): messages are written per control type and rule
   * (dossiers.field-messages.ts), never built from the label.
   */
  noun: Text2;
  /** group: the noun for several rows (English "household members"). */
  nounPlural?: Text2;
  /** date: the autocomplete family of the three fields ('bday' only for the applicant's own date of birth). */
  autocomplete?: 'bday';
  hint?: Text2;
  required?: boolean;
  maxLength?: number;
  /** number: bounds. */
  min?: number;
  max?: number;
  /** date: not after today. */
  past?: boolean;
  options?: { value: string; label: Text2 }[];
  prefill?: Prefill;
  /** Asked (and validated) only when a sibling field has one of these values. */
  when?: { field: string; equals: string[] };
  /** group: the repeated fields, how many rows. */
  fields?: FieldDef[];
  minItems?: number;
  maxItems?: number;
}

export interface FormDefinition {
  /** Identifies the definition in stored answers (a definition may change after a draft was saved). */
  id: string;
  fields: FieldDef[];
}

const t = (vi: string, en: string): Text2 => ({ vi, en });
const opt = (value: string, vi: string, en: string) => ({ value, label: t(vi, en) });

const GENDER: FieldDef = { name: 'gender', type: 'select', label: t('Giới tính', 'Sex'), noun: t('giới tính của trẻ', "the child's sex"), required: true, options: [opt('male', 'Nam', 'Male'), opt('female', 'Nữ', 'Female')] };

/** The person filing, prefilled from the account. */
function applicantFields(kind: 'citizen' | 'business'): FieldDef[] {
  return [
    { name: 'applicantName', type: 'text', label: kind === 'citizen' ? t('Họ, chữ đệm và tên người yêu cầu', 'Full name of the applicant') : t('Tên tổ chức, doanh nghiệp', 'Name of the organisation'), noun: kind === 'citizen' ? t('họ, chữ đệm và tên người yêu cầu', 'the full name of the applicant') : t('tên tổ chức, doanh nghiệp', 'the name of the organisation'), required: true, maxLength: 200, prefill: 'fullName' },
    kind === 'citizen'
      ? { name: 'applicantPersonalId', type: 'personal_id', label: t('Số định danh cá nhân', 'Personal identification number'), noun: t('số định danh cá nhân', 'the personal identification number'), hint: t('12 chữ số', '12 digits'), required: true, prefill: 'personalId' }
      : { name: 'applicantTaxCode', type: 'tax_code', label: t('Mã số thuế', 'Tax code'), noun: t('mã số thuế', 'the tax code'), hint: t('10 chữ số, hoặc 10-3 đối với chi nhánh', '10 digits, or 10-3 for a branch'), required: true, prefill: 'taxCode' },
    { name: 'applicantPhone', type: 'phone', label: t('Số điện thoại', 'Phone number'), noun: t('số điện thoại', 'the phone number'), required: true, prefill: 'phone' },
    { name: 'applicantEmail', type: 'email', label: t('Thư điện tử', 'E-mail'), noun: t('địa chỉ thư điện tử', 'the e-mail address'), hint: t('Để nhận giấy tiếp nhận hồ sơ', 'To receive the dossier receipt'), prefill: 'email' },
  ];
}

const BIRTH_REGISTRATION: FormDefinition = {
  id: 'birth-registration/1',
  fields: [
    ...applicantFields('citizen'),
    {
      name: 'relation',
      type: 'select',
      label: t('Quan hệ với người được khai sinh', 'Relationship to the child'),
      noun: t('quan hệ với người được khai sinh', 'your relationship to the child'),
      required: true,
      options: [opt('mother', 'Mẹ', 'Mother'), opt('father', 'Cha', 'Father'), opt('other', 'Khác (ông, bà, người thân…)', 'Other (grandparent, relative…)')],
    },
    { name: 'relationOther', type: 'text', label: t('Ghi rõ quan hệ', 'State the relationship'), noun: t('quan hệ cụ thể với người được khai sinh', 'how you are related to the child'), required: true, maxLength: 100, when: { field: 'relation', equals: ['other'] } },
    { name: 'childName', type: 'text', label: t('Họ, chữ đệm và tên của trẻ', "Child's full name"), noun: t('họ, chữ đệm và tên của trẻ', "the child's full name"), required: true, maxLength: 100 },
    GENDER,
    { name: 'childBirthDate', type: 'date', label: t('Ngày sinh', 'Date of birth'), noun: t('ngày sinh', 'date of birth'), hint: t('Ví dụ 27 3 2026', 'For example, 27 3 2026'), required: true, past: true },
    { name: 'childBirthPlace', type: 'address', label: t('Nơi sinh', 'Place of birth'), noun: t('nơi sinh', 'the place of birth'), required: true },
    { name: 'ethnicity', type: 'text', label: t('Dân tộc', 'Ethnic group'), noun: t('dân tộc', 'the ethnic group'), required: true, maxLength: 50 },
    { name: 'motherName', type: 'text', label: t('Họ, chữ đệm và tên của mẹ', "Mother's full name"), noun: t('họ, chữ đệm và tên của mẹ', "the mother's full name"), required: true, maxLength: 100 },
    { name: 'motherPersonalId', type: 'personal_id', label: t('Số định danh cá nhân của mẹ', "Mother's personal identification number"), noun: t('số định danh cá nhân của mẹ', "the mother's personal identification number"), required: true },
    {
      name: 'fatherKnown',
      type: 'select',
      label: t('Có khai thông tin người cha không?', "Do you declare the father's details?"),
      noun: t('có khai thông tin người cha hay không', "whether you declare the father's details"),
      required: true,
      options: [opt('yes', 'Có', 'Yes'), opt('no', 'Không', 'No')],
    },
    { name: 'fatherName', type: 'text', label: t('Họ, chữ đệm và tên của cha', "Father's full name"), noun: t('họ, chữ đệm và tên của cha', "the father's full name"), required: true, maxLength: 100, when: { field: 'fatherKnown', equals: ['yes'] } },
    { name: 'fatherPersonalId', type: 'personal_id', label: t('Số định danh cá nhân của cha', "Father's personal identification number"), noun: t('số định danh cá nhân của cha', "the father's personal identification number"), required: true, when: { field: 'fatherKnown', equals: ['yes'] } },
  ],
};

const HOUSEHOLD_BUSINESS: FormDefinition = {
  id: 'household-business/1',
  fields: [
    ...applicantFields('citizen'),
    { name: 'businessName', type: 'text', label: t('Tên hộ kinh doanh', 'Name of the household business'), noun: t('tên hộ kinh doanh', 'the name of the household business'), required: true, maxLength: 200 },
    { name: 'businessAddress', type: 'address', label: t('Địa chỉ trụ sở hộ kinh doanh', 'Address of the business'), noun: t('địa chỉ trụ sở hộ kinh doanh', 'the address of the business'), required: true },
    { name: 'businessLines', type: 'text', label: t('Ngành, nghề kinh doanh', 'Lines of business'), noun: t('ngành, nghề kinh doanh', 'the lines of business'), required: true, maxLength: 1000 },
    { name: 'capital', type: 'number', label: t('Vốn kinh doanh (đồng)', 'Capital (VND)'), noun: t('vốn kinh doanh', 'the capital'), required: true, min: 0, max: 1_000_000_000_000 },
    { name: 'employees', type: 'number', label: t('Số lao động', 'Number of employees'), noun: t('số lao động', 'the number of employees'), min: 0, max: 10_000 },
    {
      name: 'household',
      type: 'select',
      label: t('Các thành viên hộ gia đình có cùng đăng ký không?', 'Do household members register together?'),
      noun: t('các thành viên hộ gia đình có cùng đăng ký hay không', 'whether household members register together'),
      required: true,
      options: [opt('no', 'Không, chủ hộ đăng ký một mình', 'No, the owner registers alone'), opt('yes', 'Có', 'Yes')],
    },
    {
      name: 'members',
      type: 'group',
      label: t('Thành viên hộ gia đình', 'Household members'),
      noun: t('thành viên hộ gia đình', 'household member'),
      nounPlural: t('thành viên hộ gia đình', 'household members'),
      when: { field: 'household', equals: ['yes'] },
      minItems: 1,
      maxItems: 10,
      fields: [
        { name: 'name', type: 'text', label: t('Họ và tên', 'Full name'), noun: t('họ và tên thành viên', "the member's full name"), required: true, maxLength: 100 },
        { name: 'personalId', type: 'personal_id', label: t('Số định danh cá nhân', 'Personal identification number'), noun: t('số định danh cá nhân của thành viên', "the member's personal identification number"), required: true },
      ],
    },
  ],
};

function genericForm(kind: 'citizen' | 'business'): FormDefinition {
  return {
    id: `generic-${kind}/1`,
    fields: [
      ...applicantFields(kind),
      { name: 'address', type: 'address', label: t('Địa chỉ liên hệ', 'Contact address'), noun: t('địa chỉ liên hệ', 'the contact address'), required: true },
      { name: 'note', type: 'textarea', label: t('Nội dung yêu cầu', 'What you are asking for'), noun: t('nội dung yêu cầu', 'what you are asking for'), hint: t('Trình bày ngắn gọn yêu cầu của bạn', 'Describe your request briefly'), maxLength: 2000 },
    ],
  };
}

/** Demo definitions by base procedure code; a case code narrows one, '*' is every case. */
const DEFINITIONS: Record<string, Record<string, FormDefinition>> = {
  '1.001193': { '*': BIRTH_REGISTRATION },
  '2.000575': { '*': HOUSEHOLD_BUSINESS },
};

/** Every form definition: the demo ones and the generic forms (the review of error messages walks them all). */
export function allFormDefinitions(): FormDefinition[] {
  return [...Object.values(DEFINITIONS).flatMap((byCase) => Object.values(byCase)), genericForm('citizen'), genericForm('business')];
}

/** The form of a procedure case for an applicant of this kind. */
export function formFor(procedureCode: string, caseCode: string, applicantKind: 'citizen' | 'business'): FormDefinition {
  const base = parseProcedureCode(procedureCode)?.baseCode ?? procedureCode;
  const byCase = DEFINITIONS[base];
  return byCase?.[caseCode] ?? byCase?.['*'] ?? genericForm(applicantKind);
}

/** The field of the form that holds the applicant's phone / e-mail / identifier, if any. */
export function prefilledField(form: FormDefinition, prefill: Prefill): FieldDef | undefined {
  return form.fields.find((f) => f.prefill === prefill);
}

/** True when a field is asked given the sibling answers (conditional fields). */
export function isAsked(field: FieldDef, siblings: Record<string, unknown>): boolean {
  if (!field.when) return true;
  const value = siblings[field.when.field];
  return typeof value === 'string' && field.when.equals.includes(value);
}

type JsonSchema = Record<string, unknown>;

/** The JSON Schema (draft 2020-12) of a form's answers; conditional fields become `if`/`then`. */
export function formJsonSchema(form: FormDefinition): JsonSchema {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', $id: form.id, ...objectSchema(form.fields) };
}

function objectSchema(fields: FieldDef[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const conditions: JsonSchema[] = [];
  for (const f of fields) {
    properties[f.name] = { title: f.label.vi, ...fieldSchema(f) };
    if (!f.required && f.type !== 'group') continue;
    if (f.type === 'group' && !f.minItems) continue;
    if (f.when) conditions.push({ if: { properties: { [f.when.field]: { enum: f.when.equals } }, required: [f.when.field] }, then: { required: [f.name] } });
    else required.push(f.name);
  }
  return { type: 'object', properties, required, additionalProperties: false, ...(conditions.length > 0 ? { allOf: conditions } : {}) };
}

function fieldSchema(f: FieldDef): JsonSchema {
  switch (f.type) {
    case 'text':
    case 'textarea':
      return { type: 'string', minLength: 1, maxLength: f.maxLength ?? 500 };
    case 'number':
      return { type: 'number', ...(f.min === undefined ? {} : { minimum: f.min }), ...(f.max === undefined ? {} : { maximum: f.max }) };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'select':
      return { type: 'string', enum: (f.options ?? []).map((o) => o.value) };
    case 'personal_id':
      return { type: 'string', pattern: '^[0-9]{12}$' };
    case 'tax_code':
      return { type: 'string', pattern: '^[0-9]{10}(-[0-9]{3})?$' };
    case 'phone':
      return { type: 'string', pattern: PHONE_PATTERN.source };
    case 'email':
      return { type: 'string', format: 'email', maxLength: 254 };
    case 'address':
      return {
        type: 'object',
        properties: { province: { type: 'string', pattern: '^[0-9]{2}$' }, commune: { type: 'string', pattern: '^[0-9]{5}$' }, street: { type: 'string', maxLength: 200 } },
        required: ['province', 'commune', 'street'],
        additionalProperties: false,
      };
    case 'group':
      return { type: 'array', items: objectSchema(f.fields ?? []), minItems: f.minItems ?? 0, maxItems: f.maxItems ?? 20 };
  }
}

/** Vietnamese mobile and landline numbers, national (0…) or international (+84…) form. */
export const PHONE_PATTERN = /^(?:0|\+84)[1-9][0-9]{8,9}$/;
