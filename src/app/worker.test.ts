import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import type { CommandHandler } from '../platform/events/index.ts';
import { collectCommandHandlers, collectFactSchemas } from './worker.ts';

describe('collecting what modules register for the workers', () => {
  const handler: CommandHandler = async () => undefined;

  it('merges every module’s command handlers by type', () => {
    const other: CommandHandler = async () => undefined;
    const handlers = collectCommandHandlers([
      { name: 'platform.notify', commands: { 'mail.send': handler } },
      { name: 'agencies' },
      { name: 'insights', commands: { 'insights.rebuild': other } },
    ]);
    expect(handlers).toEqual({ 'mail.send': handler, 'insights.rebuild': other });
  });

  it('refuses two handlers for one command', () => {
    expect(() =>
      collectCommandHandlers([
        { name: 'a', commands: { 'mail.send': handler } },
        { name: 'b', commands: { 'mail.send': handler } },
      ]),
    ).toThrow('command "mail.send" has two handlers (a and b)');
  });

  it('collects declared facts and refuses a fact declared twice or also handled as a command', () => {
    const schema = Type.Object({ code: Type.String() });
    expect([...collectFactSchemas([{ name: 'dossiers', facts: { 'dossier.submitted': schema } }, { name: 'agencies' }]).keys()]).toEqual(['dossier.submitted']);
    expect(() => collectFactSchemas([{ name: 'a', facts: { 'x.y': schema } }, { name: 'b', facts: { 'x.y': schema } }])).toThrow('fact "x.y" is declared by two modules (a and b)');
    expect(() => collectFactSchemas([{ name: 'a', facts: { 'x.y': schema }, commands: { 'x.y': handler } }])).toThrow('"x.y" is both a fact and a command of a');
  });
});
