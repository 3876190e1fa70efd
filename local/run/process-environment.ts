/** Variables that would make the SDK mix real AWS settings into a local run. */
const SHADOWING = ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_DEFAULT_REGION'] as const;

/**
 * Sets the handler's Lambda environment in this process (the handler reads it at cold start, so
 * this happens before the handler module is imported). Returns a function that puts back exactly
 * what was there before.
 */
export const applyEnvironment = (values: Record<string, string>): (() => void) => {
  const names = [...new Set([...Object.keys(values), ...SHADOWING])];
  const before = new Map(names.map((name) => [name, process.env[name]]));
  for (const name of SHADOWING) delete process.env[name];
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of before) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
};
