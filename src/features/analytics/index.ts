// The analytics feature's public entry: what other features and the composition root use of it.
export { AnalyticsRepository } from "./analytics-repository";
export { AnalyticsService } from "./analytics-service";
export { presentSummary } from "./present";
export { analyticsRoutes } from "./routes";
export { AnalyticsSummarySchema } from "./schemas";
