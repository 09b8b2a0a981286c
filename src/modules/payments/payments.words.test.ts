import { describe, expect, it } from 'vitest';
import { amountInWords, numberInWords } from './payments.words.ts';

describe('amount in Vietnamese words', () => {
  it.each([
    [0, 'không'],
    [5, 'năm'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [25, 'hai mươi lăm'],
    [100, 'một trăm'],
    [101, 'một trăm linh một'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [115, 'một trăm mười lăm'],
    [1_000, 'một nghìn'],
    [1_005, 'một nghìn không trăm linh năm'],
    [1_050, 'một nghìn không trăm năm mươi'],
    [8_000, 'tám nghìn'],
    [10_000, 'mười nghìn'],
    [50_000, 'năm mươi nghìn'],
    [650_000, 'sáu trăm năm mươi nghìn'],
    [1_000_000, 'một triệu'],
    [1_005_000, 'một triệu không trăm linh năm nghìn'],
    [1_250_000, 'một triệu hai trăm năm mươi nghìn'],
    [2_000_500, 'hai triệu năm trăm'],
    [1_000_000_000, 'một tỷ'],
    [3_000_021_000, 'ba tỷ không trăm hai mươi mốt nghìn'],
    [1_000_000_000_000, 'một nghìn tỷ'],
    [21_541_000_000, 'hai mươi mốt tỷ năm trăm bốn mươi mốt triệu'],
  ])('%d → %s', (n, words) => {
    expect(numberInWords(n)).toBe(words);
  });

  it('writes the receipt line capitalised with the currency', () => {
    expect(amountInWords(650_000)).toBe('Sáu trăm năm mươi nghìn đồng');
    expect(amountInWords(0)).toBe('Không đồng');
  });

  it('refuses what is not a whole non-negative amount', () => {
    expect(() => numberInWords(-1)).toThrow(RangeError);
    expect(() => numberInWords(1.5)).toThrow(RangeError);
    expect(() => numberInWords(Number.MAX_SAFE_INTEGER + 2)).toThrow(RangeError);
  });
});
