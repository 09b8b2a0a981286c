import type { ComponentChildren } from 'preact';
import type { PageContext } from './viewer.ts';
import { fieldId } from './forms.tsx';
import { uiMessages } from './ui.messages.ts';

export interface RadioOption {
  value: string;
  label: string;
  /** Fields that belong to this choice only (GOV.UK's conditional reveal). */
  reveal?: ComponentChildren;
}

/**
 * Radios in a fieldset; a choice's own fields follow it. Progressive enhancement: without
 * JavaScript every choice's fields show (their hints say whom they are for), and the server
 * reads only the chosen one's; /assets/conditional-reveal.js hides the others and shows a
 * choice's fields when it is picked. The first radio carries the field's id, so the error
 * summary's link lands on it.
 */
export function Radios(props: { ctx: PageContext; name: string; legend: string; value?: string | undefined; error?: string | undefined; required?: boolean; options: RadioOption[] }) {
  const t = uiMessages.for(props.ctx.locale);
  const id = fieldId(props.name);
  const errorId = props.error ? `${id}-error` : undefined;
  return (
    <fieldset class={props.error ? 'field choices field-error' : 'field choices'} aria-describedby={errorId}>
      <legend>
        {props.legend}
        {props.required ? <span class="required"> ({t('required')})</span> : null}
      </legend>
      {props.error ? (
        <p class="error-message" id={errorId}>
          {props.error}
        </p>
      ) : null}
      {props.options.map((o, i) => {
        const optionId = i === 0 ? id : `${id}-${i + 1}`;
        const revealId = o.reveal ? `${id}-reveal-${o.value}` : undefined;
        return (
          <>
            <div class="choice" key={o.value}>
              <input id={optionId} type="radio" name={props.name} value={o.value} checked={o.value === props.value} data-reveal={revealId} aria-controls={revealId} />
              <label for={optionId}>{o.label}</label>
            </div>
            {o.reveal ? (
              <div class="conditional" id={revealId} key={`${o.value}-reveal`}>
                {o.reveal}
              </div>
            ) : null}
          </>
        );
      })}
    </fieldset>
  );
}
