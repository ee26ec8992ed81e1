/**
 * API keys come from the config file or the environment (environment names listed per provider);
 * the error for a missing key names where to put it and never shows any part of other keys.
 */
export function resolveApiKey(
  provider: string,
  configured: string | undefined,
  environmentNames: readonly string[],
  environment: Readonly<Record<string, string | undefined>> = process.env,
): string {
  if (typeof configured === 'string' && configured.length > 0) return configured;
  for (const name of environmentNames) {
    const value = environment[name];
    if (typeof value === 'string' && value.trim().length > 0) return value.trim();
  }
  throw new Error(
    `${provider}: no API key; set ${environmentNames.join(' or ')} in the environment, or the key in the config file`,
  );
}
