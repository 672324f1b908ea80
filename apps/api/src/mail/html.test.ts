import { describe, expect, it } from 'vitest';
import { escapeHtml, mailHtml } from './html.ts';

describe('mail HTML', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes user-chosen text in paragraphs and links, so a name cannot inject markup', () => {
    const html = mailHtml({
      paragraphs: ['Hello <script>alert(1)</script>,'],
      link: { href: 'https://app.test/reset?token=a"b&c', label: 'Go' },
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(html).toContain('href="https://app.test/reset?token=a&quot;b&amp;c"');
  });
});
