import { defineMessages, formatDateTime, type Locale, type Params } from '../../platform/i18n/index.ts';

/**
 * The e-mails identity sends (through platform/notify's outbox), Vietnamese first and English.
 * A mail answering something the visitor just did is in their language; a mail to an
 * account's owner about someone else's doing is in both, since we do not know theirs.
 */
export const identityMails = defineMessages(
  {
    resetSubject: 'Đặt lại mật khẩu tài khoản Cổng Dịch vụ công',
    resetBody:
      'Xin chào {name},\n\nCó yêu cầu đặt lại mật khẩu cho tài khoản của bạn. Mở liên kết sau trong vòng 30 phút để đặt mật khẩu mới:\n\n{link}\n\nNếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên.',
    inviteSubject: 'Tài khoản cán bộ trên Cổng Dịch vụ công',
    inviteBody:
      'Xin chào {name},\n\nMột tài khoản cán bộ đã được tạo cho bạn tại {agency}. Tên đăng nhập là địa chỉ thư điện tử này. Mở liên kết sau trong vòng 3 ngày để tự đặt mật khẩu:\n\n{link}',
    confirmSubject: 'Xác nhận địa chỉ thư điện tử - Cổng Dịch vụ công',
    confirmRegistrationBody:
      'Xin chào {name},\n\nCảm ơn bạn đã đăng ký tài khoản trên Cổng Dịch vụ công. Mở liên kết sau trong vòng 48 giờ để xác nhận địa chỉ thư điện tử và kích hoạt tài khoản:\n\n{link}\n\nNếu bạn không đăng ký, hãy bỏ qua thư này: tài khoản sẽ không được kích hoạt.',
    confirmNewAddressBody:
      'Xin chào {name},\n\nCó yêu cầu dùng địa chỉ thư điện tử này cho tài khoản của bạn trên Cổng Dịch vụ công. Địa chỉ chỉ được thay đổi khi bạn mở liên kết sau, trong vòng 48 giờ:\n\n{link}\n\nNếu bạn không yêu cầu, hãy bỏ qua thư này.',
    inUseSubject: 'Có người vừa dùng thông tin tài khoản của bạn - Cổng Dịch vụ công',
    inUseBody:
      'Xin chào {name},\n\nVừa có người dùng {what} của tài khoản bạn để đăng ký một tài khoản mới, hoặc để gắn vào một tài khoản khác, trên Cổng Dịch vụ công. Yêu cầu đó không được thực hiện và tài khoản của bạn không thay đổi.\n\nNếu đó là bạn: bạn đã có tài khoản. Hãy đăng nhập tại {login}. Nếu quên mật khẩu, hãy đặt lại mật khẩu tại {forgot}.\n\nNếu không phải bạn, bạn không cần làm gì thêm.',
    whatEmail: 'địa chỉ thư điện tử',
    whatPersonalId: 'số định danh cá nhân',
    whatTaxCode: 'mã số thuế',
    whatAnd: ' và ',
    lockedSubject: 'Cảnh báo: nhiều lần đăng nhập sai vào tài khoản của bạn - Cổng Dịch vụ công',
    lockedBody:
      'Xin chào {name},\n\nTrong một giờ qua, mật khẩu tài khoản của bạn trên Cổng Dịch vụ công đã bị nhập sai từ {sources} địa chỉ mạng khác nhau. Để bảo vệ tài khoản, việc đăng nhập tạm thời bị khóa đến {until} (giờ Việt Nam).\n\nNếu đó không phải là bạn, có thể ai đó đang dò mật khẩu của bạn. Hãy đặt một mật khẩu mới, đủ mạnh và không dùng ở nơi khác: mở {forgot} và nhập địa chỉ thư điện tử này. Đặt lại mật khẩu sẽ mở khóa tài khoản ngay.\n\nNếu chính bạn quên mật khẩu, hãy làm đúng như vậy.',
  },
  {
    resetSubject: 'Reset your Public Service Portal password',
    resetBody:
      'Hello {name},\n\nSomeone asked to reset the password of your account. Open this link within 30 minutes to choose a new password:\n\n{link}\n\nIf it was not you, ignore this message: your password stays as it is.',
    inviteSubject: 'Your official account on the Public Service Portal',
    inviteBody:
      'Hello {name},\n\nAn official account has been created for you at {agency}. Your login is this e-mail address. Open this link within 3 days to choose your password:\n\n{link}',
    confirmSubject: 'Confirm your e-mail address - Public Service Portal',
    confirmRegistrationBody:
      'Hello {name},\n\nThank you for creating an account on the Public Service Portal. Open this link within 48 hours to confirm your e-mail address and activate the account:\n\n{link}\n\nIf you did not register, ignore this message: the account will not be activated.',
    confirmNewAddressBody:
      'Hello {name},\n\nSomeone asked to use this e-mail address for your account on the Public Service Portal. The address changes only when you open this link, within 48 hours:\n\n{link}\n\nIf it was not you, ignore this message.',
    inUseSubject: 'Someone just used the details of your account - Public Service Portal',
    inUseBody:
      'Hello {name},\n\nSomeone just used the {what} of your account to register a new account, or for another account, on the Public Service Portal. Nothing was done and your account has not changed.\n\nIf it was you: you already have an account. Sign in at {login}. If you forgot your password, reset it at {forgot}.\n\nIf it was not you, there is nothing you need to do.',
    whatEmail: 'e-mail address',
    whatPersonalId: 'personal identification number',
    whatTaxCode: 'tax code',
    whatAnd: ' and ',
    lockedSubject: 'Warning: many failed sign-ins to your account - Public Service Portal',
    lockedBody:
      'Hello {name},\n\nIn the last hour, wrong passwords for your account on the Public Service Portal were entered from {sources} different network addresses. To protect the account, signing in is locked until {until} (Vietnam time).\n\nIf it was not you, someone may be guessing your password. Choose a new, strong password that you use nowhere else: open {forgot} and enter this e-mail address. Resetting the password unlocks the account at once.\n\nIf you simply forgot your password, do the same.',
  },
);

