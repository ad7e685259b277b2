// Samverkan web interface: one page per role over the /api/v1 routes. No build step, no
// external network: Cytoscape.js is served from the npm install under /ui/vendor.

import { registerPages } from "./pages/index.js";

const PAGES = {
  oversikt: { label: "Översikt", roles: ["director"], open: openOverview },
  risk: { label: "Nyckelpersonsrisk", roles: ["director"], open: openRisk },
};
// Twenty distinguishable colours: a förbund has a dozen or more parties.
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
  "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#8c6d31",
  "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363"];

const $ = (sel) => document.querySelector(sel);
// The session lives in an HttpOnly cookie that scripts cannot read; the page holds only the
// session's CSRF token, which every state-changing request repeats.
const state = { csrf: null, user: null, loaded: {} };
const SAFE = ["GET", "HEAD", "OPTIONS"];

// --- helpers -------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

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
    const problems = (error.body && error.body.problems) || [];
    const extra = problems.map((p) => `${p.path}: ${p.message}`);
    return [error.message, ...extra].join(" · ");
  }
  return String(error.message || error);
}

function status(id, text, isError = false) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle("error", isError);
}

// Runs one user action: "Hämtar …" while it works, then what it returns, or the error.
async function guarded(statusId, work) {
  try {
    status(statusId, "Hämtar …");
    status(statusId, (await work()) || "");
  } catch (error) {
    status(statusId, message(error), true);
  }
}

function options(select, rows, { empty = null, value = (r) => r.id, label = (r) => r.name } = {}) {
  select.replaceChildren();
  if (empty !== null) select.append(el("option", { value: "", text: empty }));
  for (const row of rows) select.append(el("option", { value: value(row), text: label(row) }));
}

async function all(section) {
  if (!state.loaded[section]) {
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

function partyColours(parties) {
  const colours = {};
  parties.forEach((p, i) => { colours[p.id] = PALETTE[i % PALETTE.length]; });
  return colours;
}

function orgName(id) {
  const org = (state.loaded.organisations || []).find((o) => o.id === id);
  return org ? org.name : id;
}

const SEATS = { chair: "ordförande", member: "ledamot", deputy: "ersättare" };

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
    el("a", { href: `#${p}`, id: `nav-${p}`, text: def.label })));
  nav.hidden = false;
  $("#logout").hidden = false;
  $("#who").textContent = `${state.user.name} (${state.user.role})`;
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

// --- the map ---------------------------------------------------------------------------

