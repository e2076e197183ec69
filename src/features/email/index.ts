// The email feature's public entry: what other features and the composition root use of it.
export { NotificationRepository } from "./notification-repository";
export { EmailNotifier } from "./notifier";
export { RoomEmail } from "./room-email";
export { emailNotifications } from "./tables";
export { unsubscribeRoutes } from "./unsubscribe-routes";
