// Shared pieces of the pages added for issue 23 (Redigera, Kontaktenkät, Kalkylark och
// personallistor, and the survey form, which runs without app.js).

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else if (k === "value") node.value = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A page of the single-page interface: a hidden <section class="page"> with its heading and
// a status line (role=status), appended to <main>. Returns the section.
export function pageSection(id, title, intro) {
  const section = h("section", { id: `page-${id}`, class: "page", hidden: true,
    "aria-labelledby": `${id}-h` },
  h("h1", { id: `${id}-h`, tabindex: "-1", text: title }),
  intro ? h("p", { class: "muted", text: intro }) : null,
  h("p", { id: `${id}-status`, class: "status", role: "status", "aria-live": "polite" }));
  document.querySelector("#main").append(section);
  return section;
}

export function setStatus(node, text, isError = false) {
  node.textContent = text;
  node.classList.toggle("error", isError);
}

// Runs one user action: "Arbetar …" on the status line, then what it returns, or the error
// with every located problem the answer names.
export async function guarded(ctx, node, work) {
  try {
    setStatus(node, "Arbetar …");
    setStatus(node, (await work()) || "");
  } catch (error) {
    setStatus(node, ctx.message(error), true);
  }
}

// What an error answer says, each thing once: its located problems when it names any (a
// DocumentError's detail is those same problems joined, so detail and problems together
// said everything twice), else its detail. A problem of the whole row has no path, and a
// request's own field is named by the Swedish name the answer gives it ("E-post"), else
// without FastAPI's "body." or "query.".
export function answerText(detail, problems = []) {
  const place = (p) => p.field || p.path.replace(/^(body|query)\./, "");
  const lines = problems.length
    ? problems.map((p) => (p.path ? `${place(p)}: ${p.message}` : p.message)) : [detail];
  return [...new Set(lines)].join(" · ");
}

// Runs ``work`` with ``button`` disabled, so that an import is not started a second time
// while the first runs; enabled again however the work ends.
export async function whileBusy(button, work) {
  button.disabled = true;
  try {
    return await work();
  } finally {
    button.disabled = false;
  }
}

// The located problems of an error answer, one per line ("people, rad 14, kolumn …: …").
export function problemList(body) {
  const problems = (body && body.problems) || [];
  return h("ul", { class: "problems" }, problems.map((p) =>
    h("li", { text: p.path ? `${p.path}: ${p.message}` : p.message })));
}

// The wrapper scrolls sideways on a phone; tabindex lets a keyboard user scroll it too.
export function table(caption, headers, rows) {
  return h("div", { class: "scroll", tabindex: "0" }, h("table", { class: "data" },
    caption ? h("caption", { text: caption }) : null,
    h("thead", {}, h("tr", {}, headers.map((t) => h("th", { scope: "col", text: t })))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) =>
      h("td", {}, c === null || c === undefined ? "" : c)))))));
}

const PHASES = { "läser": "Läser", "kontrollerar och skriver": "Kontrollerar och skriver",
  "bearbetar svar": "Bearbetar svar", kontrollerar: "Kontrollerar", "jämför": "Jämför rader",
  skriver: "Skriver" };

// A job whose service process stopped while it ran (a restart): the registry says
// "interrupted", and since every job writes once at its end, nothing was written.
export const INTERRUPTED_TEXT = "Avbrutet: tjänsten startades om medan jobbet pågick. "
  + "Ingenting skrevs – starta jobbet igen.";

// What a finished job's status line says: ``done`` gives the text of a done job's result.
// A failure throws, so the guarded status line shows it as an error.
export function jobEnd(job, done, cancelled = "Avbrutet: ingenting skrevs.") {
  if (job.state === "done") return done(job.result);
  if (job.state === "cancelled") return cancelled;
  if (job.state === "interrupted") throw new Error(INTERRUPTED_TEXT);
  throw new Error(job.error || "Jobbet misslyckades.");
}

export function progressText(job) {
  const phase = PHASES[job.phase] || job.phase || "Startar";
  const share = job.total ? Math.min(100, Math.round((100 * job.done) / job.total)) : 0;
  const counts = job.total ? `: ${job.done.toLocaleString("sv-SE")} av `
    + `${job.total.toLocaleString("sv-SE")} (${share} %)` : "";
  return `${phase}${counts}`;
}

