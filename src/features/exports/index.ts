// The exports feature's public entry: what the composition root and the app use of it.
export { csvCell } from "./csv";
export { ExportService } from "./export-service";
export { exportRoutes } from "./routes";
