import { z } from "@hono/zod-openapi";
import { uuidParam } from "../../core/wire/params";
import { matching, text } from "../../core/wire/text";
import { timestamp } from "../../core/wire/time";
import type { Label, LabelRef } from "./label-repository";
import { PALETTE } from "./palette";

export const LabelInputSchema = z.object({
  name: text(40, { notBlank: true })
    .transform((name) => name.trim())
    .openapi({ example: "refund" }),
  colour: matching(/^#[0-9a-fA-F]{6}$/, "must be a colour as #rrggbb")
    .transform((colour) => colour.toLowerCase())
    .openapi({
      example: PALETTE[5],
      description: `#rrggbb; the console offers ${PALETTE.join(", ")}.`,
    }),
});

export const LabelRefSchema = z
  .object({ id: z.string(), name: z.string(), colour: z.string() })
  .openapi("LabelRef", { description: "A label on a session (desk data: never a customer's)." });

export const LabelSchema = LabelRefSchema.extend({
  created_at: timestamp,
  updated_at: timestamp,
}).openapi("Label");

export const LabelListSchema = z.object({ labels: z.array(LabelSchema) }).openapi("LabelList");

export const SessionLabelsSchema = z
  .object({ labels: z.array(LabelRefSchema) })
  .openapi("SessionLabels");

export const labelParams = z.object({
  label_id: uuidParam("label_id", "The label's id."),
});

export const presentLabelRef = (label: LabelRef) => ({
  id: label.id,
  name: label.name,
  colour: label.colour,
});

export const presentLabel = (label: Label) => ({
  ...presentLabelRef(label),
  created_at: label.createdAt,
  updated_at: label.updatedAt,
});
