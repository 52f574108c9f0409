import { escapeHtml } from './oidc-provider.factory';

// Server-rendered pages of the sandbox's Xero login: plain, labelled, keyboard-usable.
function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} | Xero sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
label{display:block;margin:.75rem 0 .25rem}input[type=email],input[type=password]{width:100%;padding:.5rem;font-size:1rem}
button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem}fieldset{border:1px solid #767676;padding:1rem}
.error{color:#a4000f}.note{color:#4a4a4a;font-size:.9rem}</style></head>
<body><main>${body}</main></body></html>`;
}

export function loginPage(uid: string, appName: string, error?: string, email = ''): string {
  return page(
    'Log in',
    `<h1>Log in to Xero (sandbox)</h1>
<p>${escapeHtml(appName)} wants to connect to your Xero organisations.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/identity/interaction/${escapeHtml(uid)}/login">
<label for="email">Email address</label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}">
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button></form>
<p class="note">Sandbox users sign in with the password the sandbox was configured with.</p>`,
  );
}

export function consentPage(
  uid: string,
  appName: string,
  scopes: string[],
  /** null: the request asks for identity scopes only, so no organisation is chosen or shared. */
  orgs: { id: string; name: string }[] | null,
  error?: string,
): string {
  const items = (orgs ?? [])
    .map(
      (o, i) =>
        `<div><input type="checkbox" id="org-${i}" name="tenantIds" value="${escapeHtml(o.id)}"${orgs?.length === 1 ? ' checked' : ''}><label for="org-${i}" style="display:inline">${escapeHtml(o.name)}</label></div>`,
    )
    .join('\n');
  return page(
    'Allow access',
    `<h1>${escapeHtml(appName)} wants access to your Xero data</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<p>Requested permissions:</p><ul>${scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
<form method="post" action="/identity/interaction/${escapeHtml(uid)}/consent">
${
  orgs
    ? `<fieldset><legend>Organisations to connect</legend>${items || '<p>You have no organisations.</p>'}</fieldset>`
    : '<p>Only your name and email address are shared: no organisation is connected.</p>'
}
<button type="submit" name="decision" value="allow">Allow access</button>
<button type="submit" name="decision" value="deny">Cancel</button></form>`,
  );
}

/** The app's Xero App Store listing: "Get this app" starts the app's sign-up ("Sign up with Xero"). */
export function appStoreListingPage(appName: string, signUpUrl: string | null): string {
  return page(
    `${appName} on the App Store`,
    `<h1>${escapeHtml(appName)}</h1>
<p>Listed on the Xero App Store (sandbox).</p>
${
  signUpUrl
    ? `<p><a href="${escapeHtml(signUpUrl)}">Get this app</a></p>`
    : '<p class="note">This app has no sign-up link yet.</p>'
}`,
  );
}
