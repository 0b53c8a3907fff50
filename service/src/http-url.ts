/**
 * Whether `value` is an absolute URL with one of `schemes` (lower case, without the colon), with no white
 * space, that `URL` can parse.
 */
export function isUrlWithScheme(value: string, schemes: readonly string[]): boolean {
  const match = /^([a-z][a-z0-9+.-]*):\/\/\S+$/i.exec(value);
  if (match === null || !schemes.includes(match[1]!.toLowerCase())) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Whether `value` is an absolute http:// or https:// URL, with no white space, that `URL` can parse. */
export function isHttpUrl(value: string): boolean {
  return isUrlWithScheme(value, ["http", "https"]);
}
