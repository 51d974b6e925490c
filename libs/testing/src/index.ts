export { createTestRun, type TestRun } from './test-run.js';
export { startServiceProcess, waitForHttp, eventually, freePort, serviceEntryPoints, type ServiceProcess, type ServiceEntry } from './service-process.js';
export { repoRoot } from './repo-root.js';
