const browsers: [RegExp, string][] = [
  [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/FxiOS\/(\d+)/, 'Firefox'],
  [/CriOS\/(\d+)/, 'Chrome'],
  [/Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
];

const systems: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/**
 * "Chrome 131 on macOS" from a user-agent string, for the security log (sessions come with the
 * API's own parse). Unknown agents are shown as they are, shortened — a person can still read
 * "curl/8.5" — and an empty one as "Unknown device".
 *
 * @example
 * describeUserAgent('Mozilla/5.0 (Windows NT 10.0) … Firefox/128.0') // 'Firefox 128 on Windows'
 */
export function describeUserAgent(userAgent: string): string {
  if (!userAgent.trim()) return 'Unknown device';
  let browser = '';
  for (const [pattern, name] of browsers) {
    const match = pattern.exec(userAgent);
    if (match) {
      browser = `${name} ${match[1] ?? ''}`.trim();
      break;
    }
  }
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1] ?? '';
  if (browser && system) return `${browser} on ${system}`;
  if (browser || system) return browser || system;
  return userAgent.length > 40 ? `${userAgent.slice(0, 40)}…` : userAgent;
}
