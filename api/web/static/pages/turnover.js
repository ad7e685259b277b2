// Turnover pages: "Förändringar" (what changed between two days, printable for the board)
// and "Efterträdare och broar" (succession, seats versus people, bridging suggestions).
// Every sentence shown is the API's own explanation; the tables show the claims beside it.

import { dateInput, guarded, h, pageSection, setStatus, table as dataTable } from "./components.js";
import { currentScope, scopeParam, scopePicker } from "./scope-picker.js";

const $ = (sel) => document.querySelector(sel);

// Registered through pages/index.js; the stylesheet is this page's own.
document.head.append(h("link", { rel: "stylesheet", href: "/ui/turnover.css" }));

// A page section whose status line keeps the id the page has always used (#ch-status …).
function section(id, heading, statusId, ...body) {
  const node = pageSection(id, heading);
  node.querySelector(".status").id = statusId;
  node.append(...body);
  return node;
}

// An empty table says so in words; a missing cell shows a dash.
function table(caption, headers, rows) {
  if (!rows.length) return h("p", { class: "muted", text: `${caption}: inga.` });
  return dataTable(caption, headers, rows.map((cells) => cells.map((c) =>
    (c === null || c === undefined ? "–" : String(c)))));
}

// The shared context from app.js (api() with the user's credentials, message()), set when
// pages/index.js registers these pages, and each page's förbund picker, made then.
let ctx = null;
const pickers = {};
const run = (statusSelector, work) => guarded(ctx, $(statusSelector), work);

const CHANGE = { became: "ny", stopped: "upphört", became_empty: "tom", lost_deputy: "utan ersättare" };

// --- Förändringar ------------------------------------------------------------------------

section("forandringar", "Förändringar", "ch-status",
  h("form", { id: "ch-form", class: "filters" },
    h("label", {}, "Från ", dateInput({ id: "ch-from", required: true })),
    h("label", {}, "Till ", dateInput({ id: "ch-to", required: true })),
    h("button", { type: "submit", text: "Visa" }),
    h("button", { type: "button", id: "ch-print", text: "Skriv ut", onclick: () => window.print() })),
  h("div", { id: "ch-result" }));

// ``latest``: the service's default period (the month up to its day), which the page
// shows first, said as such with the days it answered for. Whether anything changed: the
// status line's counts are said only beside changes (not "0 ändrade par" beside "Inga").
function renderChanges(r, latest) {
  const days = Math.round((Date.parse(r.to) - Date.parse(r.from)) / 86400000);
  const recent = `de senaste ${days} dagarna (${r.from} – ${r.to})`;
  const heading = h("h2", { text: `Förändringar ${latest ? recent : `${r.from} – ${r.to}`}` });
  const lists = [r.pairs, r.key_persons, r.spanners, r.seats, r.initiatives, r.handovers];
  if (lists.every((list) => !list.length)) {
    $("#ch-result").replaceChildren(heading, h("p", { id: "ch-none",
      text: `Inga förändringar ${latest ? recent : `mellan ${r.from} och ${r.to}`}.` }));
    return false;
  }
  $("#ch-result").replaceChildren(
    heading,
    // the report counts κ exactly only below the robust line; say so beside the table
    ...(r.note ? [h("p", { class: "note", text: r.note })] : []),
    table("Sammanhållning mellan parterna (κ: hur många som måste sluta innan parterna inte når varandra)",
      ["Parter", "Före", "Efter", "Sista länken borta", "Varför"],
      r.pairs.map((p) => [p.names.join(" – "), p.before, p.after, p.lost_last_link ? "ja" : "nej",
        p.explanation])),
    table("Nyckelpersoner (enda länken mellan två parter)", ["Person", "Förändring", "Varför"],
      r.key_persons.map((k) => [k.name, CHANGE[k.change], k.explanation])),
    table("Gränsöverskridare", ["Person", "Förändring", "Plats före", "Plats efter", "Varför"],
      r.spanners.map((s) => [s.name, CHANGE[s.change], s.rank_before, s.rank_after, s.explanation])),
    table("Platser och roller", ["Forum eller roll", "Förändring", "Varför"],
      r.seats.map((s) => [s.name, CHANGE[s.change], s.explanation])),
    table("Insatser som vilar på en person", ["Insats", "Varför"],
      r.initiatives.map((i) => [i.name, i.explanation])),
    table("Registrerade överlämningar", ["Datum", "Mellan"],
      r.handovers.map((o) => [o.date, o.names.join(" och ")])));
  return true;
}

