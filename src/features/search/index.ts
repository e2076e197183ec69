// The search feature's public entry: what the composition root and the app use of it.
export { searchRoutes } from "./routes";
export { SearchRepository } from "./search-repository";
export { SearchService } from "./search-service";