// Follows a background job (GET /api/v1/jobs/{id}) until it ends, writing a progress line
// and offering "Avbryt" meanwhile. Resolves with the finished job. With ``remember`` the
// job's id is kept for the tab while it runs, so that the page opened again (a reload, a
// restarted service) follows it on (resumeJob) and says how it ended.
export async function followJob(ctx, job, line, cancelButton, remember) {
  if (remember) sessionStorage.setItem(`job:${remember}`, job.id);
  cancelButton.hidden = false;
  cancelButton.disabled = false;
  const cancel = async () => {
    cancelButton.disabled = true;
    await ctx.api(`/api/v1/jobs/${job.id}`, { method: "DELETE" });
  };
  cancelButton.addEventListener("click", cancel, { once: true });
  while (job.state === "running") {
    setStatus(line, progressText(job));
    await new Promise((resolve) => { setTimeout(resolve, 250); });
    job = await ctx.api(`/api/v1/jobs/${job.id}`);
  }
  cancelButton.removeEventListener("click", cancel);
  cancelButton.hidden = true;
  if (remember) sessionStorage.removeItem(`job:${remember}`);
  return job;
}

// The job this tab started under ``remember`` and had not seen end, followed to its end;
// null when there is none (or it is no longer known).
export async function resumeJob(ctx, remember, line, cancelButton) {
  const id = sessionStorage.getItem(`job:${remember}`);
  if (!id) return null;
  let job;
  try {
    job = await ctx.api(`/api/v1/jobs/${encodeURIComponent(id)}`);
  } catch {
    sessionStorage.removeItem(`job:${remember}`);
    return null;
  }
  return followJob(ctx, job, line, cancelButton, remember);
}

// Downloads a file the API answers with (an .xlsx), with the signed-in user's credentials.
export async function download(ctx, path, filename) {
  const response = await fetch(path, { headers: ctx.authHeaders(), credentials: "same-origin" });
  if (!response.ok) throw new Error(`Nedladdningen misslyckades (HTTP ${response.status}).`);
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// --- Swedish numbers and dates ----------------------------------------------------------
// One place for how figures read on every page: decimal comma, space between thousands,
// dates as 2026-01-01 (the Swedish standard form), so no page prints "10.00".

const SV = "sv-SE";

export function number(value, decimals = 0) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return "–";
  return Number(value).toLocaleString(SV, { minimumFractionDigits: decimals,
    maximumFractionDigits: decimals });
}

export function percent(share, decimals = 0) {
  return `${number(100 * (share || 0), decimals)} %`;
}

export function swedishDate(value) {
  if (!value) return "–";
  const day = value instanceof Date ? value : new Date(`${String(value).slice(0, 10)}T12:00:00`);
  return Number.isNaN(day.getTime()) ? String(value) : day.toLocaleDateString(SV);
}

// --- ISO date fields ------------------------------------------------------------------------
// Chromium draws <input type="date"> in the browser's own locale whatever lang="sv" says
// (mm/dd/yyyy on an English install, tried in tests/test_edit_web.py), and 2026-01-01 typed
// into it becomes another day. So a date is a text field in the data's own form,
// yyyy-mm-dd, checked as it is typed with a Swedish message (forms that validate refuse to
// submit it; the service says the same for the others).

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text) {
  const m = ISO_DAY.exec(text);
  if (!m) return false;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return day.getUTCMonth() === Number(m[2]) - 1 && day.getUTCDate() === Number(m[3]);
}

// attrs as for h("input"); max (yyyy-mm-dd) is the last day allowed.
export function dateInput({ max = null, ...attrs } = {}) {
  const input = h("input", { ...attrs, type: "text", inputmode: "numeric", maxlength: "10",
    placeholder: "åååå-mm-dd", autocomplete: "off", spellcheck: "false" });
  input.addEventListener("input", () => {
    const text = input.value.trim();
    input.setCustomValidity(text && !isIsoDate(text)
      ? "Skriv datumet som åååå-mm-dd, till exempel 2026-01-01."
      : text && max && text > max ? `Datumet får inte vara senare än ${max}.` : "");
  });
  return input;
}

// --- a searchable person picker ------------------------------------------------------------
// A text field with a sorted list of suggestions ("Namn – Organisation"); typing filters it.
// People only: callers pass people rows, never organisations, so a pick is always a person.

let pickers = 0;

