import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Executor } from '../db/index.ts';
import { PermanentEventError, publishInTx } from '../events/index.ts';
import type { Logger } from '../logging/index.ts';
import type { CommandHandler } from '../events/index.ts';

export const MAIL_EVENT = 'mail.send';

export interface MailMessage {
  /** One address or several; display names allowed (`Nguyễn Văn An <an@example.vn>`). */
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
}

/** The outbox payload: the message plus a nonce that keeps the Message-ID stable across retries. */
interface MailPayload extends MailMessage {
  nonce: string;
}

/**
 * Queues an e-mail in the caller's transaction: it is sent (by the worker) only if the
 * transaction commits. Returns the outbox event id.
 */
export async function sendMailInTx(tx: Executor, message: MailMessage): Promise<number> {
  const recipients = Array.isArray(message.to) ? message.to : [message.to];
  if (recipients.length === 0 || recipients.some((r) => r.trim() === '')) {
    throw new TypeError('sendMailInTx: at least one non-empty recipient is required');
  }
  const payload: MailPayload = {
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html === undefined ? {} : { html: message.html }),
    nonce: randomBytes(12).toString('hex'),
  };
  return publishInTx(tx, { type: MAIL_EVENT, payload });
}

export interface MailHandlerConfig {
  /** `smtp://` or `smtps://` URL; when undefined, messages are written as .eml files. */
  smtpUrl: string | undefined;
  /** DATA_DIR: files go to `<dataDir>/mail/` (the OS temp dir when it is `memory://`). */
  dataDir: string;
  mailFrom: string;
  /** Overrides where .eml files go (tests). */
  mailDir?: string;
  logger?: Logger;
}

/** Where .eml files are written when there is no SMTP server. */
export function mailDirectory(config: Pick<MailHandlerConfig, 'dataDir' | 'mailDir'>): string {
  if (config.mailDir) return config.mailDir;
  if (config.dataDir === 'memory://') return path.join(os.tmpdir(), 'egov-mail');
  return path.join(config.dataDir, 'mail');
}

/**
 * The `mail.send` handler. Sends through SMTP when configured, else writes each message as
 * an RFC 822 file named after its event, so a retried event overwrites its file instead of
 * adding a second one. Logs never carry the recipient or the body.
 */
export function createMailHandler(config: MailHandlerConfig): CommandHandler {
  const domain = /@([^>\s]+)>?\s*$/.exec(config.mailFrom)?.[1] ?? 'egov.local';
  const transport = config.smtpUrl
    ? // Bounded well inside the worker's lease: a hung server must fail the attempt (and be
      // retried) rather than outlive the lease and have the message sent twice. Settings in
      // the URL's query string take precedence.
      nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 })
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const directory = config.smtpUrl ? undefined : mailDirectory(config);

  return async (event) => {
    const payload = parsePayload(event.payload);
    const message = {
      from: config.mailFrom,
      to: payload.to,
      subject: payload.subject,
      text: payload.text,
      ...(payload.html === undefined ? {} : { html: payload.html }),
      // Stable across retries, so a receiving system can drop a duplicate delivery.
      messageId: `<${payload.nonce || `outbox-${event.id}`}@${domain}>`,
    };
    let info: object;
    try {
      info = await transport.sendMail(message);
    } catch (error) {
      throw sendError(error);
    }
    if (directory === undefined) {
      config.logger?.info({ eventId: event.id, messageId: message.messageId }, 'mail sent over SMTP');
      return;
    }
    const eml: unknown = 'message' in info ? info.message : undefined;
    if (!Buffer.isBuffer(eml)) throw new Error('stream transport returned no message');
    await fs.mkdir(directory, { recursive: true });
    const file = path.join(directory, `${String(event.id).padStart(12, '0')}.eml`);
    // Written then renamed, so a reader never sees half a message.
    const partial = `${file}.${process.pid}.partial`;
    await fs.writeFile(partial, eml);
    await fs.rename(partial, file);
    config.logger?.info({ eventId: event.id, file }, 'mail written to file (no SMTP_URL)');
  };
}

const ADDRESS = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g;

/**
 * The worker logs and stores a failed handler's message, and SMTP replies often quote the
 * recipient ("550 <an@example.vn>: unknown user"): addresses are masked first. A recipient the
 * server refused outright (5xx on the envelope) will not be accepted on a retry either.
 */
function sendError(error: unknown): Error {
  const raw = error instanceof Error ? error.message : String(error);
  const message = `mail not sent: ${raw.replace(ADDRESS, '[address]')}`;
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; responseCode?: unknown };
  const refused = e.code === 'EENVELOPE' && typeof e.responseCode === 'number' && e.responseCode >= 500;
  return refused ? new PermanentEventError(message) : new Error(message);
}

function parsePayload(payload: unknown): MailPayload {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const to = p.to;
  const recipientsOk =
    (typeof to === 'string' && to.trim() !== '') ||
    (Array.isArray(to) && to.length > 0 && to.every((r) => typeof r === 'string' && r.trim() !== ''));
  if (!recipientsOk || typeof p.subject !== 'string' || typeof p.text !== 'string') {
    // Retrying a malformed message cannot help.
    throw new PermanentEventError('mail.send payload needs to, subject and text');
  }
  if (p.html !== undefined && typeof p.html !== 'string') throw new PermanentEventError('mail.send html must be a string');
  return {
    to: to as string | string[],
    subject: p.subject,
    text: p.text,
    ...(typeof p.html === 'string' ? { html: p.html } : {}),
    nonce: typeof p.nonce === 'string' ? p.nonce : '',
  };
}
