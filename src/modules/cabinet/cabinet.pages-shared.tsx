import type { FastifyRequest } from 'fastify';
import { isDomainError } from '../../platform/errors/index.ts';
import { type FieldErrors, type PageContext } from '../../platform/ui/index.ts';
import type { cabinetMessages } from './cabinet.messages.ts';

// What the cabinet's pages share: small form pieces, field messages, request helpers.

export type T = ReturnType<typeof cabinetMessages.for>;
export const hide = { hide: true };
export const MAX_UPLOAD = 20 * 1024 * 1024;

export const idOf = (request: FastifyRequest) => Number((request.params as { id: string }).id);
export const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, string | undefined>;

/** A refusal the page can show (invalid input, a state conflict, a cut-off passed); others go to the error page. */
export function shownError(error: unknown): { message: string; errors: FieldErrors } | undefined {
  if (!isDomainError(error) || (error.kind !== 'invalid' && error.kind !== 'conflict')) return undefined;
  return { message: error.message, errors: {} };
}

export function Textarea(props: { ctx: PageContext; name: string; label: string; value?: string; required?: boolean; rows?: number; idSuffix?: string }) {
  const id = `f-${props.name.replace(/[^a-zA-Z0-9_-]/g, '-')}${props.idSuffix ? `-${props.idSuffix}` : ''}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} required={props.required}>
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

/** A labelled input of one item's form: its id carries the item's, so that the cards of a page never share ids. */
export function ItemField(props: { item: number; name: string; label: string; value?: string; type?: 'text' | 'date'; maxLength?: number; required?: boolean }) {
  const id = `f-${props.name}-${props.item}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input id={id} name={props.name} type={(props.type ?? 'text') as 'text'} value={props.value} maxLength={props.maxLength} required={props.required} />
    </div>
  );
}

export function Checkbox(props: { name: string; label: string; checked?: boolean }) {
  const id = `f-${props.name}`;
  return (
    <div class="field">
      <input type="checkbox" id={id} name={props.name} value="true" checked={props.checked} /> <label for={id}>{props.label}</label>
    </div>
  );
}

export const FIELD_TEXT: Record<string, { vi: string; en: string }> = {
  'cabinet.required': { vi: 'Không được để trống.', en: 'Required.' },
  'cabinet.too_long': { vi: 'Quá dài.', en: 'Too long.' },
  'cabinet.invalid_time': { vi: 'Ngày giờ không hợp lệ (ví dụ 2026-12-10T08:00).', en: 'Not a valid date and time (e.g. 2026-12-10T08:00).' },
  'cabinet.cutoff_after_start': { vi: 'Hạn ghi ý kiến phải trước giờ họp.', en: 'Positions must be due before the session starts.' },
  'cabinet.invalid_quorum': { vi: 'Từ 1 đến 100.', en: 'From 1 to 100.' },
  'cabinet.invalid_working_days': { vi: 'Từ 2 đến 5 ngày làm việc.', en: 'From 2 to 5 working days.' },
  'cabinet.invalid_reminders': { vi: 'Số giờ, cách nhau bởi dấu phẩy.', en: 'Hours, comma-separated.' },
  'cabinet.delegate_not_found': { vi: 'Không có cán bộ đang hoạt động với địa chỉ này tại cơ quan của thành viên.', en: 'No active official of the member’s agency has this address.' },
  'cabinet.invalid_agency': { vi: 'Mã cơ quan không hợp lệ (ví dụ 000.00.00.G15).', en: 'Not an agency code (e.g. 000.00.00.G15).' },
  'cabinet.not_a_member': { vi: 'Không phải thành viên Chính phủ.', en: 'Not a Government member.' },
};

export function fieldMessage(request: FastifyRequest, code: string): string {
  return FIELD_TEXT[code]?.[request.locale] ?? code;
}
