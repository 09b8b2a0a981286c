import { readFile } from 'node:fs/promises';
import type { CommandPlatform } from '../../platform/module/index.ts';
import type { PaymentsApi } from './payments.api.ts';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

/** `egov payments reconcile --file report.csv [--day YYYY-MM-DD]`: every mismatch with the gateway's report; exit 1 if any. */
export const reconcileCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    const file = option(args, '--file');
    if (!file) {
      process.stderr.write('usage: egov payments reconcile --file report.csv [--day YYYY-MM-DD]\n');
      return 2;
    }
    const day = option(args, '--day') ?? new Date(Date.now() + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
      process.stderr.write('--day must be YYYY-MM-DD\n');
      return 2;
    }
    const text = await readFile(file, 'utf8');
    const app = await platform();
    const { rows, mismatches } = await app.api<PaymentsApi>('payments').reconcile(text, day);
    process.stdout.write(`payments reconcile ${day}: ${rows} row(s) in the report, ${mismatches.length} mismatch(es)\n`);
    for (const m of mismatches) process.stdout.write(`${m.kind}\t${m.txnRef}\tline ${m.line ?? '—'}\tours ${m.ours ?? '—'}\ttheirs ${m.theirs ?? '—'}\n`);
    return mismatches.length > 0 ? 1 : 0;
  },
};

/** `egov payments bank-statement --file statement.csv`: VietQR transfers matched by reference; exit 1 if a row matched nothing. */
export const bankStatementCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    const file = option(args, '--file');
    if (!file) {
      process.stderr.write('usage: egov payments bank-statement --file statement.csv\n');
      return 2;
    }
    const text = await readFile(file, 'utf8');
    const app = await platform();
    const results = await app.api<PaymentsApi>('payments').applyBankStatement(text);
    for (const r of results) process.stdout.write(`line ${r.line}\t${r.transactionNo}\t${r.reference ?? '—'}\t${r.outcome}\n`);
    const unmatched = results.filter((r) => r.outcome !== 'paid' && r.outcome !== 'already_applied');
    process.stdout.write(`payments bank-statement: ${results.length} row(s), ${results.length - unmatched.length} matched, ${unmatched.length} to look at\n`);
    return unmatched.length > 0 ? 1 : 0;
  },
};
