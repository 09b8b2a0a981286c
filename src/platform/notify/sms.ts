import { randomBytes } from 'node:crypto';
import type { Executor } from '../db/index.ts';
import { PermanentEventError, publishInTx, type CommandHandler } from '../events/index.ts';
import type { Logger } from '../logging/index.ts';
import { maskMobile, normalizeVietnameseMobile, SMS_MAX_SEGMENTS, smsSegments } from './sms-number.ts';
import { createFileSmsProvider, SmsRejectedError, smsDirectory, type SmsProvider } from './sms-providers.ts';

export const SMS_EVENT = 'sms.send';

export interface SmsMessage {
  /** A Vietnamese mobile number: `+84` or `0` then 9 digits (spaces and dots allowed). */
  to: string;
  text: string;
}

/** The outbox payload: the number in E.164, the text, and a reference stable across retries. */
interface SmsPayload {
  to: string;
  text: string;
  reference: string;
}

/**
 * Queues an SMS in the caller's transaction: it is sent (by the worker) only if the transaction
 * commits. Refuses at once a number that is not a Vietnamese mobile number and an empty or
 * over-long text (more than five concatenated parts). Returns the outbox event id.
 */
export async function sendSmsInTx(tx: Executor, message: SmsMessage): Promise<number> {
  const to = normalizeVietnameseMobile(message.to);
  if (to === undefined) throw new TypeError('sendSmsInTx: the recipient must be a Vietnamese mobile number (+84 or 0, then 9 digits)');
  const problem = textProblem(message.text);
  if (problem) throw new TypeError(`sendSmsInTx: ${problem}`);
  const payload: SmsPayload = { to, text: message.text, reference: randomBytes(12).toString('hex') };
  return publishInTx(tx, { type: SMS_EVENT, payload });
}

function textProblem(text: unknown): string | undefined {
  if (typeof text !== 'string' || text.trim() === '') return 'the text must not be empty';
  if (smsSegments(text) > SMS_MAX_SEGMENTS) return `the text is longer than ${SMS_MAX_SEGMENTS} SMS parts`;
  return undefined;
}

export interface SmsHandlerConfig {
  /** DATA_DIR: without a provider, messages are written under `<dataDir>/sms/`. */
  dataDir: string;
  /** Where the messages go; default: one file per message (createFileSmsProvider). */
  provider?: SmsProvider;
  logger?: Logger;
}

/**
 * The `sms.send` handler: hands the message to the provider. A number or text the provider
 * refuses (SmsRejectedError) parks the event at once; any other failure (gateway down, time-out,
 * throttled) is retried by the outbox. Logs and stored errors never carry the number or the text.
 */
export function createSmsHandler(config: SmsHandlerConfig): CommandHandler {
  const provider = config.provider ?? createFileSmsProvider(smsDirectory(config));
  return async (event) => {
    const payload = parsePayload(event.payload);
    try {
      await provider.send({ eventId: event.id, reference: payload.reference || `outbox-${event.id}`, to: payload.to, text: payload.text });
    } catch (error) {
      const raw = error instanceof Error ? error.message : String(error);
      const message = `sms not sent (${provider.name}): ${raw.replace(/\+?\d[\d\s.-]{7,}\d/g, '[number]')}`;
      throw error instanceof SmsRejectedError ? new PermanentEventError(message) : new Error(message);
    }
    config.logger?.info({ eventId: event.id, provider: provider.name, to: maskMobile(payload.to) }, 'sms handed to the provider');
  };
}

function parsePayload(payload: unknown): SmsPayload {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const to = typeof p.to === 'string' ? normalizeVietnameseMobile(p.to) : undefined;
  // Retrying a malformed message cannot help.
  if (to === undefined) throw new PermanentEventError('sms.send payload needs a Vietnamese mobile number in to');
  const problem = textProblem(p.text);
  if (problem) throw new PermanentEventError(`sms.send payload: ${problem}`);
  return { to, text: p.text as string, reference: typeof p.reference === 'string' ? p.reference : '' };
}
