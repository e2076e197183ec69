// The customers feature's public entry: what other features and the composition root use of it.
export { CustomerDataRepository } from "./customer-data-repository";
export { CustomerDataService } from "./customer-data-service";
export { customerRoutes } from "./routes";
