import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('logger', () => {
  it('logs request paths without query strings and redacts personal fields', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info({ req: { method: 'GET', url: '/api/v1/dossiers/lookup?code=X&verifier=001090000001' } }, 'incoming');
    logger.info({ user: { email: 'an@example.vn', password: 'secret', personalId: '001090000001' } }, 'x');
    const output = lines.join('');
    expect(output).toContain('/api/v1/dossiers/lookup');
    expect(output).not.toContain('001090000001');
    expect(output).not.toContain('an@example.vn');
    expect(output).not.toContain('secret');
  });
});
