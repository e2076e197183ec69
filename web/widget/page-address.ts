/** The longest page address the widget sends: well under the service's 2,000 characters. */
const MAX_LENGTH = 500;

/**
 * What the page_url routing rules need of the host page's address: its origin and path, capped.
 * Never the query or the fragment (they carry personal data and tokens), nor any credentials.
 */
export function pageAddress(href: string | null): string | null {
  try {
    const url = new URL(href ?? "");
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    // Cut where no percent-escape is left half-way.
    return `${url.origin}${url.pathname}`.slice(0, MAX_LENGTH).replace(/%[\da-f]?$/i, "");
  } catch {
    return null;
  }
}
