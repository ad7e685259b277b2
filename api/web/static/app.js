// Samverkan web interface: one page per role over the /api/v1 routes. No build step, no
// external network: Cytoscape.js is served from the npm install under /ui/vendor.

// el: the name the pages still in this file use for components.js's h(), until they move
// to pages/ like the others.
import { h as el } from "./pages/components.js";
import { drawGraph } from "./pages/graph-view.js";
import { registerPages } from "./pages/index.js";

// The navigation in order. Pages in their own modules (pages/) are filled in by
// pages/index.js's registerPages; their keys stand here only to keep their place.
const PAGES = {
  oversikt: null,
  risk: null,
  kontakt: { label: "Kontaktvägar", roles: ["director", "staff"], open: openContacts },
  rekrytering: { label: "Rekrytering", roles: ["recruiter"], open: openRecruitment },
  admin: { label: "Administration", roles: ["admin"], open: openAdmin },
};
const BANDS = { stark: "Stark evidens", delvis: "Delvis evidens", "ingen evidens": "Ingen evidens" };

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

function orgName(id) {
  const org = (state.loaded.organisations || []).find((o) => o.id === id);
  return org ? org.name : id;
}

function percent(x) {
  return `${Math.round((x || 0) * 100)} %`;
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

// --- contact paths and the guide -------------------------------------------------------

async function openContacts() {
  if (state.loaded.contactLists) return;
  await guarded("#path-status", async () => {
    const [people, orgs] = await Promise.all([all("people"), all("organisations")]);
    $("#people-list").replaceChildren(...people.map((p) =>
      el("option", { value: `${p.name} [${p.id}]` })));
    options($("#g-org"), orgs);
    // "Jag är": the person the signed-in user is linked to, when the service knows it.
    const me = people.find((p) => p.id === state.user.person);
    if (me && !$("#p-from").value) $("#p-from").value = `${me.name} [${me.id}]`;
    state.loaded.contactLists = true;
    await targetsFor($("#p-kind").value);
  });
}

async function targetsFor(kind) {
  const section = { person: "people", role: "roles", org: "organisations", group: "groups" }[kind];
  $("#p-to").setAttribute("list", section ? "target-list" : "");
  $("#p-to").placeholder = section ? "Sök" : "t.ex. aktivitetsersättning";
  if (!section) return;
  const rows = await all(section);
  $("#target-list").replaceChildren(...rows.map((r) =>
    el("option", { value: `${r.name} [${r.id}]` })));
}

$("#p-kind").addEventListener("change", (event) => targetsFor(event.target.value));

function idOf(text) {
  const match = /\[([^\]]+)\]\s*$/.exec(text.trim());
  return match ? match[1] : text.trim();
}

$("#path-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const from = idOf($("#p-from").value);
  const kind = $("#p-kind").value;
  const k = $("#p-k").value || 3;
  await guarded("#path-status", async () => {
    let target = idOf($("#p-to").value);
    const found = [];
    if (kind === "topic") {
      const hits = await api(`/api/v1/find?topic=${encodeURIComponent($("#p-to").value)}&top=5`);
      if (!hits.length) throw new Error("Ingen person matchar ämnet.");
      found.push(...hits);
      target = hits[0].person;
    } else if (kind !== "person") {
      target = `${kind}:${target}`;
    }
    const paths = await api(`/api/v1/paths?from=${encodeURIComponent(from)}&to=${encodeURIComponent(target)}&k=${k}`);
    renderPaths(paths, found);
  });
});