// The changes between the days in the form, or without them the service's default period
// (its days then fill the form). Only the latest question is shown: the first, asked as
// the page opens, takes seconds, and days typed meanwhile, sent or not, must not be
// overwritten by its late answer.
let asked = 0;
async function showChanges() {
  const mine = (asked += 1);
  const from = $("#ch-from").value, to = $("#ch-to").value;
  const latest = !from || !to;
  const days = latest ? "" : `from=${from}&to=${to}`;
  setStatus($("#ch-status"), "Arbetar …");
  try {
    const r = await ctx.api(`/api/v1/analyses/changes?${days}${scopeParam(days ? "&" : "")}`);
    if (mine !== asked) return;
    // Its days fill the form only while the form is still empty: a day typed while the
    // first answer was on its way is the user's, and Visa must send it as typed.
    if (latest && !$("#ch-from").value && !$("#ch-to").value) {
      $("#ch-from").value = r.from;
      $("#ch-to").value = r.to;
    }
    const changed = renderChanges(r, latest);
    setStatus($("#ch-status"), changed ? `${r.pairs.length} ändrade par, `
      + `${r.key_persons.length} nyckelpersoner, ${r.seats.length} platser.` : "");
  } catch (error) {
    if (mine === asked) setStatus($("#ch-status"), ctx.message(error), true);
  }
}

$("#ch-form").addEventListener("submit", (event) => {
  event.preventDefault();
  showChanges();
});

async function openChanges() {
  const shown = $("#ch-result").childElementCount > 0 || asked > 0;
  const before = pickers.changes.select.value;
  // Quiet on success, as on Efterträdare och broar: the status line keeps the last answer's.
  try {
    await pickers.changes.sync();
  } catch (error) {
    setStatus($("#ch-status"), ctx.message(error), true);
    return;
  }
  // The latest changes at once, without a Visa first; and again for another förbund
  // chosen on another page, since the answer shown was for the last one.
  if (!shown || pickers.changes.select.value !== before) await showChanges();
}

// --- Efterträdare och broar ----------------------------------------------------------------

section("efterfoljd", "Efterträdare och broar", "su-status",
  h("h2", { text: "Efterträdare och överlämningsplan" }),
  h("form", { id: "su-form", class: "filters" },
    h("label", {}, "Per datum ", dateInput({ id: "su-asof" })),
    h("label", {}, "Person som slutar ", h("input", { id: "su-person", list: "su-people", required: true,
      type: "search", autocomplete: "off", placeholder: "Skriv minst två bokstäver" })),
    h("label", {}, "Rollprofil (valfri) ", h("input", { id: "su-profile", placeholder: "t.ex. processledare" })),
    h("button", { type: "submit", text: "Föreslå" })),
  h("datalist", { id: "su-people" }),
  h("div", { id: "su-result" }),
  h("h2", { text: "Broar: introduktioner som stärker svaga kopplingar" }),
  h("p", { id: "br-status", class: "status", role: "status", "aria-live": "polite" }),
  h("div", { id: "br-result" }));

// The picker's options read "Name (id)"; the id is taken from the text itself, so a choice
// made before the options have loaded (or typed the same way) means the same person.
// The person the field names: a suggestion picked ("Anna Berg (p25)"), an id in brackets,
// or a name typed out in full without picking, which the service's search settles when
// exactly one current person has it (the page sent the name as an id and answered
// "okänd person 'Anna Berg'" about someone who exists).
async function personId(text) {
  const option = [...$("#su-people").options].find((o) => o.value === text);
  if (option) return option.dataset.id;
  const written = text.trim().match(/\(([^()]+)\)$/);
  if (written) return written[1];
  const typed = plainName(text);
  const same = (await searchPeople(text, 50)).items.filter((p) => plainName(p.name) === typed);
  if (same.length === 1) return same[0].id;
  throw new Error(same.length
    ? `${same.length} personer heter ${text.trim()}: välj en av dem i listan under "Person som slutar".`
    : `Ingen nuvarande person heter ${text.trim()}: välj personen i listan under "Person som slutar".`);
}

const plainName = (name) => name.trim().replace(/\s+/g, " ").toLocaleLowerCase("sv");

// The service's people search (name or id, case and accents ignored) in the förbund and on
// the day chosen: the suggestions as the field is typed, and a name typed out in full.
function searchPeople(text, limit) {
  const query = new URLSearchParams({ q: text.trim(), limit: String(limit) });
  if (currentScope()) query.set("scope", currentScope());
  if (asOf()) query.set("as_of", asOf());
  return ctx.api(`/api/v1/people?${query}`);
}

