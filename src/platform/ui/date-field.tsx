import type { PageContext } from './viewer.ts';
import { fieldId } from './forms.tsx';
import { uiMessages } from './ui.messages.ts';

export interface DateFieldProps {
  ctx: PageContext;
  /** The inputs are `<name>.day`, `<name>.month`, `<name>.year`. */
  name: string;
  label: string;
  hint?: string | undefined;
  value: { day: string; month: string; year: string };
  error?: string | undefined;
  required?: boolean;
  /** 'bday' for a person's own date of birth: bday-day, bday-month, bday-year. */
  autocomplete?: 'bday' | undefined;
}

/**
 * A date as three numeric fields, day / month / year, in a fieldset (GOV.UK's date input):
 * no browser date picker showing mm/dd/yyyy. The day input carries the field's id, so the
 * error summary's link lands on it.
 */
export function DateField(props: DateFieldProps) {
  const t = uiMessages.for(props.ctx.locale);
  const id = fieldId(props.name);
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const parts = [
    { part: 'day', label: t('dateDay'), width: 2, value: props.value.day },
    { part: 'month', label: t('dateMonth'), width: 2, value: props.value.month },
    { part: 'year', label: t('dateYear'), width: 4, value: props.value.year },
  ] as const;
  return (
    <fieldset class={props.error ? 'field date-field field-error' : 'field date-field'} role="group" aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}>
      <legend>
        {props.label}
        {props.required ? <span class="required"> ({t('required')})</span> : null}
      </legend>
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
      <div class="date-parts">
        {parts.map(({ part, label, width, value }) => {
          const partId = part === 'day' ? id : fieldId(`${props.name}.${part}`);
          return (
            <div key={part} class={`date-part date-part-${width}`}>
              <label for={partId}>{label}</label>
              <input
                id={partId}
                name={`${props.name}.${part}`}
                type="text"
                inputMode="numeric"
                pattern="[0-9]*"
                maxLength={width}
                autocomplete={props.autocomplete ? `${props.autocomplete}-${part}` : 'off'}
                value={value}
                aria-invalid={props.error ? 'true' : undefined}
              />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
