/** User names are case-insensitive: stored and compared in lower case. */
const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

export function normaliseUsername(name: string): string {
  return name.trim().toLowerCase();
}

/** Why `name` (already normalised) cannot be a user name, or null. */
export function usernameProblem(name: string): string | null {
  if (USERNAME_PATTERN.test(name)) return null;
  return `"${name}" is not a valid user name: use 1–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit`;
}
