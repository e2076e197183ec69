// The sign-in feature's public entry: what other features and the composition root use of it.
export { signInRoutes } from "./routes";
export { SignInService } from "./sign-in-service";