export function personPicker({ label, people, orgName = (id) => id, onPick = null,
  placeholder = "Sök namn", id = null }) {
  const listId = `${id || `picker-${(pickers += 1)}`}-list`;
  const input = h("input", { id, type: "search", list: listId, placeholder,
    autocomplete: "off" });
  const list = h("datalist", { id: listId });
  const byText = new Map();
  const byId = new Map();
  const collator = new Intl.Collator(SV);
  const setPeople = (rows) => {
    const sorted = [...rows].sort((a, b) => collator.compare(a.name, b.name));
    byText.clear();
    byId.clear();
    for (const p of sorted) {
      let text = p.organisation ? `${p.name} – ${orgName(p.organisation)}` : p.name;
      if (byText.has(text)) text = `${text} (${p.id})`;
      byText.set(text, p.id);
      byId.set(p.id, text);
    }
    list.replaceChildren(...[...byText.keys()].map((t) => h("option", { value: t })));
  };
  setPeople(people);
  const picked = () => byText.get(input.value) || null;
  input.addEventListener("change", () => { if (onPick && picked()) onPick(picked()); });
  const node = h("label", { class: "picker" }, `${label} `, input, list);
  return { node, input, picked, setPeople,
    set: (personId) => { input.value = byId.get(personId) || ""; } };
}

// --- a sortable table with a CSV download ----------------------------------------------------
// columns: { key, label, num (right-aligned, sorted as numbers), format(row), cell(row) }.
// Clicking a header sorts by it (aria-sort says how); csv names the export route whose
// file holds the same table (api/routes_exports.py).

export function sortableTable(ctx, { id, caption, columns, rows, csv = null, rowAttrs = null }) {
  let order = { key: null, dir: 1 };
  const collator = new Intl.Collator(SV, { numeric: true });
  const body = h("tbody");
  const heads = columns.map((c) => {
    const th = h("th", { scope: "col" });
    if (c.key) {
      th.append(h("button", { type: "button", class: "sort", text: c.label, onclick: () => {
        order = { key: c.key, dir: order.key === c.key ? -order.dir : (c.num ? -1 : 1) };
        draw();
      } }));
    } else th.textContent = c.label;
    return th;
  });
  const draw = () => {
    const sorted = [...rows];
    if (order.key) {
      sorted.sort((a, b) => {
        const x = a[order.key], y = b[order.key];
        const d = typeof x === "number" && typeof y === "number" ? x - y
          : collator.compare(String(x ?? ""), String(y ?? ""));
        return order.dir * d;
      });
    }
    columns.forEach((c, i) => {
      if (c.key === order.key) heads[i].setAttribute("aria-sort", order.dir > 0 ? "ascending" : "descending");
      else heads[i].removeAttribute("aria-sort");
    });
    body.replaceChildren(...sorted.map((row) => h("tr", rowAttrs ? rowAttrs(row) : {},
      columns.map((c) => h("td", { class: c.num ? "num" : null },
        c.cell ? c.cell(row) : (c.format ? c.format(row) : (row[c.key] ?? "–")))))));
  };
  draw();
  const tools = csv ? h("p", { class: "tools" }, h("button", { type: "button", class: "secondary",
    text: `Ladda ned ${csv.what} (CSV)`, onclick: () => download(ctx, csv.path, csv.filename)
      .catch((error) => { tools.append(h("span", { class: "error", text: ` ${ctx.message(error)}` })); }) })) : null;
  return h("div", { class: "sortable" }, tools,
    // A scrolling region takes focus, so keyboard users can scroll it too.
    h("div", { class: "scroll", tabindex: "0", role: "region",
      "aria-label": `${caption || "Tabell"} (rullbar)` }, h("table", { class: "data", id },
      caption ? h("caption", { text: caption }) : null,
      h("thead", {}, h("tr", {}, heads)), body)));
}

// --- a colour key -----------------------------------------------------------------------------
// items: { colour, label, mark } (mark: a CSS class drawing a ring or a diamond instead of a
// dot). A list, so screen readers read the key as items; no aria on a plain div.

export function colourKey(label, items) {
  return h("ul", { class: "legend", "aria-label": label }, items.map((i) =>
    h("li", { class: "chip" }, h("span", { class: `dot ${i.mark || ""}`, "aria-hidden": "true",
      style: i.colour ? `background:${i.colour}` : null }), i.label)));
}

// Tie kinds as the reader says them (the data model's codes are English).
export const TIE_KINDS = { collaboration: "samarbete", meeting: "möte",
  multiparty_meeting: "flerpartsmöte", handover: "överlämning", mentoring: "mentorskap",
  other: "annan kontakt" };
export const tieKind = (kind) => TIE_KINDS[kind] || kind;
