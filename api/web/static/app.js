// Samverkan web interface: one page per role over the /api/v1 routes. No build step, no
// external network: Cytoscape.js is served from the npm install under /ui/vendor.

import { answerText, h } from "./pages/components.js";
import { registerPages } from "./pages/index.js";

// The navigation in order. Pages in their own modules (pages/) are filled in by
// pages/index.js's registerPages; their keys stand here only to keep their place.
const PAGES = {
  oversikt: null,
  risk: null,
  kontakt: null,
  guide: null,
  rekrytering: null,
  admin: null,
};

const $ = (sel) => document.querySelector(sel);
// The session lives in an HttpOnly cookie that scripts cannot read; the page holds only the
// session's CSRF token, which every state-changing request repeats.
const state = { csrf: null, user: null, loaded: {} };
const SAFE = ["GET", "HEAD", "OPTIONS"];

// --- helpers -------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.detail) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (state.csrf && !SAFE.includes((options.method || "GET").toUpperCase())) {
    headers["X-CSRF-Token"] = state.csrf;
  }
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    options = { ...options, body: JSON.stringify(options.json) };
  }
  const response = await fetch(path, { ...options, headers });
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    if (response.status === 401 && state.user) logout("Sessionen har gått ut; logga in igen.");
    throw new ApiError(response.status, typeof body === "object" ? body : { detail: body });
  }
  return body;
}

function message(error) {
  if (error instanceof ApiError) {
    return answerText(error.message, (error.body && error.body.problems) || []);
  }
  return String(error.message || error);
}

// fresh: read it again (a page that has just written to the section).
async function all(section, fresh = false) {
  if (fresh || !state.loaded[section]) {
    const rows = [];
    for (let offset = 0; ; offset += 500) {
      const page = await api(`/api/v1/${section}?limit=500&offset=${offset}`);
      rows.push(...page.items);
      if (rows.length >= page.total || page.items.length === 0) break;
    }
    state.loaded[section] = rows;
  }
  return state.loaded[section];
}

// --- session and navigation ------------------------------------------------------------

async function signInWithKey(key) {
  await api("/auth/key", { method: "POST", json: { key } });
  await enter();
}

// The signed-in person (from the session cookie): their pages, and who they are.
async function enter() {
  const me = await api("/api/v1/me");
  state.csrf = me.csrf_token || null;
  state.user = me;
  showNav();
  const first = Object.keys(PAGES).find((p) => allowed(p));
  const wanted = location.hash.slice(1);
  show(allowed(wanted) ? wanted : first);
}

async function signOut() {
  const answer = await api("/auth/logout", { method: "POST" }).catch(() => ({}));
  if (answer.redirect) location.assign(answer.redirect);  // sign out at the provider too
  else logout();
}

function logout(reason = "") {
  state.csrf = null;
  state.user = null;
  state.loaded = {};
  $("#nav").hidden = true;
  $("#logout").hidden = true;
  $("#who").textContent = "";
  $("#who").title = "";
  history.replaceState(null, "", "#");
  show("login");
  $("#login-error").textContent = reason;
}

function allowed(page) {
  return Boolean(state.user && PAGES[page] && PAGES[page].roles.includes(state.user.role));
}

function showNav() {
  const nav = $("#nav");
  nav.replaceChildren(...Object.entries(PAGES).filter(([p]) => allowed(p)).map(([p, def]) =>
    h("a", { href: `#${p}`, id: `nav-${p}`, text: def.label })));
  nav.hidden = false;
  $("#logout").hidden = false;
  $("#who").textContent = `${state.user.name} (${state.user.role_name})`;
  $("#who").title = $("#who").textContent;  // whole, where a long name is cut (style.css)
}

function show(page) {
  document.querySelectorAll(".page").forEach((s) => { s.hidden = s.id !== `page-${page}`; });
  document.querySelectorAll("#nav a").forEach((a) => {
    if (a.getAttribute("href") === `#${page}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
  const heading = document.querySelector(`#page-${page} h1`);
  if (heading) heading.focus();
  if (page !== "login") {
    if (location.hash !== `#${page}`) history.replaceState(null, "", `#${page}`);
    PAGES[page].open();
  }
}

window.addEventListener("hashchange", () => {
  const page = location.hash.slice(1);
  if (allowed(page)) show(page);
});

// Pages in modules of their own (pages/), given what they need from here.
// ctx.all(section) reads a whole section once per sign-in; the förbund the director chose
// is in the address (pages/scope-picker.js).
registerPages(PAGES, { api, message, all,
  authHeaders: () => (state.token ? { Authorization: `Bearer ${state.token}` } : {}) });

// --- start ----------------------------------------------------------------------------------

$("#login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("#login-error").textContent = "";
  try {
    await signInWithKey($("#token").value.trim());
    $("#token").value = "";
  } catch (error) {
    $("#login-error").textContent = error instanceof ApiError && error.status === 401
      ? "Fel nyckel." : message(error);
  }
});
$("#logout").addEventListener("click", () => signOut());
// Back where the sign-in began after the provider's round trip, which would otherwise drop
// the page (#risk) and the förbund (?scope=): the service takes only a path under /ui/.
$("#login-sso").addEventListener("click", (event) => {
  event.currentTarget.href = `/auth/login?next=${encodeURIComponent(
    location.pathname + location.search + location.hash)}`;
});

async function start() {
  show("login");
  const methods = await api("/auth/methods").catch(() => ({ key: true }));
  $("#login-oidc").hidden = !methods.oidc;
  $("#login-form").hidden = !methods.key;
  await enter().catch(() => {});  // not signed in: the sign-in page stays
}
start();

