import { describe, expect, it } from 'vitest';
import { buildVocabulary, expandQuery, neighbours, soundAlikes, withinOneEdit } from './search-words.ts';
import { foldQuery, foldText } from './search-text.ts';

describe('folding', () => {
  it('removes marks, folds đ and Đ to d, lowercases and keeps only letters and digits', () => {
    expect(foldText('Đăng ký khai sinh')).toBe('dang ky khai sinh');
    expect(foldText('ĐẮK LẮK, Quảng Ninh (Hạ Long)')).toBe('dak lak quang ninh ha long');
    expect(foldText('Cấp C/O mẫu D – 14 tuổi')).toBe('cap c o mau d 14 tuoi');
    expect(foldText('ỹ Ỵ ữ ờ')).toBe('y y u o');
    expect(foldQuery(`  ${'a '.repeat(300)}`)).toHaveLength(99);
  });
});

describe('typo tolerance by syllable', () => {
  const vocabulary = buildVocabulary([
    ['dang', 300],
    ['ky', 280],
    ['khai', 80],
    ['sinh', 12],
    ['tru', 500],
    ['chu', 5],
    ['thuong', 40],
    ['cap', 400],
    ['cao', 30],
    ['giay', 700],
    ['day', 2],
  ]);

  it('measures one edit: insertion, deletion, substitution, swap of neighbours', () => {
    expect(withinOneEdit('snh', 'sinh')).toBe(true);
    expect(withinOneEdit('dungg', 'dung')).toBe(true);
    expect(withinOneEdit('ki', 'ky')).toBe(true);
    expect(withinOneEdit('kahi', 'khai')).toBe(true);
    expect(withinOneEdit('khia', 'khai')).toBe(true);
    expect(withinOneEdit('kiah', 'khai')).toBe(false);
    expect(withinOneEdit('chu', 'tru')).toBe(false);
  });

  it('knows the spellings regional pronunciation confuses', () => {
    expect(soundAlikes('chu')).toContain('tru');
    expect(soundAlikes('xa')).toContain('sa');
    expect(soundAlikes('giay')).toEqual(expect.arrayContaining(['day', 'ray']));
    expect(soundAlikes('ban')).toContain('bang');
    expect(soundAlikes('nam')).toContain('lam');
    // nh and ng are letters of their own, not n.
    expect(soundAlikes('nha')).not.toContain('lha');
    expect(soundAlikes('nghe')).not.toContain('lghe');
  });

  it('finds the catalogue syllables one edit away, keeping the first letter of two-letter words', () => {
    expect(neighbours(vocabulary, 'snh')).toEqual(['sinh']);
    expect(neighbours(vocabulary, 'ki')).toEqual(['ky']);
    expect(neighbours(vocabulary, 'ay')).toEqual([]);
  });

  it('expands a query: known words stay, far more common neighbours join, unknown words are corrected', () => {
    const terms = expandQuery(vocabulary, 'dang ki khai snh thuong chu');
    expect(terms.map((t) => [t.typed, t.best])).toEqual([
      ['dang', 'dang'],
      ['ki', 'ky'],
      ['khai', 'khai'],
      ['snh', 'sinh'],
      ['thuong', 'thuong'],
      ['chu', 'chu'],
    ]);
    expect(terms[5]?.alternatives).toEqual(['chu', 'tru']);
    // A common word is taken as typed: "cap" does not also mean "cao".
    expect(expandQuery(vocabulary, 'cap')[0]?.alternatives).toEqual(['cap']);
    expect(expandQuery(vocabulary, 'xyzzy')[0]).toEqual({ typed: 'xyzzy', best: null, alternatives: [] });
  });

  it('splits two syllables typed without a space', () => {
    expect(expandQuery(vocabulary, 'dangky').map((t) => t.best)).toEqual(['dang', 'ky']);
  });
});
