import { describe, expect, it } from 'vitest';
import { contentDisposition } from './index.ts';

/** Reads the header as a browser does: `filename*` (RFC 8187) when present, else `filename`. */
function savedName(header: string): string {
  const extended = /filename\*=UTF-8''([^;\s]+)/.exec(header)?.[1];
  if (extended !== undefined) return decodeURIComponent(extended);
  return /filename="([^"]*)"/.exec(header)?.[1] ?? '';
}

describe('contentDisposition', () => {
  it('keeps a plain ASCII name as it is, with no extended parameter', () => {
    expect(contentDisposition('attachment', 'cong-van-45.pdf')).toBe('attachment; filename="cong-van-45.pdf"');
    expect(contentDisposition('inline', 'bien-nhan.pdf')).toBe('inline; filename="bien-nhan.pdf"');
  });

  it('gives old clients an ASCII name without marks and new ones the exact name, RFC 5987-encoded', () => {
    const name = 'Công văn số 12 (bản gốc)*! Đề án.pdf';
    const header = contentDisposition('attachment', name);
    expect(header).toBe(
      `attachment; filename="Cong van so 12 (ban goc)*! De an.pdf"; filename*=UTF-8''C%C3%B4ng%20v%C4%83n%20s%E1%BB%91%2012%20%28b%E1%BA%A3n%20g%E1%BB%91c%29%2A!%20%C4%90%E1%BB%81%20%C3%A1n.pdf`,
    );
    expect(savedName(header)).toBe(name);
    // A decomposed (NFD) name is saved composed.
    expect(savedName(contentDisposition('attachment', name.normalize('NFD')))).toBe(name);
  });

  it('holds only printable ASCII whatever the name, so setHeader never throws', () => {
    const names = ['a\r\nSet-Cookie: x=1.pdf', 'quote"back\\slash.pdf', '../../etc/passwd', '\u2028line\u0085.pdf', 'lone \ud800 surrogate.pdf', '%22.pdf', "it's.pdf", '漢字.pdf'];
    for (const name of names) {
      const header = contentDisposition('attachment', name);
      expect(header, JSON.stringify(name)).toMatch(/^[\x20-\x7e]+$/);
      expect(/filename="([^"]*)"/.exec(header)?.[1], JSON.stringify(name)).not.toMatch(/["\\%]/);
      expect(savedName(header), JSON.stringify(name)).not.toMatch(/[\r\n/\\]/);
    }
    expect(savedName(contentDisposition('attachment', '../../etc/passwd'))).toBe('_.._etc_passwd');
  });

  it('bounds the name and falls back when nothing is left', () => {
    expect(savedName(contentDisposition('attachment', `${'ả'.repeat(500)}.pdf`)).length).toBeLessThanOrEqual(180);
    expect(contentDisposition('attachment', ' \r\n ', 'attachment-1')).toBe('attachment; filename="attachment-1"');
  });
});
