/**
 * Whether a plugin may reach `url`: http(s) only, and the host must match one of the
 * manifest's `http.allow` entries — exactly, or as a subdomain for `*.example.com`. An
 * entry with a port (`127.0.0.1:8080`, as the registry accepts) allows only that port;
 * without one, any port of that host.
 */
export function isUrlAllowed(url: string, allow: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const host = parsed.hostname.toLowerCase();
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  return allow.some((entry) => {
    const [pattern = '', wantedPort] = entry.toLowerCase().split(':');
    if (wantedPort !== undefined && wantedPort !== port) return false;
    return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern;
  });
}
