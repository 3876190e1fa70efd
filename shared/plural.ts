/**
 * "1 invocation", "2 invocations": the run's and the CLI's output are read by people new to the
 * relay, and "1 missing documents" reads as a bug. Irregular words pass their plural form.
 * Shared by local/ and cli/, so it lives in neither.
 */
export const plural = (count: number, singular: string, pluralForm = `${singular}s`): string =>
  `${count} ${count === 1 ? singular : pluralForm}`;
