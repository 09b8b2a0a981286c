import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** One message as the handler gives it to a provider; the number is already E.164 (+84…). */
export interface OutgoingSms {
  /** The outbox event: the same on every retry. */
  eventId: number;
  /** Stable across retries: a gateway uses it to drop a duplicate submission. */
  reference: string;
  to: string;
  text: string;
}

/** Where SMS go: a file per message, an HTTP gateway, or anything a deployment plugs in. */
export interface SmsProvider {
  readonly name: string;
  /** Resolves once the provider has accepted the message; throws to have it retried. */
  send(sms: OutgoingSms): Promise<void>;
}

/** The provider refused the message for good (unknown or invalid number, text refused): no retry. */
export class SmsRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SmsRejectedError';
  }
}

/** Where SMS files are written: `<dataDir>/sms/`, or the OS temp dir for an in-memory data dir. */
export function smsDirectory(config: { dataDir: string; smsDir?: string }): string {
  if (config.smsDir) return config.smsDir;
  if (config.dataDir === 'memory://') return path.join(os.tmpdir(), 'egov-sms');
  return path.join(config.dataDir, 'sms');
}

/**
 * The default provider: each message becomes `<event id>.txt` (headers, blank line, text) in the
 * directory, so a retried event overwrites its file rather than adding a second one.
 */
export function createFileSmsProvider(directory: string): SmsProvider {
  return {
    name: 'file',
    async send(sms) {
      await fs.mkdir(directory, { recursive: true });
      const file = path.join(directory, `${String(sms.eventId).padStart(12, '0')}.txt`);
      const body = `To: ${sms.to}\nReference: ${sms.reference}\n\n${sms.text}\n`;
      // Written then renamed, so a reader never sees half a message.
      const partial = `${file}.${process.pid}.partial`;
      await fs.writeFile(partial, body, 'utf8');
      await fs.rename(partial, file);
    },
  };
}

export interface HttpSmsProviderOptions {
  /** The gateway's send endpoint; it receives `POST {to, text, reference}` as JSON. */
  url: string;
  /** Sent as `Authorization: Bearer …` when set. */
  token?: string;
  /** Per request; well inside the outbox lease so that a hung gateway fails the attempt. */
  timeoutMs?: number;
}

/**
 * An SMS gateway reached over HTTP, answering as the usual brand-name SMS services do:
 * 2xx accepted; 400/404/422 the number or text refused for good (SmsRejectedError); anything
 * else (429, 5xx, time-out, connection refused) a transient failure that the outbox retries.
 */
export function createHttpSmsProvider(options: HttpSmsProviderOptions): SmsProvider {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    name: 'http',
    async send(sms) {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ to: sms.to, text: sms.text, reference: sms.reference }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      const detail = (await response.text().catch(() => '')).slice(0, 200);
      const message = `gateway answered ${response.status}${detail ? `: ${detail}` : ''}`;
      if ([400, 404, 422].includes(response.status)) throw new SmsRejectedError(message);
      throw new Error(message);
    },
  };
}

/**
 * The provider the configuration selects: the HTTP gateway when SMS_GATEWAY_URL is set (with
 * SMS_GATEWAY_TOKEN as its bearer token), else one file per message under DATA_DIR/sms.
 */
export function smsProviderFor(config: { dataDir: string; smsGatewayUrl?: string | undefined; smsGatewayToken?: string | undefined }): SmsProvider {
  if (config.smsGatewayUrl) return createHttpSmsProvider({ url: config.smsGatewayUrl, token: config.smsGatewayToken });
  return createFileSmsProvider(smsDirectory(config));
}
