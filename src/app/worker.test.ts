import { describe, expect, it } from 'vitest';
import type { EventHandler } from '../platform/module/index.ts';
import { collectEventHandlers } from './worker.ts';

describe('collectEventHandlers', () => {
  const handler: EventHandler = async () => undefined;

  it('merges every module’s handlers by event type', () => {
    const other: EventHandler = async () => undefined;
    const handlers = collectEventHandlers([
      { name: 'platform.notify', eventHandlers: { 'mail.send': handler } },
      { name: 'agencies' },
      { name: 'insights', eventHandlers: { 'dossier.received': other } },
    ]);
    expect(handlers).toEqual({ 'mail.send': handler, 'dossier.received': other });
  });

  it('refuses two handlers for one event type', () => {
    expect(() =>
      collectEventHandlers([
        { name: 'a', eventHandlers: { 'mail.send': handler } },
        { name: 'b', eventHandlers: { 'mail.send': handler } },
      ]),
    ).toThrow('event type "mail.send" has two handlers (a and b)');
  });
});