type MailKey = keyof typeof identityMails.vi;

export interface MailText {
  subject: string;
  text: string;
}

const mailIn = (locale: Locale, subject: MailKey, body: MailKey, params: Params): MailText => ({
  subject: identityMails.t(locale, subject),
  text: identityMails.t(locale, body, params),
});

/** Vietnamese, then English, in one message. */
function mailInBoth(subject: MailKey, body: MailKey, params: (locale: Locale) => Params): MailText {
  const vi = mailIn('vi', subject, body, params('vi'));
  const en = mailIn('en', subject, body, params('en'));
  return { subject: `${vi.subject} / ${en.subject}`, text: `${vi.text}\n\n———\n\n${en.text}` };
}

export type IdentifierKind = 'email' | 'personalId' | 'taxCode';
const WHAT: Record<IdentifierKind, MailKey> = { email: 'whatEmail', personalId: 'whatPersonalId', taxCode: 'whatTaxCode' };

export const mails = {
  reset: (locale: Locale, p: { name: string; link: string }) => mailIn(locale, 'resetSubject', 'resetBody', p),
  invite: (p: { name: string; agency: string; link: string }) => mailInBoth('inviteSubject', 'inviteBody', () => p),
  confirmRegistration: (locale: Locale, p: { name: string; link: string }) => mailIn(locale, 'confirmSubject', 'confirmRegistrationBody', p),
  confirmNewAddress: (locale: Locale, p: { name: string; link: string }) => mailIn(locale, 'confirmSubject', 'confirmNewAddressBody', p),
  /** To the owner of identifiers someone else just tried to use. */
  inUse: (p: { name: string; used: readonly IdentifierKind[]; baseUrl: string }) =>
    mailInBoth('inUseSubject', 'inUseBody', (locale) => ({
      name: p.name,
      what: p.used.map((kind) => identityMails.t(locale, WHAT[kind])).join(identityMails.t(locale, 'whatAnd')),
      login: `${p.baseUrl}/login`,
      forgot: `${p.baseUrl}/password/forgot`,
    })),
  locked: (p: { name: string; sources: number; until: Date; baseUrl: string }) =>
    mailInBoth('lockedSubject', 'lockedBody', () => ({
      name: p.name,
      sources: p.sources,
      until: formatDateTime(p.until),
      forgot: `${p.baseUrl}/password/forgot`,
    })),
};
