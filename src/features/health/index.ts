// The health feature's public entry: what other features and the composition root use of it.
export { healthRoutes } from "./routes";
