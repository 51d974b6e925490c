/**
 * Variables a process inherits from the supervisor. Nothing else: the supervisor's own
 * environment carries infrastructure settings (NATS, MySQL, object-storage credentials)
 * that an application must never see, and a process should behave the same whichever
 * host or supervisor instance started it. See docs/adr/0004-process-supervisor.md.
 */
export const inheritedVariables = ['PATH', 'HOME', 'LANG'] as const;

export function childEnvironment(
  supervisorEnv: NodeJS.ProcessEnv,
  requested: Record<string, string> | undefined,
  port: number | null,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of inheritedVariables) {
    const value = supervisorEnv[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, requested ?? {});
  // The port the supervisor picked or was given wins: readiness probes dial exactly it.
  if (port !== null) env.PORT = String(port);
  return env;
}
