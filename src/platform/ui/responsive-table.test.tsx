import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { QueueTabs } from './queue-tabs.tsx';
import { ResponsiveTable } from './responsive-table.tsx';

describe('ResponsiveTable', () => {
  it('is a real table whose every cell carries its column heading as a label', () => {
    const html = render(
      <ResponsiveTable head={['Mã', 'Thủ tục', { label: 'Số tiền', numeric: true }]} caption="Hồ sơ">
        {[1, 2].map((n) => (
          <tr key={n}>
            <th scope="row">{`H-${n}`}</th>
            <td>Khai sinh</td>
            <td class="strong">{n * 1000}</td>
          </tr>
        ))}
      </ResponsiveTable>,
    );
    expect(html).toContain('<table class="responsive-table"><caption>Hồ sơ</caption><thead><tr><th scope="col">Mã</th><th scope="col">Thủ tục</th><th scope="col" class="numeric">Số tiền</th></tr></thead>');
    expect(html).toContain('<tr><th scope="row" data-label="Mã">H-1</th><td data-label="Thủ tục">Khai sinh</td><td class="strong numeric" data-label="Số tiền">1000</td></tr>');
    expect(html.match(/data-label=/g)).toHaveLength(6);
  });

  it('drops left-out columns and follows conditional cells, fragments and spans', () => {
    const by: string = 'agency';
    const html = render(
      <ResponsiveTable head={['A', by === 'procedure' && 'B', 'C', 'D']} caption="x" captionHidden>
        <tr>
          <td>a</td>
          {by === 'procedure' ? <td>b</td> : null}
          <>
            <td colSpan={2}>c+d</td>
          </>
        </tr>
        <tr>
          <td>a</td>
          <td>c</td>
          <td>d</td>
        </tr>
      </ResponsiveTable>,
    );
    expect(html).toContain('<caption class="visually-hidden">x</caption>');
    expect(html).not.toContain('>B<');
    expect(html).toContain('<td colspan="2" data-label="C">c+d</td>');
    expect(html).toContain('<td data-label="A">a</td><td data-label="C">c</td><td data-label="D">d</td>');
  });

  it('escapes headings and labels', () => {
    const html = render(
      <ResponsiveTable head={['<b>"x"</b>']}>
        <tr>
          <td>1</td>
        </tr>
      </ResponsiveTable>,
    );
    expect(html).not.toContain('<b>');
    expect(html).toContain('data-label="&lt;b>&quot;x&quot;&lt;/b>"');
  });
});

describe('QueueTabs', () => {
  it('is a labelled navigation whose current queue says so', () => {
    const html = render(<QueueTabs label="Hàng đợi" tabs={[{ href: '/q?b=1', label: 'Mới', count: 3, current: true }, { href: '/q?b=2', label: 'Đã xong' }]} />);
    expect(html).toBe('<nav aria-label="Hàng đợi"><ul class="queue-tabs"><li><a href="/q?b=1" aria-current="page">Mới (3)</a></li><li><a href="/q?b=2">Đã xong</a></li></ul></nav>');
  });
});
