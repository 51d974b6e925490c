// The npm registry reachable here does not serve msgpackr-extract's darwin/win32/linux-arm
// builds (404), so `npm install` leaves them out of package-lock.json and `npm ci` then
// refuses the lock as out of sync. They are optional and never installed on Linux x64:
// this records them in the lock as optional, platform-restricted entries so `npm ci`
// skips them. Run after any `npm install` that rewrites the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const platforms = { 'darwin-arm64': ['darwin', 'arm64'], 'darwin-x64': ['darwin', 'x64'], 'linux-arm': ['linux', 'arm'], 'win32-x64': ['win32', 'x64'] };
let added = 0;
for (const [suffix, [os, cpu]] of Object.entries(platforms)) {
  const key = `node_modules/@msgpackr-extract/msgpackr-extract-${suffix}`;
  const version = lock.packages['node_modules/msgpackr-extract']?.optionalDependencies?.[`@msgpackr-extract/msgpackr-extract-${suffix}`];
  if (!version || lock.packages[key]) continue;
  lock.packages[key] = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os] };
  added++;
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} optional lock entries`);