function drawGraph(container, view, { onSelect = null, gone = new Set(), layout = "cose" } = {}) {
  if (!window.cytoscape) {
    container.replaceChildren(el("p", { class: "error",
      text: "Kartan kan inte visas: Cytoscape.js saknas (kör installationen igen)." }));
    return null;
  }
  const colours = partyColours(view.parties || []);
  const aggregated = view.mode === "organisations";
  // Aggregated, each organisation is one node sized by head count and coloured by party;
  // party compounds were tried and rejected: AF and FK units sit in several förbund, so a
  // party's box spans the whole drawing.
  const elements = [
    ...view.nodes.map((n) => ({ data: {
      id: String(n.id),
      label: aggregated ? `${n.name} (${n.people})` : n.name,
      colour: colours[n.party] || "#777",
      size: aggregated ? 20 + 6 * Math.sqrt(n.people) : 18,
    }, classes: [n.spanner ? "spanner" : "", n.key_person ? "key" : "",
      gone.has(String(n.id)) ? "gone" : "", n.path ? "path" : ""].join(" ") })),
    ...view.edges.map((e) => ({ data: {
      id: `${e.source}--${e.target}`, source: String(e.source), target: String(e.target),
      width: Math.min(8, 1 + (aggregated ? Math.log2(1 + e.links) : e.weight)),
      label: e.label || "",
    }, classes: (gone.has(String(e.source)) || gone.has(String(e.target))) ? "gone" : "" })),
  ];
  const cy = window.cytoscape({
    container, elements, wheelSensitivity: 0.3,
    layout: typeof layout === "object" ? { animate: false, ...layout }
      : aggregated
        // Organisations on a circle, grouped by party: readable at any head count.
        ? { name: "circle", animate: false, spacingFactor: 0.9,
          sort: (a, b) => a.data("colour").localeCompare(b.data("colour")) }
        : { name: layout, animate: false, randomize: false, nodeRepulsion: 9000,
          idealEdgeLength: 60 },
    style: [
      { selector: "node", style: { "background-color": "data(colour)", label: "data(label)",
        width: "data(size)", height: "data(size)", "font-size": 9, color: "#222",
        "text-valign": "bottom", "text-margin-y": 3, "min-zoomed-font-size": 7 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#b8c0c8",
        "curve-style": "haystack", opacity: 0.7 } },
      { selector: "edge[label != '']", style: { label: "data(label)", "font-size": 8,
        "curve-style": "bezier", "text-rotation": "autorotate", color: "#333" } },
      { selector: ".spanner", style: { "border-width": 4, "border-color": "#111" } },
      { selector: ".key", style: { shape: "diamond", "border-width": 3,
        "border-color": "#c0392b" } },
      { selector: ".path", style: { "border-width": 3, "border-color": "#111" } },
      { selector: ".gone", style: { opacity: 0.15 } },
      { selector: "node:selected", style: { "overlay-opacity": 0.25,
        "overlay-color": "#1f6fb2" } },
    ],
  });
  if (onSelect) cy.on("tap", "node", (event) => onSelect(event.target.id()));
  return cy;
}

function legend(node, view) {
  const colours = partyColours(view.parties || []);
  node.replaceChildren(...[
    ...view.parties.map((p) => el("span", { class: "chip" },
      el("span", { class: "dot", style: `background:${colours[p.id]}` }), p.name)),
    view.mode === "people" ? el("span", { class: "chip" }, "◼ tjock kant = gränsöverskridare") : null,
    view.mode === "people" ? el("span", { class: "chip" }, "◆ röd kant = nyckelperson") : null,
    view.mode === "organisations"
      ? el("span", { class: "chip" }, "Stort nätverk: organisationer som kluster") : null,
  ].filter(Boolean));
}

async function openOverview() {
  if (!state.loaded.overviewFilters) {
    const [orgs, groups, initiatives] = await Promise.all(
      [all("organisations"), all("groups"), all("initiatives")]);
    options($("#f-org"), orgs, { empty: "Alla" });
    options($("#f-group"), groups, { empty: "Alla" });
    options($("#f-initiative"), initiatives, { empty: "Alla" });
    state.loaded.overviewFilters = true;
  }
  await loadMap();
}

async function loadMap() {
  await guarded("#map-status", async () => {
    const params = new URLSearchParams();
    for (const [key, id] of [["organisation", "#f-org"], ["group", "#f-group"],
      ["initiative", "#f-initiative"], ["as_of", "#f-asof"]]) {
      if ($(id).value) params.set(key, $(id).value);
    }
    const view = await api(`/api/v1/map?${params}`);
    state.map = view;
    drawGraph($("#map"), view, { onSelect: view.mode === "people" ? showCard : null });
    legend($("#legend"), view);
    const people = view.mode === "people" ? view.nodes : [];
    options($("#card-person"), people, { empty: "Välj person" });
    $("#card").hidden = view.mode !== "people";
    return view.mode === "people"
      ? `${view.nodes.length} personer, ${view.edges.length} relationer per ${view.as_of}.`
      : `${view.nodes.length} organisationer per ${view.as_of} (för många personer för att rita var för sig).`;
  });
}

$("#map-filters").addEventListener("submit", (event) => { event.preventDefault(); loadMap(); });
$("#card-person").addEventListener("change", (event) => {
  if (event.target.value) showCard(event.target.value);
});