function renderPaths(paths, found) {
  const people = Object.fromEntries((state.loaded.people || []).map((p) => [p.id, p]));
  const name = (id) => (people[id] ? people[id].name : id);
  const blocks = [];
  if (found.length) {
    blocks.push(el("h2", { text: "Bäst placerade för ämnet" }), el("ol", {}, found.map((f) =>
      el("li", { text: `${f.name || name(f.person)}${f.title ? `, ${f.title}` : ""}` }))));
  }
  blocks.push(el("h2", { text: paths.length === 1 ? "Kontaktväg" : `${paths.length} kontaktvägar` }));
  paths.forEach((p, i) => {
    blocks.push(el("section", { class: "path-card", "aria-label": `Väg ${i + 1}` },
      el("h3", { text: `Väg ${i + 1}: ${p.people.map(name).join(" → ")}` }),
      el("ol", { class: "hops" }, p.hops.map((h) => el("li", {},
        el("strong", { text: `${name(h.from)} → ${name(h.to)}: ` }), h.explanation)))));
  });
  $("#path-result").replaceChildren(...blocks);
  const nodes = new Map();
  const edges = new Map();
  for (const p of paths) {
    p.people.forEach((id) => nodes.set(id, { id, name: name(id), party: people[id] ? people[id].organisation : null, path: true }));
    for (const h of p.hops) {
      edges.set(`${h.from}|${h.to}`, { source: h.from, target: h.to, weight: 2,
        label: h.explanation.length > 40 ? `${h.explanation.slice(0, 38)}…` : h.explanation });
    }
  }
  const parties = [...new Set([...nodes.values()].map((n) => n.party))].map((id) => ({ id, name: id }));
  drawGraph($("#path-map"), { mode: "people", parties, nodes: [...nodes.values()],
    edges: [...edges.values()] }, { layout: { name: "breadthfirst", directed: true,
    roots: paths.length ? [String(paths[0].people[0])] : undefined, spacingFactor: 1.1 } });
}

$("#guide-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  await guarded("#path-status", async () => {
    const html = await api(`/api/v1/guide/${encodeURIComponent($("#g-org").value)}/html`);
    $("#guide-frame").srcdoc = html;
    $("#guide-frame").hidden = false;
    $("#guide-print").disabled = false;
  });
});
$("#guide-print").addEventListener("click", () => $("#guide-frame").contentWindow.print());

// --- recruitment ------------------------------------------------------------------------

async function openRecruitment() {
  await guarded("#rank-status", async () => {
    const [recruitments, profiles, orgs] = await Promise.all([
      api("/api/v1/recruitments"), api("/api/v1/profiles"), all("organisations")]);
    options($("#r-profile"), profiles, { label: (p) => `${p.title} (v${p.version})` });
    options($("#r-target"), orgs, { empty: "Rekryteringens egen" });
    state.recruitments = Object.fromEntries(recruitments.map((r) => [r.id, r]));
    options($("#r-recruitment"), recruitments, { label: (r) => r.title });
    if (!recruitments.length) {
      $("#r-info").textContent = "Du är inte tilldelad någon rekrytering.";
      return;
    }
    await loadRanking();
  });
}

async function loadRanking() {
  const r = state.recruitments[$("#r-recruitment").value];
  if (!r) return;
  $("#r-info").textContent = `Profil: ${r.profile}${r.target_organisation ? ` · målorganisation: ${orgName(r.target_organisation)}` : ""}`;
  $("#r-profile").value = r.profile;
  $("#r-target").value = r.target_organisation || "";
  const result = await api(`/api/v1/recruitments/${encodeURIComponent(r.id)}/ranking`);
  renderRanking(result);
}

$("#r-recruitment").addEventListener("change", () => guarded("#rank-status", loadRanking));
$("#r-stored").addEventListener("click", () => guarded("#rank-status", loadRanking));

// Another profile or target ranks the same CVs again from cached embeddings; not stored.
$("#rerank-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const id = $("#r-recruitment").value;
  if (!id) return;
  await guarded("#rank-status", async () => {
    const params = new URLSearchParams({ profile: $("#r-profile").value });
    if ($("#r-target").value) params.set("target_organisation", $("#r-target").value);
    renderRanking(await api(`/api/v1/recruitments/${encodeURIComponent(id)}/ranking?${params}`));
    return "Jämförelse: rankningen nedan är inte sparad och kan inte granskas.";
  });
});

