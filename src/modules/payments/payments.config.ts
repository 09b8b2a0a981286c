import { ConfigError, type Config } from '../../platform/config/index.ts';

/**
 * VNPay merchant settings, from the environment (read once, when the module is created):
 * VNPAY_TMN_CODE, VNPAY_HASH_SECRET and VNPAY_HOST. Without VNPAY_HOST, or with
 * VNPAY_HOST=local, payments go to the local gateway of this server
 * (/local-gateway/vnpay, payments.local-gateway.tsx), which speaks the VNPay protocol with
 * these same settings; switching to the real gateway is setting VNPAY_HOST (e.g.
 * https://sandbox.vnpayment.vn). In production the code and the secret are required and the
 * local gateway is refused, as SECRET_KEY is (platform/config).
 */
export interface VnpayConfig {
  tmnCode: string;
  hashSecret: string;
  /** The gateway's host; the local gateway's is this server's `${baseUrl}/local-gateway/vnpay`. */
  host: string;
  local: boolean;
  /** Outside production, the development defaults were used (printed at start). */
  defaults: boolean;
}

export const DEVELOPMENT_VNPAY = { tmnCode: 'EGOVDEV1', hashSecret: 'EGOVDEVELOPMENTVNPAYSECRETNOTFORPRODUCTION' } as const;
export const LOCAL_GATEWAY_PATH = '/local-gateway/vnpay';

export function vnpayConfig(config: Pick<Config, 'nodeEnv' | 'baseUrl'>, env: NodeJS.ProcessEnv = process.env): VnpayConfig {
  const production = config.nodeEnv === 'production';
  const problems: string[] = [];
  const tmnCode = env.VNPAY_TMN_CODE?.trim() || undefined;
  const hashSecret = env.VNPAY_HASH_SECRET?.trim() || undefined;
  const hostText = env.VNPAY_HOST?.trim() || 'local';
  if (production && !tmnCode) problems.push('VNPAY_TMN_CODE is required in production (the merchant code VNPay gave)');
  if (production && !hashSecret) problems.push('VNPAY_HASH_SECRET is required in production (the secret VNPay gave)');
  if (tmnCode !== undefined && !/^[A-Za-z0-9]{1,20}$/.test(tmnCode)) problems.push('VNPAY_TMN_CODE must be 1–20 letters or digits');
  if (hashSecret !== undefined && hashSecret.length < 16) problems.push('VNPAY_HASH_SECRET must be at least 16 characters long');
  const local = hostText === 'local';
  if (production && local) problems.push('VNPAY_HOST is required in production (https://pay.vnpay.vn, or the sandbox); the local gateway is for development and tests');
  if (!local && !/^https?:\/\/[^/]+/.test(hostText)) problems.push('VNPAY_HOST must be "local" or an absolute http(s) URL');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    tmnCode: tmnCode ?? DEVELOPMENT_VNPAY.tmnCode,
    hashSecret: hashSecret ?? DEVELOPMENT_VNPAY.hashSecret,
    host: local ? `${config.baseUrl}${LOCAL_GATEWAY_PATH}` : hostText.replace(/\/+$/, ''),
    local,
    defaults: !tmnCode || !hashSecret,
  };
}
