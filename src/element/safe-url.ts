/** Only https: and http: URLs are rendered as links or frames (never javascript:, data:, …). */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\//i.test(value) && URL.canParse(value);
}
