import { SelectField, TextField, type PageContext } from '../../platform/ui/index.ts';
import type { CaseForm, ComponentForm } from './catalog.form.ts';
import { catalogMessages } from './catalog.messages.ts';
import { COMPONENT_KINDS, COMPONENT_REQUIREMENTS, TIME_UNITS } from './catalog.schemas.ts';

/** Field name → the messages of its problems (row fields are named `cases.0.fees.1.amount`). */
export type FormErrors = Record<string, string[] | undefined>;

type T = ReturnType<typeof catalogMessages.for>;

/** A submit button that changes the rows instead of saving (no JavaScript needed). */
function RowButton({ action, children, label }: { action: string; children: string; label?: string }) {
  return (
    <button type="submit" class="button button-secondary" name="rowAction" value={action} formnovalidate aria-label={label}>
      {children}
    </button>
  );
}

/** The cases of a procedure, each with its processing time and its fees, as fieldsets of ordinary fields. */
export function CaseRows({ ctx, cases, errors }: { ctx: PageContext; cases: CaseForm[]; errors: FormErrors }) {
  const t: T = catalogMessages.for(ctx.locale);
  const one = (name: string) => errors[name]?.join('; ');
  return (
    <fieldset class="field rows" id="cases">
      <legend>{t('formCases')}</legend>
      <p class="hint">{t('formCasesHint')}</p>
      {cases.map((c, i) => {
        const n = i + 1;
        const at = (field: string) => `cases.${i}.${field}`;
        return (
          <fieldset key={i} class="row-group">
            <legend>{t('caseLegend', { n })}</legend>
            <div class="field-row">
              <TextField ctx={ctx} name={at('code')} label={t('caseCode')} hint={t('caseCodeHint')} value={c.code} error={one(at('code'))} maxLength={2} inputmode="numeric" />
              <TextField ctx={ctx} name={at('name')} label={t('caseName')} value={c.name} error={one(at('name'))} maxLength={500} />
            </div>
            <div class="field-row">
              <TextField ctx={ctx} name={at('timeValue')} label={t('caseTime')} hint={t('caseTimeHint')} value={c.timeValue} error={one(at('timeValue'))} maxLength={8} inputmode="numeric" />
              <SelectField ctx={ctx} name={at('timeUnit')} label={t('caseUnit')} value={c.timeUnit} error={one(at('timeUnit'))} options={TIME_UNITS.map((u) => ({ value: u, label: t(`unit_${u}`) }))} />
            </div>
            <SelectField
              ctx={ctx}
              name={at('minAssurance')}
              label={t('caseAssurance')}
              value={c.minAssurance}
              error={one(at('minAssurance'))}
              options={[
                { value: '', label: t('assuranceAny') },
                { value: '2', label: t('assurance2') },
                { value: '3', label: t('assurance3') },
              ]}
            />
            <fieldset class="row-group">
              <legend>{t('feesLegend', { n })}</legend>
              {c.fees.length === 0 ? <p class="hint">{t('noFees')}</p> : null}
              {c.fees.map((f, j) => {
                const fee = (field: string) => `cases.${i}.fees.${j}.${field}`;
                return (
                  <div key={j} class="field-row fee-row">
                    <TextField ctx={ctx} name={fee('name')} label={t('feeName')} value={f.name} error={one(fee('name'))} maxLength={300} />
                    <TextField ctx={ctx} name={fee('amount')} label={t('feeAmount')} hint={t('feeAmountHint')} value={f.amount} error={one(fee('amount'))} maxLength={20} inputmode="numeric" />
                    <RowButton action={`removeFee.${i}.${j}`}>{t('removeFee', { n, m: j + 1 })}</RowButton>
                  </div>
                );
              })}
              <RowButton action={`addFee.${i}`} label={`${t('addFee')} (${t('caseLegend', { n })})`}>
                {t('addFee')}
              </RowButton>
            </fieldset>
            {cases.length > 1 ? <RowButton action={`removeCase.${i}`}>{t('removeCase', { n })}</RowButton> : null}
          </fieldset>
        );
      })}
      <RowButton action="addCase">{t('addCase')}</RowButton>
    </fieldset>
  );
}

