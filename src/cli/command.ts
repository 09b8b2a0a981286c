import type { Composition } from '../app/composition.ts';

export { UsageError } from '../platform/module/index.ts';

/** A command of the platform itself (start, migrate, seed …): parses its own arguments and uses the composed platform. Modules contribute theirs through their ModuleDefinition. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[], platform: () => Promise<Composition>): Promise<number | void>;
}
