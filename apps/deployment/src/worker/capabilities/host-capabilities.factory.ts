import type { HostCapabilities } from '@appmanager/plugin-runtime';
import type { HttpCapability } from '@appmanager/plugin-sdk';

/**
 * The host powers a deployment worker can grant. The runtime exposes one to a call only
 * when the plugin's manifest declares it, and `http` only to the hosts in the manifest's
 * `http.allow` (the runtime's bridge checks every URL before this fetch runs).
 */
export function createHostCapabilities(extra: Partial<HostCapabilities> = {}): HostCapabilities {
  return { http: fetchCapability, ...extra };
}

const MAX_BODY = 1024 * 1024;

const fetchCapability: HttpCapability = {
  async fetch(url, init = {}) {
    const response = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, signal: AbortSignal.timeout(10_000), redirect: 'manual' });
    const body = (await response.text()).slice(0, MAX_BODY);
    return { status: response.status, headers: Object.fromEntries(response.headers.entries()), body };
  },
};
