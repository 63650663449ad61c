// @ts-check
/** What every console page shares: the API, the sign-in token, the top bar, DOM and time helpers. */
import { applyI18n, lang, setLang, t } from './i18n.js';

const TOKEN = 'yingji.token';

/**
 * @typedef {{ kind: 'development' } | { kind: 'cognito', domain: string, clientId: string }} SignIn
 * @typedef {{ place: number, description: number, reporterName: number, note: number, resolution: number }} FormLimits
 * @typedef {{ signIn: SignIn, pollSeconds: number, smsSimulator: boolean, limits: FormLimits }} ConsoleConfig
 */

/** @type {Promise<ConsoleConfig> | undefined} */
let configPromise;
/** @returns {Promise<ConsoleConfig>} */
export function config() {
  configPromise ??= fetch(url('console.json')).then((response) => response.json());
  return configPromise;
}

/** A path relative to the site's base (`/` locally and on a domain, `/v1/` on API Gateway's own address). */
export const url = (/** @type {string} */ path) => new URL(path, document.baseURI).toString();

export const token = () => localStorage.getItem(TOKEN);
export const setToken = (/** @type {string} */ value) => localStorage.setItem(TOKEN, value);

export async function signOut() {
  localStorage.removeItem(TOKEN);
  const settings = await config();
  if (settings.signIn.kind === 'cognito') {
    const logout = new URL(`https://${settings.signIn.domain}/logout`);
    logout.searchParams.set('client_id', settings.signIn.clientId);
    logout.searchParams.set('logout_uri', url('sign-in'));
    location.assign(logout.toString());
  } else {
    location.assign(url('sign-in'));
  }
}

/** Sends the browser to the sign-in page, to come back here after. */
export function goSignIn() {
  const here = location.pathname + location.search;
  location.assign(`${url('sign-in')}?next=${encodeURIComponent(here)}`);
}

/** The page needs someone signed in; false (and off to sign in) when nobody is. */
export function requireSignIn() {
  if (token()) return true;
  goSignIn();
  return false;
}

/**
 * Calls the API. A signed-in call that comes back 401 (no or expired sign-in) goes to sign in.
 * @param {string} path
 * @param {{ method?: string, body?: unknown, signedIn?: boolean, headers?: Record<string, string> }} [options]
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function api(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const signedIn = options.signedIn ?? true;
  // The raw ID token, the form API Gateway's Cognito authorizer documents (no "Bearer " prefix).
  const idToken = token();
  if (signedIn && idToken) headers.Authorization = idToken;
  const response = await fetch(url(path), { method: options.method ?? 'GET', headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (signedIn && response.status === 401) goSignIn();
  return { status: response.status, body };
}

/**
 * Builds an element: `el('a', { href: 'x', class: 'y' }, 'text', child)`.
 * @param {string} tag
 * @param {Record<string, string | number | boolean | undefined | null>} [attributes]
 * @param {...(Node | string | number | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(typeof child === 'number' ? String(child) : child);
  return element;
}

/** The top bar: the product, the pages, who is signed in, the language switch, sign-out. */
export async function renderBar(/** @type {{ active?: string, signedIn?: boolean, who?: string }} */ options = {}) {
  const bar = document.getElementById('bar');
  if (!bar) return;
  const settings = await config();
  bar.replaceChildren();
  bar.className = 'bar';
  bar.append(el('a', { class: 'brand', href: url('./') }, t('app.name')));
  if (options.signedIn !== false) {
    const links = [
      ['board', './', 'nav.board'],
      ['duty', 'duty', 'nav.duty'],
    ];
    links.push(
      ['cases', 'petition-cases', 'nav.cases'],
      ['screening', 'screening', 'nav.screening'],
      ['duty-record', 'duty-record', 'nav.duty-record'],
      ['ledger', 'accountability-ledger', 'nav.ledger'],
    );
    if (settings.smsSimulator) links.push(['sms', 'sms', 'nav.sms']);
    bar.append(
      el(
        'nav',
        { 'aria-label': t('app.name') },
        ...links.map(([id, href, key]) =>
          el('a', { href: url(/** @type {string} */ (href)), 'aria-current': options.active === id ? 'page' : undefined }, t(/** @type {string} */ (key))),
        ),
      ),
    );
  }
  if (options.who) bar.append(el('span', { class: 'who' }, options.who));
  const switcher = el('button', { type: 'button', lang: lang() === 'en' ? 'zh-CN' : 'en', id: 'lang-switch' }, t('lang.switch'));
  switcher.addEventListener('click', () => {
    setLang(lang() === 'en' ? 'zh-CN' : 'en');
    renderBar(options);
  });
  bar.append(switcher);
  if (options.signedIn !== false && token()) {
    const out = el('button', { type: 'button', id: 'sign-out' }, t('sign.out'));
    out.addEventListener('click', () => signOut());
    bar.append(out);
  }
}

/** Starts a page: language, translated static text. */
export function startPage() {
  applyI18n(document);
}

