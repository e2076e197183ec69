CREATE TABLE `saved_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`shortcut` text NOT NULL,
	`title` text NOT NULL,
	`text` text NOT NULL,
	`team_id` text,
	`scope` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `saved_replies_scope_shortcut_idx` ON `saved_replies` (`scope`,`shortcut`);--> statement-breakpoint
CREATE INDEX `saved_replies_team_idx` ON `saved_replies` (`team_id`);