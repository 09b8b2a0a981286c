import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * The process logger. Personal data never reaches the log: credentials, cookies and the
 * usual personal fields are redacted wherever they appear, and request bodies are not logged.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    serializers: {
      // Query strings carry search terms, lookup verifiers and tokens: log the path only.
      req: (req: { method?: string; url?: string; remoteAddress?: string; socket?: { remoteAddress?: string } }) => ({
        method: req.method,
        path: typeof req.url === 'string' ? req.url.split('?')[0] : undefined,
      }),
    },
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
  };
  return destination ? pino(options, destination) : pino(options);
}
