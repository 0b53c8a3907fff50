/** Whether `value` is an absolute http:// or https:// URL, with no white space, that `URL` can parse. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\/\S+$/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