/**
 * HH:mm (with the date when asked) in a time zone; the browser's own zone when none is given.
 * @param {string} iso
 * @param {string | null} [timeZone]
 * @param {boolean} [withDate]
 */
export function clockTime(iso, timeZone, withDate = false) {
  const options = /** @type {Intl.DateTimeFormatOptions} */ ({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: timeZone ?? undefined });
  if (withDate) Object.assign(options, { month: '2-digit', day: '2-digit' });
  return new Intl.DateTimeFormat(lang() === 'en' ? 'en-GB' : 'zh-CN', options).format(new Date(iso));
}

/** 1:05:09 or 12:04 (hours:minutes:seconds or minutes:seconds). */
export function span(/** @type {number} */ ms) {
  const total = Math.max(0, Math.round(Math.abs(ms) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/**
 * The server's clock as seen from the browser. The local runtime can run time faster than the wall
 * clock (`YINGJI_SPEED`); the rate is measured from successive answers, so countdowns tick at the
 * server's pace on any stage without the API saying how fast time runs.
 */
export class ServerClock {
  constructor() {
    /** @type {{ server: number, local: number } | undefined} */
    this.last = undefined;
    this.rate = 1;
  }

  observe(/** @type {string} */ serverNow) {
    const sample = { server: Date.parse(serverNow), local: performance.now() };
    if (this.last && sample.local - this.last.local > 200) {
      const measured = (sample.server - this.last.server) / (sample.local - this.last.local);
      if (Number.isFinite(measured) && measured > 0) this.rate = Math.abs(measured - 1) < 0.05 ? 1 : measured;
    }
    this.last = sample;
  }

  now() {
    if (!this.last) return Date.now();
    return this.last.server + (performance.now() - this.last.local) * this.rate;
  }
}

/** Countdown text and whether it is overdue, for a deadline. */
export function countdown(/** @type {string} */ at, /** @type {number} */ now) {
  const left = Date.parse(at) - now;
  return left >= 0 ? { text: t('deadline.in', { time: span(left) }), overdue: false } : { text: t('deadline.overdue', { time: span(-left) }), overdue: true };
}

/** Moves every countdown on the page (`data-deadline`) on by the server's clock. */
export function tickCountdowns(/** @type {ServerClock} */ clock) {
  const now = clock.now();
  for (const element of document.querySelectorAll('[data-deadline]')) {
    const { text, overdue } = countdown(/** @type {HTMLElement} */ (element).dataset.deadline ?? '', now);
    element.textContent = text;
    element.classList.toggle('overdue', overdue);
  }
}

/**
 * A signed-in page drawn from what it loads (cases, screening, the ledger, the duty record, a
 * written report): off to sign in when nobody is signed in; else the bar with the caller's name and
 * a redraw when the language changes. Who the caller is (GET /me), or undefined when the page
 * should stop.
 * @param {{ active?: string, redraw: () => void }} page
 * @returns {Promise<any>}
 */
export async function startSignedInPage(page) {
  if (!requireSignIn()) return undefined;
  const me = await api('me');
  if (me.status !== 200) return undefined;
  renderBar({ active: page.active, who: me.body.name });
  window.addEventListener('yingji:lang', page.redraw);
  return me.body;
}

/**
 * A signed-in page that keeps itself up to date (the board, an incident): the bar with the
 * caller's name, a refresh every `pollSeconds`, the countdowns every second, a redraw when the
 * language changes.
 */
export async function startLivePage(/** @type {{ clock: ServerClock, refresh: () => Promise<void>, redraw: () => void }} */ page) {
  if (!requireSignIn()) return;
  const settings = await config();
  // Only who the caller is (no schools: a bureau's desk sees thousands), and not before the first refresh.
  void renderBar({ active: 'board' });
  void api('me?schools=0').then((me) => {
    if (me.status === 200) void renderBar({ active: 'board', who: me.body.name });
  });
  window.addEventListener('yingji:lang', page.redraw);
  await page.refresh();
  setInterval(page.refresh, Math.max(1, settings.pollSeconds) * 1000);
  setInterval(() => tickCountdowns(page.clock), 1000);
}

/**
 * An incident's next deadline as the board and the incident page show it: what is due, at what
 * time in the school's zone, and a countdown that tickCountdowns moves; "none" when nothing is due.
 * @param {{ nextDeadline?: { kind: string, level?: number, at: string } | null, superior?: string, timeZone?: string | null }} incident
 */
export function nextDeadline(incident) {
  const next = incident.nextDeadline;
  if (!next) return t('field.none');
  return el('span', {}, `${deadlineLabel(next, incident.superior)} ${clockTime(next.at, incident.timeZone)} · `, el('span', { class: 'countdown', 'data-deadline': next.at }));
}

/** What a next-deadline says: "level 2 to acknowledge" or "report to 银海区教育局". */
function deadlineLabel(/** @type {{ kind: string, level?: number }} */ deadline, superior = '') {
  return deadline.kind === 'report' ? t('deadline.report', { superior: superior || t('lane.superior') }) : t('deadline.acknowledgement', { level: deadline.level ?? '' });
}
