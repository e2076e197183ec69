// Where a webhook may point: https (http only in development), and never the service's own network:
// no loopback, private, link-local or otherwise reserved address, whether written in the URL or what
// its name resolves to (a name is resolved when the endpoint is saved, where a resolver is set).

/** Answers the addresses a host name resolves to (A and AAAA). */
export type HostResolver = (host: string) => Promise<string[]>;

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|lan|home\.arpa|intranet)$/i;

/** Why `url` may not receive webhooks; null when it may. */
export async function refusal(
  url: URL,
  { development, resolve }: { development: boolean; resolve?: HostResolver },
): Promise<string | null> {
  if (url.protocol !== "https:" && !(development && url.protocol === "http:")) {
    return development ? "must be http or https" : "must be https";
  }
  if (url.username || url.password) return "must not carry a user name or password";
  if (development) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIpAddress(host))
    return isPublicAddress(host) ? null : "must not be a private or local address";
  if (!host.includes(".") || LOCAL_NAMES.test(host)) return "must be a public host name";
  if (resolve) {
    let addresses: string[];
    try {
      addresses = await resolve(host);
    } catch {
      return "has a host name that could not be resolved";
    }
    if (!addresses.length) return "has a host name that does not resolve";
    if (addresses.some((address) => !isPublicAddress(address))) {
      return "has a host name that resolves to a private or local address";
    }
  }
  return null;
}

const isIpAddress = (host: string) => /^[\d.]+$/.test(host) || host.includes(":");

/** Whether an IPv4 or IPv6 address is a public unicast one. */
export function isPublicAddress(address: string): boolean {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (v4) return isPublicV4(v4.slice(1).map(Number));
  const v6 = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped) return isPublicAddress(mapped[1] as string);
  // The same, as a URL writes it: ::ffff:c0a8:101 is 192.168.1.1.
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
  if (hex) {
    const [high, low] = [
      Number.parseInt(hex[1] as string, 16),
      Number.parseInt(hex[2] as string, 16),
    ];
    return isPublicAddress(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  if (v6 === "::" || v6 === "::1") return false;
  const first = Number.parseInt(v6.split(":")[0] || "0", 16);
  // fc00::/7 unique local, fe80::/10 link-local, ff00::/8 multicast, 2001:db8::/32 documentation.
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00) {
    return false;
  }
  return !v6.startsWith("2001:db8:") && !v6.startsWith("64:ff9b:");
}

function isPublicV4([a = 0, b = 0, c = 0]: number[]): boolean {
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT
  if (a === 169 && b === 254) return false; // link-local (cloud metadata)
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false;
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if ((a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return false;
  return true;
}

/** Resolves through DNS over HTTPS (Cloudflare's resolver): what production uses. */
export const dohResolver: HostResolver = async (host) => {
  const lookups = await Promise.all(
    ["A", "AAAA"].map(async (type) => {
      const response = await fetch(
        `https://cloudflare-dns.com/dns-query?name=${encodeURIComponent(host)}&type=${type}`,
        { headers: { Accept: "application/dns-json" }, signal: AbortSignal.timeout(3000) },
      );
      if (!response.ok) throw new Error(`DNS ${response.status}`);
      const answer = (await response.json()) as { Answer?: { type: number; data: string }[] };
      return (answer.Answer ?? []).filter((r) => r.type === 1 || r.type === 28).map((r) => r.data);
    }),
  );
  return lookups.flat();
};
