CREATE TABLE `routing_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`team_id` text NOT NULL,
	`kind` text NOT NULL,
	`pattern` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `team_members` (
	`team_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`joined_at` text NOT NULL,
	PRIMARY KEY(`team_id`, `agent_id`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `team_members_agent_idx` ON `team_members` (`agent_id`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`routing` text DEFAULT 'manual' NOT NULL,
	`hours` text,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`service_levels` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `agents` ADD `chosen_status` text DEFAULT 'online' NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `connected` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `status_changed_at` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `last_assigned_at` text;--> statement-breakpoint
ALTER TABLE `agents` ADD `skills` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE INDEX `agents_availability_idx` ON `agents` (`connected`,`chosen_status`);--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `team_id` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `team_chosen` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `required_skill` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `due_at` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `due_kind` text;--> statement-breakpoint
ALTER TABLE `chat_sessions` ADD `sla_breached_at` text;--> statement-breakpoint
CREATE INDEX `chat_sessions_team_queue_idx` ON `chat_sessions` (`team_id`,`status`,`queued_at`);