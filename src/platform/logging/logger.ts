import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger. Personal data never reaches the log: credentials, cookies and the
 * usual personal fields are redacted wherever they appear, and request bodies are not logged.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.secret',
        '*.token',
        '*.email',
        '*.phone',
        '*.personalId',
        '*.taxCode',
      ],
      censor: '[redacted]',
    },
  });
}
