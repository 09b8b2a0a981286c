export {
  MAIL_EVENT,
  createMailHandler,
  mailDirectory,
  sendMailInTx,
  type MailHandlerConfig,
  type MailMessage,
} from './mail.ts';
export { SMS_EVENT, createSmsHandler, sendSmsInTx, type SmsHandlerConfig, type SmsMessage } from './sms.ts';
export {
  SmsRejectedError,
  createFileSmsProvider,
  createHttpSmsProvider,
  smsDirectory,
  smsProviderFor,
  type HttpSmsProviderOptions,
  type OutgoingSms,
  type SmsProvider,
} from './sms-providers.ts';
export { SMS_MAX_SEGMENTS, maskMobile, normalizeVietnameseMobile, smsSegments } from './sms-number.ts';
