import { render, useEffect, useState } from "hono/jsx/dom";
import "chartist/dist/index.css";
import "./base.css";
import "../shared/files.css";
import "./desk.css";
import "./conversation.css";
import "./contact.css";
import "./supervisor.css";
import "./manage.css";
import "./webhooks.css";
import "./search.css";
import "./labels.css";
import "./replies.css";
import {
  type Credentials,
  credentialsOf,
  devSignIn,
  finishOidc,
  forgetCredentials,
  loadCredentials,
  type SignInOptions,
  saveCredentials,
  signInOptions,
  startOidc,
} from "./auth";
import { DeskView } from "./desk-view";

// The agent console: sign in, then the desk. Signs out when the token expires or is refused.

function App() {
  const [credentials, setCredentials] = useState<Credentials | null>(loadCredentials());
  const signOut = () => {
    forgetCredentials();
    setCredentials(null);
  };
  useEffect(() => {
    if (!credentials) return;
    const timer = setTimeout(signOut, Math.max(0, credentials.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [credentials]);
  const signIn = (signedIn: Credentials) => {
    saveCredentials(signedIn);
    setCredentials(signedIn);
  };
  return credentials ? (
    <DeskView token={credentials.token} onSignOut={signOut} />
  ) : (
    <SignIn onSignedIn={signIn} />
  );
}

const PRESETS = [
  { id: "alice", name: "Alice", role: "service_agent", label: "Alice, agent" },
  { id: "bob", name: "Bob", role: "service_agent", label: "Bob, agent" },
  { id: "sam", name: "Sam", role: "supervisor", label: "Sam, supervisor" },
  { id: "ada", name: "Ada", role: "admin", label: "Ada, admin" },
] as const;

function SignIn({ onSignedIn }: { onSignedIn: (credentials: Credentials) => void }) {
  const [options, setOptions] = useState<SignInOptions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pasted, setPasted] = useState("");

  useEffect(() => {
    signInOptions()
      .then(async (found) => {
        setOptions(found);
        const back = new URL(location.href);
        if (found.oidc && (back.searchParams.has("code") || back.searchParams.has("error"))) {
          // The code is for one use: off the address bar (and history) before it is traded.
          history.replaceState(null, "", location.pathname);
          onSignedIn(await finishOidc(found.oidc, back));
        }
      })
      .catch((e: Error) => {
        setOptions({ dev: false, oidc: null });
        setError(e.message);
      });
  }, []);

  const attempt = (work: () => Promise<void>) => {
    setError(null);
    work().catch((e: Error) => setError(e.message));
  };
  const usePasted = (event: Event) => {
    event.preventDefault();
    const credentials = credentialsOf(pasted.trim());
    if (credentials && credentials.expiresAt > Date.now()) onSignedIn(credentials);
    else setError("That is not a token that is still valid.");
  };

  return (
    <main class="sign-in">
      <h1>Support console</h1>
      {/* Nothing to press until the ways to sign in are known: a section appearing above a button
          would move it from under the pointer as it is pressed. */}
      {!options && <p role="status">Loading…</p>}
      {options?.oidc && (
        <section>
          <h2>Company sign-in</h2>
          <button
            type="button"
            onClick={() =>
              attempt(() => startOidc(options.oidc as NonNullable<SignInOptions["oidc"]>))
            }
          >
            Sign in with your company account
          </button>
        </section>
      )}
      {options?.dev && (
        <section>
          <h2>Development sign-in</h2>
          <p class="hint">On because this is `npm run dev`; never in production.</p>
          <div class="presets">
            {PRESETS.map((preset) => (
              <button
                type="button"
                onClick={() =>
                  attempt(async () =>
                    onSignedIn(await devSignIn(preset.id, preset.name, preset.role)),
                  )
                }
              >
                Sign in as {preset.label}
              </button>
            ))}
          </div>
        </section>
      )}
      {options && (
        <section>
          <h2>Use a token</h2>
          <form onSubmit={usePasted}>
            <label for="token">An agent token (for example from `npm run token`)</label>
            <textarea
              id="token"
              rows={3}
              value={pasted}
              onInput={(e: Event) => setPasted((e.target as HTMLTextAreaElement).value)}
            />
            <button type="submit">Sign in with this token</button>
          </form>
        </section>
      )}
      {error && (
        <p class="notice" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}

const root = document.getElementById("app");
if (root) render(<App />, root);
