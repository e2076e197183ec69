/** Counts one more action for `key`; false once the key is past its limit for the period. */
export interface RateLimiter {
  allow(key: string): Promise<boolean>;
}

/** A Workers Rate Limiting binding as the services' port. */
export function rateLimiter(binding: RateLimit): RateLimiter {
  return { allow: async (key) => (await binding.limit({ key })).success };
}
