// The survey form behind a personal link (/ui/enkat.html#TOKEN). No account: the token
// after '#' is the only credential, sent in the X-Survey-Token header; it is taken out of
// the address bar at once. The purpose and legal basis come first; nothing is sent until
// the person presses "Skicka svaren".

import { answerText, dateInput, h, setStatus, TIE_KINDS } from "./components.js";

// The same words as everywhere else in the interface, capitalised as a choice in a list.
const KINDS = Object.fromEntries(Object.entries(TIE_KINDS).map(([k, v]) => [k, v[0].toUpperCase() + v.slice(1)]));
const STRENGTHS = { 1: "1 – sällan", 2: "2 – några gånger om året", 3: "3 – varje månad",
  4: "4 – varje vecka", 5: "5 – dagligen" };

const token = location.hash.slice(1);
history.replaceState(null, "", location.pathname);
const status = document.querySelector("#f-status");
const body = document.querySelector("#f-body");

async function call(path, options = {}) {
  const headers = { "X-Survey-Token": token };
  if (options.json !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method: options.method || "GET", headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json) });
  const answer = await response.json();
  if (!response.ok) {
    throw new Error(answerText(answer.detail, answer.problems || []));
  }
  return answer;
}

function contactRow(contact, { known }) {
  const id = `c-${contact.contact}`;
  const today = new Date().toISOString().slice(0, 10);
  return h("fieldset", { class: "contact", "data-contact": contact.contact },
    h("legend", { text: `${contact.name}, ${contact.organisation}` }),
    h("label", {}, h("input", { type: "checkbox", name: "keep", checked: true, id: `${id}-keep` }),
      known ? " Stämmer, vi arbetar tillsammans" : " Ta med"),
    h("label", {}, " Typ ", h("select", { name: "kind" }, Object.entries(KINDS).map(([k, v]) =>
      h("option", { value: k, text: v, selected: k === (contact.kind || "collaboration") })))),
    h("label", {}, " Hur ofta ", h("select", { name: "strength" }, Object.entries(STRENGTHS).map(([k, v]) =>
      h("option", { value: k, text: v, selected: Number(k) === (contact.strength || 3) })))),
    h("label", {}, " Senaste kontakt ", dateInput({ name: "last_contact", max: today,
      value: contact.last_contact || "" })),
    h("input", { type: "hidden", name: "confirmed", value: known ? "1" : "" }));
}

function showForm(form) {
  const list = h("div", { id: "f-contacts" });
  const added = new Set(form.known.map((k) => k.contact));
  for (const k of form.known) list.append(contactRow(k, { known: true }));
  const search = h("input", { id: "f-search", type: "search", autocomplete: "off",
    placeholder: "Skriv minst två bokstäver av ett namn" });
  const hits = h("ul", { id: "f-hits", class: "hits", "aria-live": "polite" });
  let timer = null;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const found = await call(`/api/v1/survey-form/people?q=${encodeURIComponent(search.value)}`);
        hits.replaceChildren(...found.filter((p) => !added.has(p.id)).map((p) => h("li", {},
          h("button", { type: "button", class: "small", text: `Lägg till ${p.name}, ${p.organisation}`,
            onclick: () => {
              added.add(p.id);
              list.append(contactRow({ contact: p.id, name: p.name, organisation: p.organisation }, { known: false }));
              hits.replaceChildren();
              search.value = "";
              search.focus();
            } }))));
      } catch (error) {
        setStatus(status, error.message, true);
      }
    }, 200);
  });
  const send = h("button", { type: "submit", id: "f-send", text: "Skicka svaren" });
  const formNode = h("form", { id: "f-form", class: "stack" },
    h("h2", { text: "Dina kontakter hos de andra parterna" }),
    h("p", { class: "muted", text: form.known.length
      ? "Så här ser nätverket ut i dag enligt förbundets uppgifter. Bekräfta, ändra eller ta bort markeringen."
      : "Förbundet har inga kontakter registrerade för dig ännu." }),
    list,
    h("label", { for: "f-search", text: "Lägg till en kontakt" }), search, hits,
    send);
  formNode.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = [...list.querySelectorAll("fieldset.contact")]
      .filter((f) => f.querySelector("[name=keep]").checked)
      .map((f) => {
        const last = f.querySelector("[name=last_contact]").value;
        return { contact: f.dataset.contact, kind: f.querySelector("[name=kind]").value,
          strength: Number(f.querySelector("[name=strength]").value),
          last_contact: last || null, confirmed: Boolean(f.querySelector("[name=confirmed]").value) };
      });
    send.disabled = true;
    try {
      const result = await call("/api/v1/survey-form", { method: "POST", json: { answers } });
      body.replaceChildren(h("p", { id: "f-thanks", text: `${result.message} (${result.stored} kontakter)` }));
      setStatus(status, "Länken är nu förbrukad.");
    } catch (error) {
      send.disabled = false;
      setStatus(status, error.message, true);
    }
  });
  body.replaceChildren(formNode);
}

async function start() {
  if (!token) {
    setStatus(status, "Länken saknar sin nyckel. Använd hela länken du fick.", true);
    return;
  }
  try {
    const form = await call("/api/v1/survey-form");
    document.querySelector("#f-h").textContent = form.round.title;
    setStatus(status, `Till ${form.person.name}, ${form.person.organisation}. Sista svarsdag ${form.round.closes}.`);
    body.replaceChildren(
      h("section", { id: "f-about", "aria-labelledby": "f-about-h" },
        h("h2", { id: "f-about-h", text: "Innan du svarar" }),
        h("p", {}, h("strong", { text: "Syfte: " }), form.round.purpose),
        h("p", {}, h("strong", { text: "Rättslig grund: " }), form.round.legal_basis),
        h("p", { text: "Vi frågar bara vilka du har kontakt med, hur ofta och när senast. Bara du ser dina svar "
          + "här; de blir kontakter i förbundets nätverkskarta när omgången stängs, med uppgift om att de "
          + "kommer från enkäten. Dina svar raderas om dina uppgifter raderas." }),
        h("button", { type: "button", id: "f-start", text: "Jag har läst detta – till frågorna",
          onclick: () => showForm(form) })));
  } catch (error) {
    setStatus(status, error.message, true);
  }
}

// Another link opened in the same tab changes only the part after '#': start over with it.
window.addEventListener("hashchange", () => location.reload());
start();
