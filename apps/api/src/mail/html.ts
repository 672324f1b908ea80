const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text → HTML text or attribute value. Names, user agents and locations in mail come from users. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char] ?? char);
}

/**
 * The one HTML layout of our mail: paragraphs and at most one button-style link, everything
 * escaped. Deliberately plain — no remote images or CSS files, which mail clients block anyway.
 */
export function mailHtml(input: { paragraphs: readonly string[]; link?: { href: string; label: string } }): string {
  const body = input.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`);
  if (input.link) {
    const href = escapeHtml(input.link.href);
    body.push(
      `<p><a href="${href}" style="display:inline-block;padding:10px 16px;background:#1f2937;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(input.link.label)}</a></p>`,
      `<p style="color:#6b7280;font-size:13px">Or paste this address into your browser: ${href}</p>`,
    );
  }
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111827">${body.join('')}</body></html>`;
}