async function showCard(id) {
  const body = $("#card-body");
  body.replaceChildren(el("p", { class: "muted", text: "Hämtar …" }));
  try {
    const asOf = $("#f-asof").value;
    const card = await api(`/api/v1/people/${encodeURIComponent(id)}/card${asOf ? `?as_of=${asOf}` : ""}`);
    $("#card-person").value = id;
    const list = (title, items) => items.length
      ? [el("h3", { text: title }), el("ul", {}, items.map((i) => el("li", {}, i)))] : [];
    body.replaceChildren(
      el("h2", { id: "card-name", text: card.name }),
      el("p", { text: [card.title, card.organisation_name].filter(Boolean).join(", ") }),
      card.spanner && card.spanner.explanation
        ? el("p", { class: "fact" }, el("strong", { text: "Gränsöverskridare: " }), card.spanner.explanation) : null,
      card.risk && card.risk.explanation
        ? el("p", { class: "fact risk" }, el("strong", { text: "Risk: " }), card.risk.explanation) : null,
      ...list("Roller", [...card.roles, ...card.deputy_for.map((r) => `ersättare: ${r}`)]),
      ...list("Grupper", card.groups.map((g) => `${g.name} (${SEATS[g.seat] || g.seat})`)),
      ...list("Insatser", card.initiatives.map((i) => i.name)),
      ...list("Relationer", card.ties.slice(0, 12).map((t) => [t.name, t.organisation_name,
        t.kinds.length ? t.kinds.join(", ") : null, t.shared.length ? t.shared.join(", ") : null]
        .filter(Boolean).join(" · "))),
    );
  } catch (error) {
    body.replaceChildren(el("p", { class: "error", text: message(error) }));
  }
}

// --- key-person risk and what-if ------------------------------------------------------

async function openRisk() {
  await guarded("#risk-status", async () => {
    const [risk, connectivity, view] = await Promise.all([
      api("/api/v1/analyses/risk?top=30"), api("/api/v1/analyses/connectivity"),
      api("/api/v1/map"), all("organisations")]);
    state.riskMap = view;
    state.connectivity = connectivity;
    const body = $("#risk-table tbody");
    body.replaceChildren(...risk.map((row) => el("tr", {},
      el("td", {}, el("input", { type: "checkbox", value: row.person, class: "leaver",
        "aria-label": `${row.name} slutar`, onchange: chosenChanged })),
      el("td", { text: row.name }), el("td", { text: row.organisation_name || "" }),
      el("td", { class: "num", text: row.risk.toFixed(2) }),
      el("td", { text: row.explanation || "" }))));
    heatmap(connectivity, null);
    drawGraph($("#risk-map"), view);
    chosenChanged();
  });
}

function chosenChanged() {
  const chosen = [...document.querySelectorAll(".leaver:checked")];
  $("#whatif-chosen").textContent = chosen.length
    ? `Slutar: ${chosen.map((c) => c.getAttribute("aria-label").replace(/ slutar$/, "")).join(", ")}`
    : "Ingen vald ännu. Markera personer i tabellen.";
  const people = (state.riskMap ? state.riskMap.nodes : []);
  $("#successors").replaceChildren(...chosen.map((c) => {
    const name = c.getAttribute("aria-label").replace(/ slutar$/, "");
    const select = el("select", { "data-leaver": c.value, id: `succ-${c.value}` });
    options(select, people.filter((p) => p.id !== c.value), { empty: "Ingen efterträdare" });
    return el("label", { for: `succ-${c.value}` }, `Efterträdare för ${name} `, select);
  }));
}