// The upload runs as a job on the server; its progress is polled and shown until it ends.
const STAGES = { reading: "Läser", scoring: "Bedömer", storing: "Sparar" };
async function uploadJob(path, form) {
  let job = await api(`${path}?background=true`, { method: "POST", body: form });
  while (job.stage !== "done" && job.stage !== "failed") {
    status("#rank-status", `${STAGES[job.stage] || "Arbetar"}: ${job.parsed} av ${job.files} filer lästa …`);
    $("#upload-progress").hidden = false;
    $("#upload-progress").max = job.files;
    $("#upload-progress").value = job.stage === "reading" ? job.parsed : job.files;
    await new Promise((done) => setTimeout(done, 400));
    job = await api(`/api/v1/uploads/${encodeURIComponent(job.id)}`);
  }
  $("#upload-progress").hidden = true;
  if (job.stage === "failed") throw new ApiError(422, job.error);
  // Polled on another worker process, a finished job links to the stored ranking.
  return job.result || { ...(await api(job.ranking)), candidate_ids: null, files: job.files };
}

$("#upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const files = $("#r-files").files;
  if (!files.length) {
    status("#rank-status", "Välj minst en fil.", true);
    return;
  }
  const form = new FormData();
  for (const file of files) form.append("files", file);
  await guarded("#rank-status", async () => {
    status("#rank-status", `Skickar ${files.length} CV …`);
    const id = $("#r-recruitment").value;
    const result = await uploadJob(`/api/v1/recruitments/${encodeURIComponent(id)}/candidates`, form);
    renderRanking(result);
    $("#r-files").value = "";
    return `${result.candidate_ids ? Object.keys(result.candidate_ids).length : result.files} CV bedömda.`;
  });
});

function bar(label, score, band) {
  return el("div", { class: "bar-row" },
    el("span", { class: "bar-label", text: label }),
    el("span", { class: "bar", role: "meter", "aria-valuemin": "0", "aria-valuemax": "1",
      "aria-valuenow": String(score), "aria-label": `${label}: ${percent(score)}` },
      el("span", { class: `fill ${band.replace(" ", "-")}`, style: `width:${Math.round(score * 100)}%` })),
    el("span", { class: "bar-value", text: percent(score) }));
}

// Must-have gaps stay in view; the others fold away, since a short CV lacks most items.
function gaps(all) {
  const must = all.filter((g) => g.startsWith("ska-krav"));
  const rest = all.filter((g) => !g.startsWith("ska-krav"));
  return [
    must.length ? el("p", { class: "gaps" }, el("strong", { text: "Saknas (ska-krav): " }),
      must.map((g) => g.replace(/^ska-krav: /, "")).join("; ")) : null,
    rest.length ? el("details", { class: "gaps" }, el("summary", { text: `Övriga luckor (${rest.length})` }),
      el("ul", {}, rest.map((g) => el("li", { text: g })))) : null,
  ];
}

function renderRanking(result) {
  const rows = result.ranking;
  state.storedRanking = result.stored !== false;
  $("#decision-note").textContent = result.note;
  if (!rows.length) {
    $("#ranking").replaceChildren(el("p", { class: "muted", text: "Inga kandidater ännu." }));
    return;
  }
  $("#ranking").replaceChildren(el("ol", { class: "ranking", id: "ranking-list" }, rows.map((row) =>
    el("li", { class: "candidate-card", "data-candidate": row.candidate_id },
      el("h3", {}, `${row.label} `, el("span", { class: `band ${row.band.replace(" ", "-")}`, text: BANDS[row.band] || row.band }),
        el("span", { class: "score", text: ` ${percent(row.score)}` })),
      ...Object.values(row.dimensions).map((d) => bar(d.label, d.score, d.band)),
      ...gaps(row.gaps),
      row.preference_reasons && row.preference_reasons.length
        ? el("p", { class: "muted", text: `Hitta rätt: ${row.preference_reasons.join("; ")}` }) : null,
      el("button", { type: "button", onclick: () => showCandidate(row.candidate_id) }, "Visa CV och evidens")))));
}

