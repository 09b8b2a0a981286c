import type { ComponentChildren } from 'preact';
import type { FieldError } from '../errors/index.ts';
import type { PageContext } from './viewer.ts';
import { uiMessages } from './ui.messages.ts';

/** Field errors by field name; the first error of a field wins. */
export type FieldErrors = Record<string, string>;

export function toFieldErrors(fields: FieldError[]): FieldErrors {
  const result: FieldErrors = {};
  for (const f of fields) if (!(f.field in result)) result[f.field] = f.message;
  return result;
}

/** A POST form with its CSRF token. */
export function Form(props: { ctx: PageContext; action: string; children: ComponentChildren; id?: string; enctype?: string }) {
  return (
    <form method="post" action={props.action} id={props.id} enctype={props.enctype} novalidate>
      <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />
      {props.children}
    </form>
  );
}

/** Lists every error at the top of a form, each linking to its field (GOV.UK pattern). */
export function ErrorSummary({ ctx, errors, message }: { ctx: PageContext; errors: FieldErrors; message?: string | undefined }) {
  const entries = Object.entries(errors);
  if (entries.length === 0 && !message) return null;
  const t = uiMessages.for(ctx.locale);
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2 class="error-summary-title">{t('errorSummaryTitle')}</h2>
      {message ? <p>{message}</p> : null}
      {entries.length > 0 ? (
        <ul>
          {entries.map(([field, text]) => (
            <li key={field}>
              <a href={`#${fieldId(field)}`}>{text}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** `childBirthPlace.province` → `f-childBirthPlace-province`; `components[0]` → `f-components-0` (no trailing dash). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-').replace(/-+$/, '')}`;
}

export interface TextFieldProps {
  ctx: PageContext;
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'number' | 'date' | 'search';
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'tel' | 'email';
  required?: boolean;
  maxLength?: number;
}

/** A labelled input whose hint and error are tied to it with aria-describedby. */
export function TextField(props: TextFieldProps) {
  const id = fieldId(props.name);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const t = uiMessages.for(props.ctx.locale);
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required ? <span class="required"> ({t('required')})</span> : null}
      </label>
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="error-message" id={errorId}>
          {props.error}
        </p>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={(props.type ?? 'text') as 'text'}
        value={props.type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        inputMode={props.inputmode}
        required={props.required}
        maxLength={props.maxLength}
        aria-describedby={describedBy}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}

export interface SelectFieldProps {
  ctx: PageContext;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string | undefined;
  error?: string | undefined;
  required?: boolean;
}

/** A labelled textarea whose hint and error are tied to it (6 rows unless told). */
export function TextAreaField(props: { ctx: PageContext; name: string; label: string; value?: string | undefined; error?: string | undefined; hint?: string | undefined; required?: boolean | undefined; maxLength: number; rows?: number | undefined }) {
  const id = fieldId(props.name);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const t = uiMessages.for(props.ctx.locale);
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required ? <span class="required"> ({t('required')})</span> : null}
      </label>
      {props.hint ? <p class="hint" id={hintId}>{props.hint}</p> : null}
      {props.error ? <p class="error-message" id={errorId}>{props.error}</p> : null}
      <textarea id={id} name={props.name} rows={props.rows ?? 6} maxLength={props.maxLength} required={props.required} aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined} aria-invalid={props.error ? 'true' : undefined}>
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

export function SelectField(props: SelectFieldProps) {
  const id = fieldId(props.name);
  const errorId = props.error ? `${id}-error` : undefined;
  const t = uiMessages.for(props.ctx.locale);
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required ? <span class="required"> ({t('required')})</span> : null}
      </label>
      {props.error ? (
        <p class="error-message" id={errorId}>
          {props.error}
        </p>
      ) : null}
      <select id={id} name={props.name} aria-describedby={errorId} aria-invalid={props.error ? 'true' : undefined} required={props.required}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Button({ children, variant }: { children: ComponentChildren; variant?: 'primary' | 'secondary' }) {
  return (
    <button type="submit" class={variant === 'secondary' ? 'button button-secondary' : 'button'}>
      {children}
    </button>
  );
}

/** A one-line notice above the content (success after an action, etc.). */
export function Notice({ children, kind }: { children: ComponentChildren; kind?: 'success' | 'info' }) {
  return (
    <div class={`notice notice-${kind ?? 'info'}`} role="status">
      {children}
    </div>
  );
}
