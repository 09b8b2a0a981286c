import path from 'node:path';
import { parseAllowList } from '../net/index.ts';

/** Process configuration, parsed once at start. Every problem is reported at once. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  /** PostgreSQL connection string; undefined means embedded PGlite. */
  databaseUrl: string | undefined;
  /** A streaming replica of DATABASE_URL for reads that tolerate it (public lookup, "my dossiers", statistics). */
  databaseReplicaUrl: string | undefined;
  port: number;
  host: string;
  baseUrl: string;
  /** Where PGlite data, mail files and uploads live. `memory://` keeps PGlite in memory. */
  dataDir: string;
  /** 32+ bytes of secret: derives cookie, CSRF and encryption keys. */
  secretKey: string;
  /** SMTP URL for nodemailer; undefined writes .eml files under DATA_DIR/mail. */
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  /**
   * Which proxies may set X-Forwarded-For: false (none, the default), a hop count, or a
   * comma-separated list of addresses/CIDRs. Trusting every proxy would let anyone forge
   * their address and dodge per-IP throttling.
   */
  trustProxy: boolean | number | string;
  /**
   * Internal addresses webhooks may reach after all (WEBHOOK_ALLOW_HOSTS): IPs, CIDR ranges and
   * host names. Empty by default: a webhook may reach only public addresses.
   */
  webhookAllowHosts: string[];
  /** Facts older than this many days, once every consumer has passed them, are deleted (EVENTS_RETENTION_DAYS). Null: kept for ever. */
  eventsRetentionDays: number | null;
  /** How recently a second factor must have been given for a sensitive action (STEP_UP_SECONDS, default 300). */
  stepUpSeconds: number;
  /** The HTTP SMS gateway's send endpoint (SMS_GATEWAY_URL); undefined writes SMS as files under DATA_DIR/sms. */
  smsGatewayUrl: string | undefined;
  /** Sent to the gateway as a bearer token (SMS_GATEWAY_TOKEN): from the environment only, never committed. */
  smsGatewayToken: string | undefined;
  /**
   * Threads of the serving process that answer the status sync's bulk batches (INGEST_THREADS,
   * 0–4; PostgreSQL only, each with its own pool): 1 by default on PostgreSQL, 0 with the
   * embedded database (one process owns it) and in tests.
   */
  ingestThreads: number;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

