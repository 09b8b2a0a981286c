/**
 * An amount of đồng in Vietnamese words, as receipts write it ("Số tiền bằng chữ"):
 * 650000 → "Sáu trăm năm mươi nghìn đồng". Reading rules: "linh" for a zero ten after
 * hundreds (105: một trăm linh năm), "mười" for ten, "mốt" / "tư" / "lăm" for 1, 4, 5 after
 * a ten of two or more (21 mốt, 24 tư, 25 lăm; 15 mười lăm), and "không trăm" for a group
 * after the first that has no hundreds (1.005.000: một triệu không trăm linh năm nghìn).
 * Groups that are all zero are not read; a thousand billions is "nghìn tỷ".
 */
const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;
const GROUPS = ['', 'nghìn', 'triệu', 'tỷ', 'nghìn tỷ', 'triệu tỷ'] as const;

function readGroup(n: number, leading: boolean): string[] {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const words: string[] = [];
  if (!leading || h > 0) words.push(DIGITS[h] as string, 'trăm');
  if (t === 0) {
    if (u > 0) {
      if (words.length > 0) words.push('linh');
      words.push(DIGITS[u] as string);
    }
  } else if (t === 1) {
    words.push('mười');
    if (u === 5) words.push('lăm');
    else if (u > 0) words.push(DIGITS[u] as string);
  } else {
    words.push(DIGITS[t] as string, 'mươi');
    if (u === 1) words.push('mốt');
    else if (u === 4) words.push('tư');
    else if (u === 5) words.push('lăm');
    else if (u > 0) words.push(DIGITS[u] as string);
  }
  return words;
}

/** The number in words, lower case, without the currency: 1005 → "một nghìn không trăm linh năm". */
export function numberInWords(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`numberInWords: a whole number from 0 to ${Number.MAX_SAFE_INTEGER} (got ${value})`);
  if (value === 0) return DIGITS[0];
  const groups: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 1000)) groups.push(rest % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] as number;
    if (g === 0) continue;
    words.push(...readGroup(g, i === groups.length - 1));
    if (GROUPS[i]) words.push(GROUPS[i] as string);
  }
  return words.join(' ');
}

/** "Sáu trăm năm mươi nghìn đồng": capitalised, with the currency, as on a receipt. */
export function amountInWords(amountVnd: number): string {
  const words = `${numberInWords(amountVnd)} đồng`;
  return words.charAt(0).toUpperCase() + words.slice(1);
}
