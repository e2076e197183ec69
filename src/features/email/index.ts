// The email feature's public entry: what other features and the composition root use of it.
export { InboundRepository } from "./inbound-repository";
export { type InboundEmail, InboundService } from "./inbound-service";
export { NotificationRepository } from "./notification-repository";
export { EmailNotifier } from "./notifier";
export { OpenLinks } from "./open-link";
export { RoomEmail } from "./room-email";
export { openLinkRoutes, sentEmailRoutes, unsubscribeRoutes } from "./routes";
export { emailInbound, emailNotifications } from "./tables";
