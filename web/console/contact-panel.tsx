import { useEffect, useRef, useState } from "hono/jsx/dom";
import type { RestClient } from "../../src/client/rest";
import {
  type Contact,
  type ContactRead,
  type EditableField,
  readContact,
  saveField,
} from "./contact";
import { ContactField } from "./contact-field";
import { CustomerConversations, type OpenConversation } from "./customer-conversations";
import { sinceText } from "./hooks";

interface Props {
  api: RestClient;
  /** The session's customer, as agents see it (null: a session without one). */
  customerId: string | null;
  /** The open conversation: marked in the list, and read again when its status changes. */
  sessionId: string;
  sessionStatus: string;
  /** The name the conversation calls the customer: the panel reads them again when it changes. */
  customerName: string | null;
  /** The open conversation as its transcript has it now (new messages, status). */
  conversation: OpenConversation;
  now: number;
  /** Below desktop widths the panel lies over the conversation, opened by "Customer". */
  open: boolean;
  onClose: () => void;
  onOpen: (sessionId: string) => void;
  /** The customer was named here: their conversations are called by the new name. */
  onRenamed: () => void;
  /** What the panel shows of this conversation, above the customer. */
  children?: unknown;
}

/**
 * The customer beside the conversation: who they are (verified or not), their attributes by label,
 * and the conversations of theirs the agent may see. Every piece of their text is isolated (<bdi>)
 * and set as text, never HTML.
 */
export function ContactPanel(props: Props) {
  const { api, customerId, now } = props;
  const [read, setRead] = useState<ContactRead>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  const close = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!customerId) return setRead({ kind: "none" });
    let current = true;
    // What is shown stays while it is read again (a status change); a retry shows it is trying.
    setRead((shown) => (shown.kind === "shown" ? shown : { kind: "loading" }));
    void readContact(api, customerId).then((next) => current && setRead(next));
    return () => {
      current = false;
    };
  }, [customerId, props.sessionStatus, props.customerName, attempt]);

  // Opened over the conversation, the panel takes the focus (Escape or Close gives it back).
  useEffect(() => {
    if (props.open) close.current?.focus();
  }, [props.open]);

  const save = async (field: EditableField, value: string) => {
    if (!customerId || read.kind !== "shown") return null;
    const saved = await saveField(api, customerId, field, value);
    if ("problem" in saved) return saved.problem;
    setRead({ ...read, detail: { ...read.detail, contact: saved.contact } });
    if (field === "name" && saved.contact.name !== read.detail.contact.name) props.onRenamed();
    return null;
  };

  return (
    <aside
      id="contact-panel"
      class={props.open ? "contact open" : "contact"}
      aria-label="Customer details"
      onKeyDown={(e: KeyboardEvent) => e.key === "Escape" && props.open && props.onClose()}
    >
      <div class="contact-top">
        <h2>Customer</h2>
        <button type="button" class="secondary close" ref={close} onClick={props.onClose}>
          Close
        </button>
      </div>
      {props.children}
      {read.kind === "loading" && <p role="status">Reading the customer's details…</p>}
      {read.kind === "none" && <p class="muted">No customer details.</p>}
      {read.kind === "failed" && (
        <p class="problem" role="alert">
          The customer's details could not be read. {read.reason}{" "}
          <button type="button" class="secondary" onClick={() => setAttempt(attempt + 1)}>
            Retry
          </button>
        </p>
      )}
      {read.kind === "shown" && (
        <Profile contact={read.detail.contact} labels={read.labels} now={now} onSave={save} />
      )}
      {customerId && (
        <CustomerConversations
          api={api}
          customerId={customerId}
          current={props.sessionId}
          currentStatus={props.sessionStatus}
          conversation={props.conversation}
          now={now}
          onOpen={props.onOpen}
        />
      )}
    </aside>
  );
}

function Profile({
  contact,
  labels,
  now,
  onSave,
}: {
  contact: Contact;
  labels: Record<string, string>;
  now: number;
  onSave: (field: EditableField, value: string) => Promise<string | null>;
}) {
  const attributes = Object.entries(contact.attributes).sort(([a], [b]) =>
    (labels[a] ?? a).localeCompare(labels[b] ?? b),
  );
  return (
    <section class="profile" aria-label="Profile">
      <ContactField
        label="Name"
        type="text"
        maxLength={100}
        value={contact.name}
        onSave={(value) => onSave("name", value)}
      >
        <p class="name">
          {contact.name ? (
            <bdi>{contact.name}</bdi>
          ) : (
            <span class="muted">{contact.verified ? "No name given" : "Anonymous customer"}</span>
          )}{" "}
          {contact.verified && (
            <span class="verified" title="The site signed this customer's identity">
              ✓ verified by the site
            </span>
          )}
        </p>
      </ContactField>
      <dl>
        <dt>Email</dt>
        <dd>
          <ContactField
            label="Email"
            type="email"
            maxLength={254}
            value={contact.email}
            onSave={(value) => onSave("email", value)}
          >
            {contact.email ? <bdi>{contact.email}</bdi> : <span class="muted">none</span>}
          </ContactField>
        </dd>
        <dt>Language</dt>
        <dd>{contact.locale ? <bdi>{contact.locale}</bdi> : <span class="muted">unknown</span>}</dd>
        <dt>First seen</dt>
        <dd title={new Date(contact.first_seen).toLocaleString()}>
          {sinceText(contact.first_seen, now)} ago
        </dd>
        <dt>Last seen</dt>
        <dd title={new Date(contact.last_seen).toLocaleString()}>
          {sinceText(contact.last_seen, now)} ago
        </dd>
        {attributes.map(([key, value]) => (
          <>
            <dt>
              <bdi>{labels[key] ?? key}</bdi>
            </dt>
            <dd>
              <bdi>{typeof value === "boolean" ? (value ? "yes" : "no") : String(value)}</bdi>
            </dd>
          </>
        ))}
      </dl>
    </section>
  );
}
