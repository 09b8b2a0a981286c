import { createHash } from 'node:crypto';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hashed content of one entry, exactly as it can be read back from either driver. */
export interface AuditContent {
  seq: number;
  occurredAt: Date;
  actor: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: unknown;
}

/**
 * JSON with object keys sorted at every level: the same value always serialises to the same
 * text, whatever order jsonb hands the keys back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    return text === undefined ? 'null' : text;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * What `data` becomes once stored in jsonb and read back: the JSON round trip drops undefined
 * members and turns dates into strings, so the appender hashes what the verifier will read.
 */
export function normaliseData(data: object | undefined): unknown {
  return data === undefined ? {} : (JSON.parse(JSON.stringify(data)) as unknown);
}

export function entryHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update(canonicalContent(content)).digest('hex');
}

function canonicalContent(content: AuditContent): string {
  return canonicalJson({
    seq: content.seq,
    occurredAt: content.occurredAt.toISOString(),
    actor: content.actor,
    action: content.action,
    entityType: content.entityType,
    entityId: content.entityId,
    data: content.data,
  });
}

/**
 * The canonical text up to the seq, for the database to finish once it has drawn the seq:
 * `seq` sorts last, so the full text is this + seq + `}` (see migration 0003 audit_append).
 */
export function canonicalWithoutSeq(content: Omit<AuditContent, 'seq'>): string {
  const full = canonicalContent({ ...content, seq: 0 });
  if (!full.endsWith('"seq":0}')) throw new Error('canonicalWithoutSeq: seq is not the last key');
  return full.slice(0, -'0}'.length);
}

/**
 * Number of chains new entries are spread over. Changing it later is safe: every entry
 * stores its chain, and the verifier walks whatever chains exist.
 */
export const AUDIT_CHAINS = 64;

/**
 * The chain of an entity: stable across processes and releases (sha256, not a JS or
 * PostgreSQL hash function). A transaction appends to the chain of its first entry's entity.
 */
export function chainOf(entityType: string, entityId: string): number {
  return createHash('sha256').update(entityType).update('\u0000').update(entityId).digest().readUInt16BE(0) % AUDIT_CHAINS;
}
