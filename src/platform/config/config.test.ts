import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives working defaults for a fresh clone', () => {
    const config = loadConfig({});
    expect(config.nodeEnv).toBe('development');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.dataDir.endsWith('/data')).toBe(true);
    expect(config.secretKey.length).toBeGreaterThanOrEqual(32);
  });

  it('sends SMS through the gateway of SMS_GATEWAY_URL only when it is set, with its token', () => {
    expect(loadConfig({})).toMatchObject({ smsGatewayUrl: undefined, smsGatewayToken: undefined });
    expect(loadConfig({ SMS_GATEWAY_URL: 'https://sms.example.vn/send', SMS_GATEWAY_TOKEN: ' k3y ' })).toMatchObject({ smsGatewayUrl: 'https://sms.example.vn/send', smsGatewayToken: 'k3y' });
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'sms.example.vn' })).toThrow(/SMS_GATEWAY_URL must be an absolute http\(s\) URL/);
    expect(() => loadConfig({ SMS_GATEWAY_TOKEN: 'k3y' })).toThrow(/SMS_GATEWAY_TOKEN needs SMS_GATEWAY_URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(32), BASE_URL: 'https://dvc.example.vn', SMS_GATEWAY_URL: 'http://sms.example.vn', SMS_GATEWAY_TOKEN: 'k3y' })).toThrow(/SMS_GATEWAY_URL must use https/);
  });

  it('answers bulk sync batches on one thread of their own on PostgreSQL, none on the embedded database or in tests', () => {
    const pg = 'postgres://postgres@127.0.0.1:5432/egov';
    expect(loadConfig({}).ingestThreads).toBe(0);
    expect(loadConfig({ DATABASE_URL: pg }).ingestThreads).toBe(1);
    expect(loadConfig({ DATABASE_URL: pg, NODE_ENV: 'test' }).ingestThreads).toBe(0);
    expect(loadConfig({ DATABASE_URL: pg, INGEST_THREADS: '2' }).ingestThreads).toBe(2);
    expect(loadConfig({ DATABASE_URL: pg, INGEST_THREADS: '0' }).ingestThreads).toBe(0);
    expect(() => loadConfig({ INGEST_THREADS: '1' })).toThrow(/INGEST_THREADS needs DATABASE_URL/);
    for (const bad of ['5', '-1', '1.5', 'two']) expect(() => loadConfig({ DATABASE_URL: pg, INGEST_THREADS: bad })).toThrow(/INGEST_THREADS must be a whole number from 0 to 4/);
  });

  it('takes a read replica only beside a PostgreSQL primary', () => {
    expect(loadConfig({}).databaseReplicaUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://db/egov', DATABASE_REPLICA_URL: 'postgres://replica/egov' }).databaseReplicaUrl).toBe('postgres://replica/egov');
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'postgres://replica/egov' })).toThrow(/DATABASE_REPLICA_URL needs DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/egov', DATABASE_REPLICA_URL: 'mysql://replica/egov' })).toThrow(/DATABASE_REPLICA_URL must start with postgres/);
  });

  it('keeps facts for ever unless EVENTS_RETENTION_DAYS says otherwise, and refuses a retention that is not whole days', () => {
    expect(loadConfig({}).eventsRetentionDays).toBeNull();
    expect(loadConfig({ EVENTS_RETENTION_DAYS: '365' }).eventsRetentionDays).toBe(365);
    expect(loadConfig({}).stepUpSeconds).toBe(300);
    expect(loadConfig({ STEP_UP_SECONDS: '30' }).stepUpSeconds).toBe(30);
    expect(() => loadConfig({ STEP_UP_SECONDS: '5' })).toThrow(/STEP_UP_SECONDS must be a whole number of seconds between 10 and 3600/);
    expect(() => loadConfig({ STEP_UP_SECONDS: 'soon' })).toThrow(/STEP_UP_SECONDS/);
    for (const bad of ['0', '-1', '1.5', 'a year']) expect(() => loadConfig({ EVENTS_RETENTION_DAYS: bad })).toThrow(/EVENTS_RETENTION_DAYS/);
  });

  it('refuses to start in production without a secret, naming every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production', PORT: 'eighty', BASE_URL: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('SECRET_KEY is required in production');
    expect(problems).toContain('PORT must be an integer');
    expect(problems).toContain('BASE_URL must be an absolute http(s) URL');
  });

  it('rejects short secrets, foreign database URLs and plain http in production', () => {
    expect(() => loadConfig({ SECRET_KEY: 'short' })).toThrow(/at least 32 characters/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(40), BASE_URL: 'http://dichvucong.example.vn' }),
    ).toThrow(/https in production/);
  });

  it('trusts no proxy unless told which', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toBe('10.0.0.0/8');
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/hop count/);
  });

  it('lets webhooks reach no internal address unless the operator lists it', () => {
    expect(loadConfig({}).webhookAllowHosts).toEqual([]);
    expect(loadConfig({ WEBHOOK_ALLOW_HOSTS: ' 10.1.0.0/16, qlvb.noibo.h29.gov.vn 127.0.0.1,fd00::/8 ' }).webhookAllowHosts).toEqual(['10.1.0.0/16', 'qlvb.noibo.h29.gov.vn', '127.0.0.1', 'fd00::/8']);
    let error: unknown;
    try {
      loadConfig({ WEBHOOK_ALLOW_HOSTS: '10.0.0.0/33,http://10.0.0.1/,999.1.1.1/8' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      'WEBHOOK_ALLOW_HOSTS: "10.0.0.0/33": the prefix length must be 0–32',
      'WEBHOOK_ALLOW_HOSTS: "http://10.0.0.1/" is not an address, a CIDR range or a host name',
      'WEBHOOK_ALLOW_HOSTS: "999.1.1.1/8": 999.1.1.1 is not an IP address',
    ]);
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SECRET_KEY: 'x'.repeat(40),
      BASE_URL: 'https://dichvucong.example.vn/',
      DATABASE_URL: 'postgres://egov@db/egov',
      SMTP_URL: 'smtp://mail:587',
      PORT: '8080',
    });
    expect(config.baseUrl).toBe('https://dichvucong.example.vn');
    expect(config.port).toBe(8080);
    expect(config.smtpUrl).toBe('smtp://mail:587');
  });
});
