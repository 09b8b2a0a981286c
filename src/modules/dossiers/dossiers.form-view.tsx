import type { Commune, Province } from '../agencies/index.ts';
import { formatDate, type Locale } from '../../platform/i18n/index.ts';
import { DateField, dateParts, fieldId, readDate, SelectField, TextField, type FieldErrors, type PageContext } from '../../platform/ui/index.ts';
import { isAsked, type FieldDef, type FormDefinition } from './dossiers.forms.ts';
import { pageMessages } from './dossiers.page-messages.ts';
import { isRecord } from './dossiers.validation.ts';

/** What the form fields need besides the definition. */
export interface FormViewData {
  ctx: PageContext;
  form: FormDefinition;
  /** Raw answers as saved (possibly invalid): what the applicant typed is shown back. */
  answers: Record<string, unknown>;
  errors: FieldErrors;
  provinces: Province[];
  /** Communes of every province chosen in the answers. */
  communes: Map<string, Commune[]>;
  /** Groups that get one more empty row (the "add another" button). */
  extraRows: Set<string>;
}

/** Every province chosen in the answers, so the page can load their communes. */
export function chosenProvinces(form: FormDefinition, answers: Record<string, unknown>): string[] {
  const found = new Set<string>();
  const walk = (fields: FieldDef[], values: Record<string, unknown>) => {
    for (const f of fields) {
      const v = values[f.name];
      if (f.type === 'address' && isRecord(v) && typeof v.province === 'string' && /^\d{2}$/.test(v.province)) found.add(v.province);
      if (f.type === 'group' && Array.isArray(v)) for (const row of v) if (isRecord(row)) walk(f.fields ?? [], row);
    }
  };
  walk(form.fields, answers);
  return [...found];
}

const asText = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function FormFields(props: FormViewData) {
  return <>{renderFields(props, props.form.fields, props.answers, '')}</>;
}

function renderFields(data: FormViewData, fields: FieldDef[], values: Record<string, unknown>, prefix: string) {
  // Conditional fields are shown when their condition holds in the saved answers; without
  // JavaScript a changed condition shows its fields after "Save and continue" (the
  // server then asks for them).
  return fields.filter((f) => isAsked(f, values)).map((f) => <Field key={f.name} data={data} field={f} value={values[f.name]} name={`${prefix}${f.name}`} />);
}