// The people to pick from are searched as they are typed, in the förbund chosen (a
// national store has too many to list): the service's first 20 whose name or id holds
// the text. A reply that comes after a later keystroke's is dropped.
let searched = 0;
$("#su-person").addEventListener("input", async () => {
  const text = $("#su-person").value.trim();
  const asked = (searched += 1);
  if (text.length < 2 || [...$("#su-people").options].some((o) => o.value === text)) return;
  try {
    const people = await searchPeople(text, 20);
    if (asked !== searched) return;
    $("#su-people").replaceChildren(...people.items.map((p) =>
      h("option", { value: `${p.name} (${p.id})`, "data-id": p.id })));
  } catch (error) {
    setStatus($("#su-status"), ctx.message(error), true);
  }
});

$("#su-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  await run("#su-status", async () => {
    const id = await personId($("#su-person").value);
    const profile = $("#su-profile").value.trim();
    const day = asOf();
    const query = new URLSearchParams(day ? { as_of: day } : {});
    if (currentScope()) query.set("scope", currentScope());
    const seatsQuery = `${query}`;
    if (profile) query.set("profile", profile);
    const [s, seats] = await Promise.all([
      ctx.api(`/api/v1/analyses/succession/${encodeURIComponent(id)}?${query}`),
      ctx.api(`/api/v1/analyses/seats?person=${encodeURIComponent(id)}&${seatsQuery}`),
      loadBridging()]);
    const seat = seats.people[0];
    $("#su-result").replaceChildren(
      h("h3", { text: "Platser eller person" }),
      h("p", { text: seat.explanation }),
      table("Kontakter i andra organisationer", ["Kontakt", "Genom uppdrag", "Personlig"],
        seat.contacts.map((c) => [c.name, c.via_seat_names.join(", ") || "–", c.personal ? "ja" : "nej"])),
      table("Kandidater", ["Person", "Poäng", "Nätverk", "Återställd sammanhållning",
        "Återställda mäklarroller", "Strukturell likhet", "Kompetens", "Varför"],
        s.candidates.map((c) => [c.name, c.score, c.network, c.connectivity_restored,
          c.brokerage_restored, c.structural_similarity,
          c.competence ? `${c.competence.band} (${c.competence.score})` : null, c.explanation])),
      h("h3", { text: "Överlämningsplan" }),
      h("p", { text: s.handover_plan.explanation }),
      h("ol", {}, ...s.handover_plan.steps.map((step) => h("li", { text: step.explanation }))),
      table("Platser som är en risk oavsett vem som har dem", ["Plats eller roll", "Varför"],
        seats.seat_risks.map((r) => [r.name, r.explanation])));
    return `${s.candidates.length} kandidater för ${s.name}.`;
  });
});

function asOf() {
  return $("#su-asof").value;
}

async function loadBridging() {
  await run("#br-status", async () => {
    const day = asOf();
    const query = new URLSearchParams(day ? { as_of: day } : {});
    if (currentScope()) query.set("scope", currentScope());
    const bridging = await ctx.api(`/api/v1/analyses/bridging?${query}`);
    $("#br-result").replaceChildren(...bridging.map((row) => h("div", { class: "card" },
      h("h3", { text: row.names.join(" – ") }),
      h("p", { text: row.explanation }),
      h("ol", {}, ...row.introductions.map((i) => h("li", { text: i.reason }))))));
    return bridging.length ? `${bridging.length} par hålls ihop av en enda person.` :
      "Inga par hålls ihop av en enda person.";
  });
}

async function openSuccession() {
  // Filling the pickers says nothing on success: a question asked meanwhile owns the status
  // line, and a late "" from here would wipe its answer.
  try {
    const before = pickers.succession.select.value;
    await pickers.succession.sync();
    if ($("#su-result").childElementCount && pickers.succession.select.value !== before) {
      $("#su-result").replaceChildren();  // it answered for another förbund
    }
    if (pickers.succession.select.value !== before) $("#su-people").replaceChildren();
  } catch (error) {
    setStatus($("#su-status"), ctx.message(error), true);
  }
  await loadBridging();
}

export function turnoverPages(context) {
  ctx = context;
  // Another förbund on Förändringar: the same two days again; on Efterträdare och broar:
  // the succession asked again if one is shown (it reloads the bridges), else the bridges.
  pickers.changes = scopePicker(ctx, { id: "ch-scope", onChange: () => showChanges() });
  $("#ch-form").prepend(pickers.changes.node);
  pickers.succession = scopePicker(ctx, { id: "su-scope", onChange: () =>
    ($("#su-result").childElementCount ? $("#su-form").requestSubmit() : loadBridging()) });
  $("#page-efterfoljd h1").after(h("div", { class: "filters" }, pickers.succession.node));
  return {
    forandringar: { label: "Förändringar", roles: ["director"], open: openChanges },
    efterfoljd: { label: "Efterträdare och broar", roles: ["director"], open: openSuccession },
  };
}
