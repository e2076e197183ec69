import { useEffect, useRef } from "hono/jsx/dom";
import type { ContactFormState } from "./chat-state";
import { MAX_MESSAGE } from "./composer";
import { t } from "./i18n";

export interface ContactValues {
  name: string;
  email: string;
  question: string;
}

const WORDS = {
  prechat: {
    title: t.prechatTitle,
    lead: t.prechatLead,
    name: t.prechatName,
    submit: t.prechatSubmit,
  },
  offline: { title: t.offlineTitle, lead: t.offlineLead, name: t.offlineName, submit: t.send },
};

/**
 * The pre-chat or offline form, in place of the empty conversation: labelled fields, each problem
 * in words under its field (what was typed stays), the first field with a problem focused.
 */
export function ContactForm({
  form,
  onSubmit,
}: {
  form: ContactFormState;
  onSubmit: (values: ContactValues) => void;
}) {
  const root = useRef<HTMLFormElement>(null);
  const words = WORDS[form.kind];
  const { errors } = form;
  // On first show only if the open widget has focus already: never pulled from the host page.
  useEffect(() => {
    if (document.hasFocus()) root.current?.querySelector<HTMLElement>("input")?.focus();
  }, []);
  useEffect(() => {
    const first = ["name", "email", "question"].find((field) => errors[field]);
    if (first) root.current?.querySelector<HTMLElement>(`#form-${first}`)?.focus();
  }, [errors]);
  const submit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? "");
    onSubmit({ name: value("name"), email: value("email"), question: value("question") });
  };
  const keys = (event: KeyboardEvent) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      root.current?.requestSubmit();
    }
  };
  const field = (name: string) => ({
    id: `form-${name}`,
    name,
    "aria-invalid": errors[name] ? "true" : undefined,
    "aria-describedby": errors[name] ? `form-${name}-error` : undefined,
  });
  const problem = (name: string) =>
    errors[name] && (
      <p class="field-error" id={`form-${name}-error`}>
        {errors[name]}
      </p>
    );
  return (
    <form class="contact-form" ref={root} onSubmit={submit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{words.title}</h2>
      <p class="lead">{words.lead}</p>
      <label for="form-name">{words.name}</label>
      <input {...field("name")} type="text" autocomplete="name" maxLength={100} />
      {problem("name")}
      <label for="form-email">{t.yourEmail}</label>
      <input {...field("email")} type="email" autocomplete="email" maxLength={254} />
      {problem("email")}
      <label for="form-question">{t.yourQuestion}</label>
      <textarea {...field("question")} rows={3} maxLength={MAX_MESSAGE} onKeyDown={keys} />
      {problem("question")}
      {errors.form && (
        <p class="field-error" role="alert">
          {errors.form}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={form.sending}>
          {form.sending ? t.starting : words.submit}
        </button>
      </div>
    </form>
  );
}