function Field({ data, field, value, name }: { data: FormViewData; field: FieldDef; value: unknown; name: string }) {
  const { ctx, errors } = data;
  const locale: Locale = ctx.locale;
  const t = pageMessages.for(locale);
  const label = field.label[locale];
  const hint = field.hint?.[locale];
  switch (field.type) {
    case 'select':
      return (
        <SelectField
          ctx={ctx}
          name={name}
          label={label}
          required={field.required ?? false}
          value={asText(value)}
          error={errors[name]}
          options={[{ value: '', label: t('choose') }, ...(field.options ?? []).map((o) => ({ value: o.value, label: o.label[locale] }))]}
        />
      );
    case 'textarea': {
      const id = fieldId(name);
      const error = errors[name];
      return (
        <div class={error ? 'field field-error' : 'field'}>
          <label for={id}>{label}</label>
          {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
          {error ? <p class="error-message" id={`${id}-error`}>{error}</p> : null}
          <textarea id={id} name={name} rows={5} maxLength={field.maxLength} aria-describedby={[hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined} aria-invalid={error ? 'true' : undefined}>
            {asText(value)}
          </textarea>
        </div>
      );
    }
    case 'date':
      return <DateField ctx={ctx} name={name} label={label} hint={hint} required={field.required ?? false} value={dateParts(value)} error={errors[name]} autocomplete={field.autocomplete} />;
    case 'address':
      return <AddressField data={data} field={field} value={value} name={name} />;
    case 'group':
      return <GroupField data={data} field={field} value={value} name={name} />;
    default: {
      const type = field.type === 'phone' ? 'tel' : field.type === 'email' ? 'email' : 'text';
      const numeric = field.type === 'number' || field.type === 'personal_id' || field.type === 'tax_code';
      const autocomplete = field.prefill === 'fullName' ? 'name' : field.prefill === 'phone' ? 'tel' : field.prefill === 'email' ? 'email' : undefined;
      return (
        <TextField
          ctx={ctx}
          name={name}
          label={label}
          {...(hint ? { hint } : {})}
          type={type}
          inputmode={numeric ? 'numeric' : undefined}
          autocomplete={autocomplete}
          required={field.required ?? false}
          maxLength={field.maxLength}
          value={asText(value)}
          error={errors[name]}
        />
      );
    }
  }
}

function AddressField({ data, field, value, name }: { data: FormViewData; field: FieldDef; value: unknown; name: string }) {
  const { ctx, errors } = data;
  const t = pageMessages.for(ctx.locale);
  const v = isRecord(value) ? value : {};
  const province = asText(v.province);
  const communes = data.communes.get(province) ?? [];
  const groupError = errors[name];
  return (
    <fieldset class={groupError ? 'field field-error' : 'field'} data-commune-picker data-communes-url="/api/v1/units/provinces/{code}/communes" data-choose={t('choose')} data-choose-province={t('chooseProvinceScript')} data-loaded={t('communesLoaded')}>
      <legend>
        <strong>{field.label[ctx.locale]}</strong>
      </legend>
      {groupError ? <p class="error-message">{groupError}</p> : null}
      <SelectField
        ctx={ctx}
        name={`${name}.province`}
        label={t('provinceLabel')}
        required={field.required ?? false}
        value={province}
        error={errors[`${name}.province`]}
        options={[{ value: '', label: t('choose') }, ...data.provinces.map((p) => ({ value: p.code, label: p.name }))]}
      />
      <p data-no-script>
        <button type="submit" name="_action" value="refresh" class="button button-secondary">
          {t('refreshCommunes')}
        </button>
      </p>
      <p class="visually-hidden" aria-live="polite" data-picker-status></p>
      <script src="/assets/commune-picker.js" defer />
      <SelectField
        ctx={ctx}
        name={`${name}.commune`}
        label={t('communeLabel')}
        required={field.required ?? false}
        value={asText(v.commune)}
        error={errors[`${name}.commune`]}
        options={[{ value: '', label: communes.length > 0 ? t('choose') : t('chooseProvinceFirst') }, ...communes.map((c) => ({ value: c.code, label: c.name }))]}
      />
      <TextField ctx={ctx} name={`${name}.street`} label={t('streetLabel')} required={field.required ?? false} maxLength={200} value={asText(v.street)} error={errors[`${name}.street`]} />
    </fieldset>
  );
}

function GroupField({ data, field, value, name }: { data: FormViewData; field: FieldDef; value: unknown; name: string }) {
  const { ctx, errors } = data;
  const t = pageMessages.for(ctx.locale);
  const rows = (Array.isArray(value) ? value : []).filter(isRecord);
  const count = Math.min(field.maxItems ?? 20, Math.max(rows.length, field.minItems ?? 1) + (data.extraRows.has(name) ? 1 : 0));
  const error = errors[name];
  return (
    <fieldset class={error ? 'field field-error' : 'field'} id={fieldId(name)}>
      <legend>
        <strong>{field.label[ctx.locale]}</strong>
      </legend>
      {error ? <p class="error-message">{error}</p> : null}
      {Array.from({ length: count }, (_, i) => (
        <fieldset key={i} class="card">
          <legend>{t('row', { n: i + 1 })}</legend>
          {renderFields(data, field.fields ?? [], rows[i] ?? {}, `${name}[${i}].`)}
        </fieldset>
      ))}
      {count < (field.maxItems ?? 20) ? (
        <p>
          <button type="submit" name="_action" value={`add:${name}`} class="button button-secondary">
            {t('addRow')}
          </button>
        </p>
      ) : null}
    </fieldset>
  );
}

/** Answers as "check your answers" rows: label and the value in words. */
export function answerRows(form: FormDefinition, answers: Record<string, unknown>, locale: Locale, names: { province: Map<string, string>; commune: Map<string, string> }): { label: string; value: string; anchor: string }[] {
  const rows: { label: string; value: string; anchor: string }[] = [];
  const walk = (fields: FieldDef[], values: Record<string, unknown>, prefix: string, labelPrefix: string) => {
    for (const f of fields) {
      if (!isAsked(f, values)) continue;
      const v = values[f.name];
      const label = `${labelPrefix}${f.label[locale]}`;
      const path = `${prefix}${f.name}`;
      if (f.type === 'group') {
        (Array.isArray(v) ? v.filter(isRecord) : []).forEach((row, i) => walk(f.fields ?? [], row, `${path}[${i}].`, `${label} ${i + 1} – `));
        continue;
      }
      let text = asText(v);
      if (f.type === 'select') text = f.options?.find((o) => o.value === text)?.label[locale] ?? text;
      if (f.type === 'address' && isRecord(v)) text = [asText(v.street), names.commune.get(asText(v.commune)) ?? asText(v.commune), names.province.get(asText(v.province)) ?? asText(v.province)].filter(Boolean).join(', ');
      if (f.type === 'number' && typeof v === 'number') text = v.toLocaleString('vi-VN');
      if (f.type === 'date') {
        const date = readDate(v);
        text = 'iso' in date ? formatDate(date.iso) : '';
      }
      rows.push({ label, value: text || '—', anchor: fieldId(f.type === 'address' ? `${path}.province` : path) });
    }
  };
  walk(form.fields, answers, '', '');
  return rows;
}
