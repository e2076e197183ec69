import { type AccessPolicy, type Actor, authorizeUser } from "../../core/access";
import type { AnalyticsRepository } from "./analytics-repository";

/** The team's figures, for supervisors and admins. */
export class AnalyticsService {
  constructor(
    private readonly analytics: AnalyticsRepository,
    private readonly settings: AccessPolicy,
  ) {}

  async summary(actor: Actor, from: string, to: string) {
    authorizeUser(actor, "analytics:read", this.settings);
    return this.analytics.summary(from, to);
  }
}
