// The customers feature's public entry: what other features and the composition root use of it.
export { ContactRepository, SESSIONS_SHOWN } from "./contact-repository";
export { contactRoutes } from "./contact-routes";
export { ContactService } from "./contact-service";
export { CustomerDataRepository } from "./customer-data-repository";
export { CustomerDataService } from "./customer-data-service";
export { IdentityVerifier, SiteUserId, signIdentity } from "./identity";
export { identityRoutes } from "./identity-routes";
export { IdentityService } from "./identity-service";
export { customerRoutes } from "./routes";
