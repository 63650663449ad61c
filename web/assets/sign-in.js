// @ts-check
/**
 * Sign-in. On AWS: Cognito's hosted sign-in (authorization code with PKCE); the ID token it returns
 * is what API Gateway's Cognito authorizer checks. Locally: the development sign-in of the local
 * runtime (`POST /auth/dev-login {"phone"}`), which no deployed stage has.
 */
import { config, el, renderBar, setToken, startPage, url } from './app.js';
import { t } from './i18n.js';

startPage();
const params = new URLSearchParams(location.search);
const PKCE = 'yingji.pkce';

/** Only a path on this site: never send someone elsewhere after signing in. */
function next() {
  const wanted = params.get('next') ?? sessionStorage.getItem('yingji.next') ?? '';
  return wanted.startsWith('/') && !wanted.startsWith('//') ? wanted : url('./');
}

async function main() {
  renderBar({ signedIn: false });
  const settings = await config();
  const render = () => (settings.signIn.kind === 'cognito' ? cognito(settings.signIn) : development(settings.smsSimulator));
  window.addEventListener('yingji:lang', () => render());
  await render();
}

async function development(/** @type {boolean} */ simulator) {
  /** @type {HTMLElement} */ (document.getElementById('dev-banner')).hidden = false;
  const root = /** @type {HTMLElement} */ (document.getElementById('sign-in'));
  const message = el('p', { class: 'field-error', id: 'phone-error', role: 'alert' });
  const form = el(
    'form',
    { id: 'dev-login' },
    el('label', { for: 'phone' }, t('sign.in.phone'), el('span', { class: 'hint', id: 'phone-hint' }, t('sign.in.phone.hint'))),
    el('input', { id: 'phone', name: 'phone', type: 'tel', autocomplete: 'tel', required: true, 'aria-describedby': 'phone-hint phone-error' }),
    message,
    el('p', {}, el('button', { type: 'submit', class: 'button wide' }, t('sign.in.button'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const phone = /** @type {HTMLInputElement} */ (form.querySelector('#phone')).value.trim();
    message.textContent = t('sign.in.working');
    const response = await fetch(url('auth/dev-login'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ phone }) });
    if (response.ok) {
      setToken((await response.json()).token);
      location.assign(next());
    } else {
      message.textContent = response.status === 404 ? t('sign.in.unknown') : t('error.generic');
      /** @type {HTMLInputElement} */ (form.querySelector('#phone')).focus();
    }
  });
  root.replaceChildren(form);

  // The people of the loaded plans, for a quick pick (the simulator's list, local only).
  const people = simulator
    ? await fetch(url('sms/phones')).then(
        (response) => (response.ok ? response.json() : []),
        () => [],
      )
    : [];
  if (people.length > 0) {
    const list = el('ul', { class: 'people' });
    for (const person of people) {
      const pick = el('button', { type: 'button', class: 'button secondary', 'data-phone': person.phone }, `${person.name} · ${person.phone}`);
      pick.addEventListener('click', () => {
        /** @type {HTMLInputElement} */ (form.querySelector('#phone')).value = person.phone;
        /** @type {HTMLFormElement} */ (form).requestSubmit();
      });
      list.append(el('li', {}, pick, ' ', el('span', { class: 'muted' }, person.groups.join(' '))));
    }
    root.append(el('details', { class: 'card' }, el('summary', {}, t('sign.in.people')), list));
  }
}

/** @param {{ domain: string, clientId: string }} pool */
async function cognito(pool) {
  const root = /** @type {HTMLElement} */ (document.getElementById('sign-in'));
  const redirect = url('sign-in');
  const code = params.get('code');
  const saved = JSON.parse(sessionStorage.getItem(PKCE) ?? 'null');
  if (code && saved && params.get('state') === saved.state) {
    sessionStorage.removeItem(PKCE);
    const response = await fetch(`https://${pool.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: pool.clientId, code, redirect_uri: redirect, code_verifier: saved.verifier }),
    });
    if (response.ok) {
      setToken((await response.json()).id_token);
      location.assign(next());
      return;
    }
    root.replaceChildren(el('p', { class: 'error-box', role: 'alert' }, t('error.generic')));
  }
  const button = el('button', { type: 'button', class: 'button wide' }, t('sign.in.cognito'));
  button.addEventListener('click', async () => {
    const verifier = random();
    const state = random();
    sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state }));
    sessionStorage.setItem('yingji.next', next());
    const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
    const authorize = new URL(`https://${pool.domain}/oauth2/authorize`);
    for (const [name, value] of Object.entries({
      response_type: 'code',
      client_id: pool.clientId,
      redirect_uri: redirect,
      scope: 'openid phone profile',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })) {
      authorize.searchParams.set(name, value);
    }
    location.assign(authorize.toString());
  });
  root.append(el('p', {}, button));
}

const random = () => base64url(crypto.getRandomValues(new Uint8Array(32)));
const base64url = (/** @type {Uint8Array} */ bytes) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

main();
