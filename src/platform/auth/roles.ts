/** The roles a token may carry. No imports: `npm run token` loads this file with plain Node. */
export const ROLES = ["customer", "service_agent", "supervisor", "admin"] as const;
export type Role = (typeof ROLES)[number];
