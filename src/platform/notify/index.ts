export {
  MAIL_EVENT,
  createMailHandler,
  mailDirectory,
  sendMailInTx,
  type MailHandlerConfig,
  type MailMessage,
} from './mail.ts';
