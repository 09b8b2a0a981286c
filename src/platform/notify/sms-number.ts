/**
 * Vietnamese mobile numbers and SMS lengths. A mobile number is `+84` or `0` (a bare `84` is
 * taken as `+84`) followed by 9 digits, the first of them 3, 5, 7, 8 or 9 (the mobile ranges
 * since the 2018 renumbering). Spaces, dots, dashes and brackets are ignored.
 */
const MOBILE = /^(?:\+84|84|0)([35789]\d{8})$/;

/** The number in E.164 (`+84912345678`), or undefined when it is not a Vietnamese mobile number. */
export function normalizeVietnameseMobile(input: string): string | undefined {
  const compact = input.trim().replace(/[\s.\-()]/g, '');
  const match = MOBILE.exec(compact);
  return match ? `+84${match[1]}` : undefined;
}

/** `+84912345678` → `+8491****678`: enough for an official to recognise, no more (logs, screens). */
export function maskMobile(e164: string): string {
  return e164.length > 7 ? `${e164.slice(0, 5)}****${e164.slice(-3)}` : '****';
}

// GSM 03.38 basic set (without the escape table): a text made only of these fits 160 a segment.
const GSM7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);

/** How many SMS segments a text takes (GSM-7: 160 / 153 a part; otherwise UCS-2: 70 / 67). */
export function smsSegments(text: string): number {
  const chars = [...text];
  const gsm = chars.every((c) => GSM7.has(c));
  const [single, part] = gsm ? [160, 153] : [70, 67];
  // UCS-2 counts UTF-16 code units: an emoji takes two.
  const length = gsm ? chars.length : text.length;
  return length <= single ? 1 : Math.ceil(length / part);
}

/** Longest text accepted: five concatenated parts (335 Vietnamese characters with diacritics). */
export const SMS_MAX_SEGMENTS = 5;
