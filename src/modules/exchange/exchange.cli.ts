import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { UsageError, type CommandPlatform } from '../../platform/module/index.ts';
import { EdxmlError, assertPackageSize, attachmentBytes, parseEdxml, type EdxmlPackage } from './edxml/index.ts';

/**
 * `egov edxml validate FILE`: reads one edXML package (QCVN 102:2016) and prints what the
 * hub would understand of it, with the flaws it would accept, as JSON. Works offline: no
 * database, no configuration.
 */
export const edxmlCommand = {
  // Offline: never asks for the platform.
  async run(args: string[], _platform?: () => Promise<CommandPlatform>): Promise<number> {
    const [action, file, ...rest] = args;
    if (action !== 'validate') throw new UsageError(action ? `unknown action "${action}"` : 'missing action');
    if (!file || rest.length > 0) throw new UsageError('expected exactly one FILE');
    const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    try {
      // Refuse a huge file before reading it into memory, with the parser's own error.
      assertPackageSize((await stat(file)).size);
      const { package: pkg, warnings } = await parseEdxml(await readFile(file));
      print({ valid: true, kind: pkg.kind, model: printable(pkg), warnings });
      return 0;
    } catch (error) {
      if (error instanceof EdxmlError) {
        print({ valid: false, error: error.toJSON() });
        return 1;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') throw new UsageError(`cannot read ${file} (${code})`);
      throw error;
    }
  },
};

/** Attachments are shown by size and digest: megabytes of base64 on a terminal help nobody. */
function printable(pkg: EdxmlPackage): unknown {
  if (pkg.kind !== 'document') return pkg;
  return {
    ...pkg,
    attachments: pkg.attachments.map((a) => {
      const bytes = attachmentBytes(a);
      return { ...a, content: { base64Length: a.content.length, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } };
    }),
  };
}
