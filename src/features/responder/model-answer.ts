import { z } from "zod";

/**
 * The one thing a model may say: answer the customer (from the articles it names), or hand them to
 * a person. Anything else, or anything that does not parse, is a failure and becomes a handoff.
 */
export const ModelAnswerSchema = z.object({
  action: z.enum(["answer", "handoff"]),
  reply: z.string().max(4_000).default(""),
  reason: z.string().max(500).default(""),
  sources: z.array(z.string()).max(10).default([]),
});

export type ModelAnswer = z.output<typeof ModelAnswerSchema>;

/**
 * The answer's JSON Schema, for models that can be held to one (response_format), derived from the
 * zod schema: every field present (as the parsed answer has them), nothing else.
 */
const { $schema: _, ...derived } = z.toJSONSchema(ModelAnswerSchema, {
  io: "output",
  target: "draft-7",
});
export const MODEL_ANSWER_JSON_SCHEMA = derived;

/** A model's raw answer (JSON text, possibly fenced, or a value) as a ModelAnswer; throws if not. */
export function parseModelAnswer(raw: unknown): ModelAnswer {
  const value =
    typeof raw === "string"
      ? JSON.parse(
          raw
            .trim()
            .replace(/^```(?:json)?\s*/i, "")
            .replace(/\s*```$/, ""),
        )
      : raw;
  return ModelAnswerSchema.parse(value);
}