// Used only outside production so that `npm start` works on a fresh clone.
const DEVELOPMENT_SECRET = 'egov-development-secret-not-for-production-use-0001';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (nodeEnv !== 'development' && nodeEnv !== 'production' && nodeEnv !== 'test') {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const production = nodeEnv === 'production';

  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be an integer between 0 and 65535 (got "${portText}")`);
  }
  const host = env.HOST ?? '127.0.0.1';

  let baseUrl = env.BASE_URL ?? `http://localhost:${portText}`;
  try {
    const parsed = new URL(baseUrl);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('protocol');
    baseUrl = baseUrl.replace(/\/+$/, '');
  } catch {
    problems.push(`BASE_URL must be an absolute http(s) URL (got "${baseUrl}")`);
  }

  const databaseUrl = nonEmpty(env.DATABASE_URL);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }

  const databaseReplicaUrl = nonEmpty(env.DATABASE_REPLICA_URL);
  if (databaseReplicaUrl !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(databaseReplicaUrl)) problems.push('DATABASE_REPLICA_URL must start with postgres:// or postgresql://');
    if (databaseUrl === undefined) problems.push('DATABASE_REPLICA_URL needs DATABASE_URL: a replica is a copy of a PostgreSQL primary (the embedded database has none)');
  }

  const dataDirRaw = nonEmpty(env.DATA_DIR) ?? './data';
  const dataDir = dataDirRaw === 'memory://' ? dataDirRaw : path.resolve(dataDirRaw);

  let secretKey = nonEmpty(env.SECRET_KEY);
  if (secretKey === undefined) {
    if (production) problems.push('SECRET_KEY is required in production (at least 32 characters)');
    secretKey = DEVELOPMENT_SECRET;
  } else if (secretKey.length < 32) {
    problems.push('SECRET_KEY must be at least 32 characters long');
  }

  const smtpUrl = nonEmpty(env.SMTP_URL);
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) {
    problems.push('SMTP_URL must start with smtp:// or smtps://');
  }
  if (production && baseUrl.startsWith('http://') && !/localhost|127\.0\.0\.1/.test(baseUrl)) {
    problems.push('BASE_URL must use https in production');
  }

  const trustProxyText = nonEmpty(env.TRUST_PROXY);
  let trustProxy: boolean | number | string = false;
  if (trustProxyText !== undefined && trustProxyText !== 'false') {
    if (/^\d+$/.test(trustProxyText)) trustProxy = Number(trustProxyText);
    else if (trustProxyText === 'true') problems.push('TRUST_PROXY=true would trust any client; give a hop count or the proxy addresses');
    else trustProxy = trustProxyText;
  }

  const webhookAllow = parseAllowList(env.WEBHOOK_ALLOW_HOSTS);
  for (const problem of webhookAllow.problems) problems.push(`WEBHOOK_ALLOW_HOSTS: ${problem}`);

  const retentionText = nonEmpty(env.EVENTS_RETENTION_DAYS);
  const eventsRetentionDays = retentionText === undefined ? null : Number(retentionText);
  if (eventsRetentionDays !== null && (!Number.isInteger(eventsRetentionDays) || eventsRetentionDays < 1)) {
    problems.push('EVENTS_RETENTION_DAYS must be a whole number of days (1 or more), or unset to keep facts for ever');
  }

  const stepUpText = nonEmpty(env.STEP_UP_SECONDS);
  const stepUpSeconds = stepUpText === undefined ? 300 : Number(stepUpText);
  if (!Number.isInteger(stepUpSeconds) || stepUpSeconds < 10 || stepUpSeconds > 3600) {
    problems.push('STEP_UP_SECONDS must be a whole number of seconds between 10 and 3600');
  }

  const smsGatewayUrl = nonEmpty(env.SMS_GATEWAY_URL);
  if (smsGatewayUrl !== undefined) {
    let protocol = '';
    try {
      protocol = new URL(smsGatewayUrl).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'http:' && protocol !== 'https:') problems.push('SMS_GATEWAY_URL must be an absolute http(s) URL');
    // The token would cross the network in clear.
    else if (production && protocol === 'http:' && nonEmpty(env.SMS_GATEWAY_TOKEN) !== undefined) problems.push('SMS_GATEWAY_URL must use https in production when SMS_GATEWAY_TOKEN is set');
  }
  const smsGatewayToken = nonEmpty(env.SMS_GATEWAY_TOKEN);
  if (smsGatewayToken !== undefined && smsGatewayUrl === undefined) problems.push('SMS_GATEWAY_TOKEN needs SMS_GATEWAY_URL');

  const ingestText = nonEmpty(env.INGEST_THREADS);
  const ingestThreads = ingestText === undefined ? (databaseUrl !== undefined && nodeEnv !== 'test' ? 1 : 0) : Number(ingestText);
  if (!Number.isInteger(ingestThreads) || ingestThreads < 0 || ingestThreads > 4) problems.push('INGEST_THREADS must be a whole number from 0 to 4');
  else if (ingestThreads > 0 && databaseUrl === undefined) problems.push('INGEST_THREADS needs DATABASE_URL: the embedded database belongs to one thread (set it to 0)');

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv: nodeEnv as Config['nodeEnv'],
    databaseUrl,
    databaseReplicaUrl,
    port,
    host,
    baseUrl,
    dataDir,
    secretKey,
    smtpUrl,
    mailFrom: env.MAIL_FROM ?? 'egov <no-reply@egov.local>',
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    trustProxy,
    webhookAllowHosts: webhookAllow.entries,
    eventsRetentionDays,
    stepUpSeconds,
    smsGatewayUrl,
    smsGatewayToken,
    ingestThreads,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A configuration for tests: in-memory database unless DATABASE_URL is set. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ NODE_ENV: 'test', DATA_DIR: 'memory://', DATABASE_URL: process.env.DATABASE_URL }),
    ...overrides,
  };
}
