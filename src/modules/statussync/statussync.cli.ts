import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createNonce, signRequest } from '../../platform/integration/index.ts';
import { cliActor, UsageError, type CommandPlatform } from '../../platform/module/index.ts';
import type { StatusSyncApi } from './statussync.api.ts';

/**
 * `egov sync-client FILE.jsonl`: replays a file of items (one JSON object a line, English or
 * DVCQG names; `{"kind": "progress", …}` lines are progress steps) against a server's REST
 * sync API, in signed batches, with retries of what the server could not take (network
 * errors, 5xx, 429, and items answered `failed`), a progress line and a summary.
 * `egov sync revoke-sessions <clientId>`: ends a client's legacy sessions.
 */

export const SYNC_CLIENT_USAGE = 'egov sync-client FILE.jsonl --url <base url> --client <id> --secret <secret> --agency <code> [--batch 1000] [--retries 5]';

interface Summary {
  lines: number;
  sent: number;
  counts: Record<string, number>;
  retries: number;
  unparsable: number;
}

type Outcomes = { results: { index: number; result: string }[] };

/** Sends one batch, again while the server cannot take it; the outcomes of the items it took. */
async function sendBatch(options: { url: string; client: string; secret: string; retries: number }, path: string, body: object, summary: Summary): Promise<Outcomes> {
  const bytes = Buffer.from(JSON.stringify(body));
  for (let attempt = 0; ; attempt++) {
    const headers = signRequest({ clientId: options.client, secret: options.secret, method: 'POST', path, body: bytes, nonce: createNonce() });
    let status = 0;
    try {
      const response = await fetch(new URL(path, options.url), { method: 'POST', body: bytes, headers: { 'content-type': 'application/json', ...headers } });
      status = response.status;
      if (status === 200) return (await response.json()) as Outcomes;
      if (status < 500 && status !== 429) throw new Error(`HTTP ${status}: ${await response.text()}`);
    } catch (error) {
      if (status !== 0 && status < 500 && status !== 429) throw error;
    }
    if (attempt >= options.retries) throw new Error(`gave up after ${attempt + 1} attempts (last HTTP status ${status || 'none'})`);
    summary.retries += 1;
    await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt)));
  }
}

export async function replayFile(file: string, options: { url: string; client: string; secret: string; agency: string; batch: number; retries: number }, progress: (line: string) => void = () => undefined): Promise<Summary> {
  const summary: Summary = { lines: 0, sent: 0, counts: {}, retries: 0, unparsable: 0 };
  const pending: { dossiers: unknown[]; progress: unknown[] } = { dossiers: [], progress: [] };
  const flush = async (kind: 'dossiers' | 'progress') => {
    let items = pending[kind];
    pending[kind] = [];
    // Items answered `failed` (a write the server could not finish) are sent again, alone.
    for (let attempt = 0; items.length > 0; attempt++) {
      const outcomes = await sendBatch(options, `/api/v1/sync/${kind}`, { agency: options.agency, items }, summary);
      const again = outcomes.results.filter((r) => r.result === 'failed' && attempt < options.retries).map((r) => items[r.index]);
      for (const r of outcomes.results) if (!(r.result === 'failed' && attempt < options.retries)) summary.counts[r.result] = (summary.counts[r.result] ?? 0) + 1;
      summary.sent += items.length - again.length;
      if (again.length > 0) summary.retries += 1;
      items = again;
    }
    progress(`${summary.sent} items sent (${Object.entries(summary.counts).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    summary.lines += 1;
    let item: Record<string, unknown>;
    try {
      item = JSON.parse(line) as Record<string, unknown>;
    } catch {
      summary.unparsable += 1;
      continue;
    }
    const { kind, ...rest } = item;
    const target = kind === 'progress' ? 'progress' : 'dossiers';
    // A step must follow its dossier: the dossiers read so far go first.
    if (target === 'progress' && pending.dossiers.length > 0) await flush('dossiers');
    pending[target].push(rest);
    if (pending[target].length >= options.batch) await flush(target);
  }
  await flush('dossiers');
  await flush('progress');
  return summary;
}

export const syncClientCommand = {
  async run(args: string[]): Promise<number> {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: { url: { type: 'string' }, client: { type: 'string' }, secret: { type: 'string' }, agency: { type: 'string' }, batch: { type: 'string' }, retries: { type: 'string' } },
    });
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0 || !values.url || !values.client || !values.secret || !values.agency) throw new UsageError(`usage: ${SYNC_CLIENT_USAGE}`);
    const batch = Number(values.batch ?? 1000);
    const retries = Number(values.retries ?? 5);
    if (!Number.isInteger(batch) || batch < 1 || batch > 5000) throw new UsageError('--batch takes 1 to 5000');
    if (!Number.isInteger(retries) || retries < 0) throw new UsageError('--retries takes a whole number');
    const started = Date.now();
    const summary = await replayFile(file, { url: values.url, client: values.client, secret: values.secret, agency: values.agency, batch, retries }, (line) => process.stderr.write(`\r${line}`));
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write('\n');
    process.stdout.write(`${JSON.stringify({ ...summary, seconds, itemsPerSecond: Math.round(summary.sent / Math.max(seconds, 0.001)) }, null, 2)}\n`);
    return summary.unparsable > 0 || Object.keys(summary.counts).some((k) => ['invalid', 'forbidden', 'failed', 'not_found'].includes(k)) ? 1 : 0;
  },
};

export const syncCommand = {
  async run(args: string[], platform: () => Promise<CommandPlatform>): Promise<number> {
    const [sub, clientId, ...extra] = args;
    if (sub !== 'revoke-sessions' || !clientId || extra.length > 0) throw new UsageError('usage: egov sync revoke-sessions <clientId>');
    const sync = (await platform()).api<StatusSyncApi>('statussync');
    const revoked = await sync.revokeSessions(clientId, cliActor().accountId);
    process.stdout.write(`${JSON.stringify({ clientId, revokedSessions: revoked })}\n`);
    return 0;
  },
};