function heatmap(rows, changes) {
  const names = {};
  for (const o of state.loaded.organisations || []) names[o.id] = o.name;
  const orgs = [...new Set(rows.flatMap((r) => r.organisations))].sort();
  const value = {};
  for (const r of rows) value[r.organisations.join("|")] = r.connectivity;
  const after = {};
  for (const c of changes || []) after[c.organisations.join("|")] = c.after;
  const cell = (a, b) => {
    const key = [a, b].join("|") in value ? [a, b].join("|") : [b, a].join("|");
    if (!(key in value)) return el("td", { class: "na", text: "–" });
    const before = value[key];
    const now = key in after ? after[key] : before;
    const level = now === 0 ? "h0" : now === 1 ? "h1" : now === 2 ? "h2" : "h3";
    return el("td", { class: `heat ${level}${key in after ? " changed" : ""}`,
      title: `${names[a] || a} – ${names[b] || b}` },
      key in after ? `${before} → ${now}` : String(now));
  };
  $("#heatmap").replaceChildren(el("table", { class: "data heatmap" },
    el("caption", { text: changes ? "Efter simuleringen (före → efter där det ändras)" : "Nuläge" }),
    el("thead", {}, el("tr", {}, el("th", {}), ...orgs.map((o) => el("th", { scope: "col", text: names[o] || o })))),
    el("tbody", {}, ...orgs.map((a) => el("tr", {}, el("th", { scope: "row", text: names[a] || a }),
      ...orgs.map((b) => (a === b ? el("td", { class: "na" }) : cell(a, b))))))));
}

$("#whatif-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const remove = [...document.querySelectorAll(".leaver:checked")].map((c) => c.value);
  if (!remove.length) {
    status("#risk-status", "Markera minst en person som slutar.", true);
    return;
  }
  const successors = {};
  document.querySelectorAll("#successors select").forEach((s) => {
    if (s.value) successors[s.dataset.leaver] = s.value;
  });
  await guarded("#risk-status", async () => {
    const result = await api("/api/v1/analyses/what-if", { method: "POST", json: { remove, successors } });
    renderWhatIf(result);
    heatmap(state.connectivity, result.connectivity_changes);
    drawGraph($("#risk-map"), state.riskMap, { gone: new Set(remove) });
  });
});

function renderWhatIf(result) {
  const path = result.mean_cross_path_length;
  const fmt = (x) => (x === null || x === undefined ? "–" : Number(x).toFixed(2));
  const items = [
    `Personer: ${result.people.before} → ${result.people.after}`,
    `Sammanhängande delar: ${result.components.before} → ${result.components.after}`,
    `Genomsnittlig väg mellan parterna: ${fmt(path.before)} → ${fmt(path.after)} steg`,
    ...result.connectivity_changes.map((c) => `${c.names.join(" – ")}: personer som håller ihop dem ${c.before} → ${c.after}`),
    ...result.orphaned_initiatives.map((i) => `${i.name}: ${i.names.join(", ")} förlorar sin sista deltagare`),
    ...result.empty_seats.map((s) => `Tom plats i ${s.name}: ${orgName(s.represents)} har ingen kvar, inte heller ersättare`),
  ];
  $("#whatif-result").replaceChildren(el("h3", { text: "Resultat" }),
    el("ul", { id: "whatif-list" }, items.map((t) => el("li", { text: t }))));
}

// Pages in modules of their own (pages/), given what they need from here.
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

async function start() {
  show("login");
  const methods = await api("/auth/methods").catch(() => ({ key: true }));
  $("#login-oidc").hidden = !methods.oidc;
  $("#login-form").hidden = !methods.key;
  await enter().catch(() => {});  // not signed in: the sign-in page stays
}
start();


// --- pages in their own modules ----------------------------------------------------------
// A page module (turnover.js, …) imports these and registers itself; the nav and the
// current page follow if the user has already signed in.

export function registerPage(id, def) {
  PAGES[id] = def;
  if (state.user) {
    showNav();
    if (location.hash.slice(1) === id && allowed(id)) show(id);
  }
}

export { $, api, el, guarded, status };
