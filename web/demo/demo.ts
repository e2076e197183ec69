// The pretend shop's own sign-in (development only). A real shop's server signs its signed-in user's
// identity with its secret; here POST /sign-in/dev-identity plays that server. The widget is told
// who the user is with SupportChat.identify (null when they sign out).

const USER_KEY = "acme-demo-user";
const DEMO_USER = { user_id: "demo-grace", name: "Grace", email: "grace@example.com" };
const account = document.getElementById("account") as HTMLButtonElement | null;

const signedIn = () => localStorage.getItem(USER_KEY) === DEMO_USER.user_id;

function tellWidget(token: string | null) {
  const tell = () => window.SupportChat?.identify(token);
  if (window.SupportChat) tell();
  else document.addEventListener("support-chat:ready", tell, { once: true });
}

async function identity(): Promise<string | null> {
  const response = await fetch("/sign-in/dev-identity", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(DEMO_USER),
  }).catch(() => null);
  if (!response?.ok) return null;
  return ((await response.json()) as { identity_token: string }).identity_token;
}

async function show() {
  if (!account) return;
  account.textContent = signedIn()
    ? `Sign out (${DEMO_USER.name})`
    : `Sign in as ${DEMO_USER.name}`;
  if (signedIn()) tellWidget(await identity());
}

account?.addEventListener("click", () => {
  if (signedIn()) {
    localStorage.removeItem(USER_KEY);
    tellWidget(null);
  } else {
    localStorage.setItem(USER_KEY, DEMO_USER.user_id);
  }
  void show();
});

// The sign-in exists only where the development sign-in is on.
void fetch("/sign-in/options")
  .then((r) => r.json() as Promise<{ dev: boolean }>)
  .then(({ dev }) => {
    if (!dev || !account) return;
    account.hidden = false;
    void show();
  })
  .catch(() => {});