/** The documents of the dossier (thành phần hồ sơ), one fieldset each. */
export function ComponentRows({ ctx, components, errors }: { ctx: PageContext; components: ComponentForm[]; errors: FormErrors }) {
  const t: T = catalogMessages.for(ctx.locale);
  const one = (name: string) => errors[name]?.join('; ');
  return (
    <fieldset class="field rows" id="components">
      <legend>{t('formComponents')}</legend>
      <p class="hint">{t('formComponentsHint')}</p>
      {components.map((c, i) => {
        const n = i + 1;
        const at = (field: string) => `components.${i}.${field}`;
        return (
          <fieldset key={i} class="row-group">
            <legend>{t('componentLegend', { n })}</legend>
            <TextField ctx={ctx} name={at('name')} label={t('componentName')} value={c.name} error={one(at('name'))} maxLength={1000} />
            <div class="field-row">
              <SelectField ctx={ctx} name={at('kind')} label={t('componentKind')} value={c.kind} error={one(at('kind'))} options={COMPONENT_KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))} />
              <TextField ctx={ctx} name={at('copies')} label={t('componentCopies')} value={c.copies} error={one(at('copies'))} maxLength={2} inputmode="numeric" />
              <SelectField
                ctx={ctx}
                name={at('requirement')}
                label={t('componentRequirement')}
                value={c.requirement}
                error={one(at('requirement'))}
                options={COMPONENT_REQUIREMENTS.map((r) => ({ value: r, label: t(`requirement_${r}`) }))}
              />
            </div>
            <TextField ctx={ctx} name={at('condition')} label={t('componentCondition')} hint={t('componentConditionHint')} value={c.condition} error={one(at('condition'))} maxLength={1000} />
            <div class="field-row">
              <TextField ctx={ctx} name={at('templateFile')} label={t('componentTemplate')} hint={t('componentTemplateHint')} value={c.templateFile} error={one(at('templateFile'))} maxLength={200} />
              <TextField ctx={ctx} name={at('cases')} label={t('componentCases')} hint={t('componentCasesHint')} value={c.cases} error={one(at('cases'))} maxLength={300} />
            </div>
            {components.length > 1 ? <RowButton action={`removeComponent.${i}`}>{t('removeComponent', { n })}</RowButton> : null}
          </fieldset>
        );
      })}
      <RowButton action="addComponent">{t('addComponent')}</RowButton>
    </fieldset>
  );
}

/**
 * The label of a form field as the error summary names it: "Trường hợp 1 – phí 2 – Số tiền
 * (đồng)", so that an official sees which row is wrong without reading a JSON path.
 */
export function fieldLabel(t: T, name: string): string | undefined {
  let m = /^cases\.(\d+)\.fees\.(\d+)\.(name|amount)$/.exec(name);
  if (m) return `${t('caseLegend', { n: Number(m[1]) + 1 })} – ${t('feeRow', { m: Number(m[2]) + 1 })} – ${t(m[3] === 'amount' ? 'feeAmount' : 'feeName')}`;
  m = /^cases\.(\d+)\.(code|name|timeValue|timeUnit|minAssurance)$/.exec(name);
  if (m) {
    const key = ({ code: 'caseCode', name: 'caseName', timeValue: 'caseTime', timeUnit: 'caseUnit', minAssurance: 'caseAssurance' } as const)[m[2] as 'code'];
    return `${t('caseLegend', { n: Number(m[1]) + 1 })} – ${t(key)}`;
  }
  m = /^components\.(\d+)\.(\w+)$/.exec(name);
  if (m) {
    const keys = { name: 'componentName', kind: 'componentKind', copies: 'componentCopies', requirement: 'componentRequirement', condition: 'componentCondition', templateFile: 'componentTemplate', cases: 'componentCases' } as const;
    const key = keys[m[2] as keyof typeof keys] ?? 'componentName';
    return `${t('componentLegend', { n: Number(m[1]) + 1 })} – ${t(key)}`;
  }
  return undefined;
}