async function showCandidate(id) {
  await guarded("#rank-status", async () => {
    const c = await api(`/api/v1/candidates/${encodeURIComponent(id)}`);
    const latest = c.scores[c.scores.length - 1];
    const spans = [];
    for (const d of Object.values(latest.result.dimensions)) {
      for (const item of d.items) {
        for (const e of item.evidence) spans.push({ ...e, item: item.label });
      }
    }
    const text = c.text;
    const marks = spans.map((s) => {
      if (text.slice(s.start, s.end) === s.sentence) return s;
      const at = text.indexOf(s.sentence);
      return at < 0 ? null : { ...s, start: at, end: at + s.sentence.length };
    }).filter(Boolean).sort((a, b) => a.start - b.start);
    const parts = [];
    let cursor = 0;
    for (const m of marks) {
      if (m.start < cursor) {
        const last = parts[parts.length - 1];
        if (last && last.tagName === "MARK") last.title += `; ${m.item}`;
        continue;
      }
      parts.push(text.slice(cursor, m.start), el("mark", { title: m.item }, text.slice(m.start, m.end)));
      cursor = m.end;
    }
    parts.push(text.slice(cursor));
    const review = latest.review;
    $("#candidate").replaceChildren(
      el("h2", { text: `CV: ${c.label}` }),
      el("p", { class: "muted", text: "Markerad text är evidens; håll muspekaren över för att se vilket krav den visar." }),
      el("pre", { class: "cv", id: "cv-text" }, parts),
      review ? el("p", { text: `Granskad av ${review.by} ${review.at}: ${review.note}` }) : null,
      el("form", { class: "stack", onsubmit: (event) => reviewCandidate(event, id) },
        el("label", { for: "review-note", text: "Din bedömning (registreras med ditt namn)" }),
        el("textarea", { id: "review-note", required: true, rows: 3 }),
        el("button", { type: "submit", text: "Registrera granskning" })));
  });
}

async function reviewCandidate(event, id) {
  event.preventDefault();
  await guarded("#rank-status", async () => {
    await api(`/api/v1/candidates/${encodeURIComponent(id)}/review`, { method: "POST", json: { note: $("#review-note").value } });
    await loadRanking();
    await showCandidate(id);
  });
}

// --- administration ----------------------------------------------------------------------

async function openAdmin() {
  await guarded("#admin-status", async () => {
    const [profiles, orgs, log] = await Promise.all([
      api("/api/v1/profiles"), all("organisations"), api("/api/v1/audit?limit=50")]);
    options($("#a-profile"), profiles, { label: (p) => `${p.title} (v${p.version})` });
    options($("#a-org"), orgs, { empty: "Profilens egen" });
    $("#audit-table tbody").replaceChildren(...log.map((e) => el("tr", {},
      ...[e.at, e.user, e.role, e.action, e.target, e.purpose].map((v) => el("td", { text: v || "" })))));
  });
}

$("#recruitment-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  await guarded("#admin-status", async () => {
    const assignees = $("#a-assignees").value.split(",").map((s) => s.trim()).filter(Boolean);
    const body = { id: $("#a-id").value, title: $("#a-title").value, profile: $("#a-profile").value,
      target_organisation: $("#a-org").value || null, assignees };
    await api("/api/v1/recruitments", { method: "POST", json: body });
    await openAdmin();
    return `Rekryteringen ${body.id} är skapad.`;
  });
});

// Pages in modules of their own (pages/), given what they need from here.
// ctx.all(section) reads a whole section once per sign-in; ctx.scope holds the förbund the
// director chose, shared by Översikt and Nyckelpersonsrisk.
registerPages(PAGES, { api, message, all, scope: {},
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

