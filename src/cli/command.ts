import type { Composition } from '../app/composition.ts';

/** A CLI command: parses its own arguments and uses the composed platform. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[], platform: () => Promise<Composition>): Promise<number | void>;
}

/** Bad arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}
