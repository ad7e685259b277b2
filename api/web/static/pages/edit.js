// Redigera: the admin edits any section of the graph a row at a time (people,
// organisations and units, forums and their members, initiatives and participants, roles
// with holders and deputies, ties), with the import's validation and Swedish errors per
// field, an undo of the last change and the change history.

import { answerText, dateInput, guarded as run, h, pageSection, table, tieKind } from "./components.js";

export const SECTIONS = {
  people: "Personer", organisations: "Organisationer och enheter", groups: "Forum och grupper",
  memberships: "Forumens ledamöter", initiatives: "Insatser", participations: "Deltagare i insatser",
  roles: "Roller", ties: "Kontakter",
};
export const LABELS = {
  id: "Id", name: "Namn", organisation: "Organisation", title: "Titel", profession: "Yrke",
  since: "Från", until: "Till", description: "Beskrivning", kind: "Typ", parent: "Överordnad",
  level: "Nivå", owner: "Ägare", parties: "Parter (id, komma emellan)", start: "Start",
  end: "Slut", governed_by: "Styrs av", scope: "Omfattning", holders: "Innehavare (id, komma emellan)",
  deputies: "Ersättare (id, komma emellan)", person: "Person", group: "Grupp",
  as: "Plats (chair = ordförande, member = ledamot, deputy = ersättare)",
  represents: "Företräder part", initiative: "Insats", role: "Roll", a: "Person A", b: "Person B",
  strength: "Styrka 1–5", last_contact: "Senaste kontakt", email: "E-post", phone: "Telefon",
  contact_about: "Kontakta om", mandate: "Mandat",
};

export function editPage(ctx) {
  const section = pageSection("redigera", "Redigera nätverket",
    "Lägg till, ändra och ta bort rader. Samma kontroller som vid import; inget sparas om något är fel.");
  const status = section.querySelector(".status");
  const chooser = h("select", { id: "e-section" },
    Object.entries(SECTIONS).map(([k, v]) => h("option", { value: k, text: v })));
  const search = h("input", { id: "e-search", type: "search", placeholder: "Sök id eller namn" });
  // Off until the service says there is a change to undo (refreshUndo).
  const undo = h("button", { type: "button", id: "e-undo", text: "Ångra senaste ändringen",
    disabled: true });
  const add = h("button", { type: "button", id: "e-new", text: "Ny rad" });
  const list = h("div", { id: "e-rows" });
  const form = h("form", { id: "e-form", class: "stack narrow", hidden: true, novalidate: true });
  const history = h("div", { id: "e-history" });
  const organisations = h("datalist", { id: "e-organisations" });
  section.append(
    h("div", { class: "filters" }, h("label", {}, "Avsnitt ", chooser),
      h("label", {}, "Sök ", search), add, undo),
    form, organisations, list, h("h2", { text: "Ändringshistorik" }), history);

  let schema = null;
  let timer = null;
  let names = {};  // the names of the ids the rows shown hold (the rows route's "names")

  const guarded = (work) => run(ctx, status, work);

  async function loadRows() {
    const page = await ctx.api(`/api/v1/edit/rows?section=${chooser.value}`
      + `&q=${encodeURIComponent(search.value)}&limit=100`);
    const fields = schema[chooser.value].fields.slice(0, 6);
    names = page.names || {};
    const spoken = buttonNames(page.items);
    list.replaceChildren(table(`${page.total} rader (visar högst 100)`, [...fields.map((f) => LABELS[f.key] || f.key), ""],
      page.items.map((item) => [...fields.map((f) => cell(f, item.row[f.key])),
        h("span", {},
          h("button", { type: "button", class: "small", text: "Ändra",
            "aria-label": `Ändra ${spoken.get(item.key)}`, onclick: () => showForm(item.row) }),
          " ",
          h("button", { type: "button", class: "small danger", text: "Ta bort",
            "aria-label": `Ta bort ${spoken.get(item.key)}`, onclick: () => remove(item) }))])));
  }

  // What a screen reader says for each row's buttons: the row by its names ("Ändra Anna
  // Berg"), not its id; where two rows read the same (two people share a name), the id
  // follows, so that each button still names one row.
  function buttonNames(items) {
    const said = new Map(items.map((item) => [item.key, rowLabel(chooser.value, item.key, names)]));
    const counts = new Map();
    for (const text of said.values()) counts.set(text, (counts.get(text) || 0) + 1);
    return new Map([...said].map(([key, text]) =>
      [key, counts.get(text) > 1 && text !== key ? `${text} (${key})` : text]));
  }

  async function loadHistory() {
    const entries = await ctx.api("/api/v1/edit/history?limit=20");
    const verbs = { put: "sparade", delete: "tog bort", undo: "ångrade", row_put: "sparade (API)",
      row_delete: "tog bort (API)", staff: "personallista för" };
    if (!entries.length) {
      history.replaceChildren(h("p", { class: "muted",
        text: "Inga ändringar ännu. Varje ändring du sparar här visas med vem och när, och kan ångras." }));
      return;
    }
    history.replaceChildren(table(null, ["När", "Gäller från", "Vem", "Vad", "Rad"], entries.map((e) => [
      e.at.replace("T", " ").replace("+00:00", " UTC"), e.day, e.user,
      `${verbs[e.action] || e.action} i ${SECTIONS[e.section] || e.section}${e.undone ? " (ångrad)" : ""}`,
      labelled(rowLabel(e.section, e.key, e.names), e.key)])));
  }

  // Ångra only while there is a change to undo; its title says which, or why there is none.
  async function refreshUndo() {
    const offered = await ctx.api("/api/v1/edit/undo");
    const change = offered.change;
    undo.disabled = !change;
    undo.title = change
      ? `Ångrar den senaste ändringen: ${rowLabel(change.section, change.key, change.names)} `
        + `i ${SECTIONS[change.section] || change.section}.`
      : `${offered.reason.charAt(0).toUpperCase()}${offered.reason.slice(1)}.`;
  }

  async function reload() {
    // Organisations read again: an organisation added here is offered at once.
    await Promise.all([loadRows(), loadHistory(), refreshUndo(), loadOrganisations()]);
  }

  // A fixed value as the admin reads it, in the row list and the form alike: a tie's kind
  // by its Swedish name (components.js's TIE_KINDS, which the person card reads too); the
  // schema gives only the codes.
  function choiceText(key, value) {
    return chooser.value === "ties" && key === "kind" && value ? tieKind(value) : value;
  }

  // The rows name what they refer to as the admin knows it, with the id the form takes
  // in grey beside it (two people may share a name): "Anna Berg (p-1234)", not "p-1234".
  function cell(f, value) {
    if (!f.refers_to || !value) return formatValue(choiceText(f.key, value));
    const ids = Array.isArray(value) ? value : [value];
    return ids.flatMap((id, i) => [i ? ", " : null, labelled(names[id], id)]);
  }

  // A name with its id in grey; the id alone where there is no name.
  function labelled(name, id) {
    if (!name || name === id) return id;
    return h("span", { title: id }, name, " ", h("span", { class: "muted", text: `(${id})` }));
  }

  // A row by the names in its key (the id, or a link row's natural key "p1/sn-styrelse/"):
  // "Anna Berg – Styrelsen Skåne Nordost"; a part that names nothing (a day) stays as it is.
  function rowLabel(sectionKey, key, known = {}) {
    return key.split("/").filter(Boolean).map((part, i) => known[part]
      || (sectionKey === "ties" && i === 2 ? tieKind(part) : part)).join(" – ");
  }

  function formatValue(v) {
    return Array.isArray(v) ? v.join(", ") : v;
  }

  function showForm(row = {}) {
    clearTimeout(timer); // a search still pending would redraw the list under the form
    const { fields, natural_key: keys } = schema[chooser.value];
    const editing = Boolean(row && Object.keys(row).length);
    form.replaceChildren(h("h2", { text: editing ? "Ändra rad" : "Ny rad" }),
      // A row is written by its key: a key changed here saved a second row beside the
      // first ("Sparat."), so an existing row's key is shown, not edited.
      ...fields.map((f) => field(f, row[f.key], editing && keys.includes(f.key))),
      // When the change took effect (a move to another unit recorded afterwards): the
      // views of earlier days show the row as it was before.
      h("div", { class: "field" },
        h("label", { for: "e-day", text: "Ändringen gäller från (tomt: i dag)" }),
        dateInput({ id: "e-day", name: "_day" }),
        h("span", { class: "error", id: "e-day-error", "data-error-for": "day" })),
      h("div", {}, h("button", { type: "submit", text: "Spara" }), " ",
        h("button", { type: "button", class: "secondary", text: "Avbryt",
          onclick: () => { form.hidden = true; } })));
    form.hidden = false;
    form.querySelector("input, select")?.focus();
  }

  function field(f, value, fixed = false) {
    const id = `e-f-${f.key}`;
    let input;
    if (f.choices) {
      input = h("select", { id, name: f.key },
        f.required ? null : h("option", { value: "", text: "(inte satt)" }),
        // A tie's kind is a code of the data model; the admin picks it by its Swedish name.
        f.choices.map((c) => h("option", { value: c, selected: c === value,
          text: choiceText(f.key, c) })));
    } else {
      const attrs = { id, name: f.key, value: formatValue(value) ?? "" };
      input = f.kind === "date" ? dateInput(attrs) : h("input", { ...attrs,
        type: f.kind === "int" ? "number" : "text",
        min: f.kind === "int" ? "1" : null, max: f.kind === "int" ? "5" : null,
        list: refersToOrganisation(f) ? "e-organisations" : null });
    }
    // The field's error is read with it (aria-describedby) and marks it (aria-invalid).
    input.setAttribute("aria-describedby", fixed ? `${id}-error ${id}-fixed` : `${id}-error`);
    if (fixed) {
      input.readOnly = true;
      if (input.tagName === "SELECT") input.disabled = true;
    }
    return h("div", { class: "field" },
      h("label", { for: id, text: `${LABELS[f.key] || f.key}${f.required ? " *" : ""}` }),
      input,
      fixed ? h("span", { class: "muted", id: `${id}-fixed`, text: "Ändras inte här: lägg till "
        + "en ny rad med det nya värdet och ta bort den här." }) : null,
      h("span", { class: "error", id: `${id}-error`, "data-error-for": f.key }));
  }

  // A field holding one organisation's id (a person's organisation, a unit's parent)
  // offers the store's organisations by name; the id stays the value, as the import
  // takes it, and an id typed by hand still works.
  function refersToOrganisation(f) {
    return f.kind !== "list" && (f.refers_to || []).join() === "organisations";
  }

  async function loadOrganisations() {
    const orgs = [...await ctx.all("organisations", true)]
      .sort((a, b) => a.name.localeCompare(b.name, "sv"));
    organisations.replaceChildren(...orgs.map((o) =>
      h("option", { value: o.id, label: o.name, text: o.name })));
  }

  function formRow() {
    const row = {};
    for (const f of schema[chooser.value].fields) {
      const raw = form.elements[f.key].value.trim();
      if (raw === "") continue;
      if (f.kind === "list") row[f.key] = raw.split(",").map((s) => s.trim()).filter(Boolean);
      else if (f.kind === "int") row[f.key] = Number(raw);
      else row[f.key] = raw;
    }
    return row;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    form.querySelectorAll("[data-error-for]").forEach((n) => { n.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach((n) => n.removeAttribute("aria-invalid"));
    guarded(async () => {
      try {
        const day = form.elements._day.value;
        await ctx.api("/api/v1/edit", { method: "PUT",
          json: { section: chooser.value, row: formRow(), ...(day ? { day } : {}) } });
      } catch (error) {
        const problems = (error.body && error.body.problems) || [];
        if (!problems.length) throw error;
        // Each problem once, beside its field; the status line names only those that
        // have no field on the form (a problem of the whole row).
        const elsewhere = problems.filter((p) => !placed(p));
        throw new Error(elsewhere.length
          ? `Inte sparat: ${answerText("", elsewhere)}`
          : "Inte sparat: rätta det som står vid fälten.");
      }
      form.hidden = true;
      await reload();
      return "Sparat.";
    });
  });

  function placed(problem) {
    const key = problem.path.split(/[ ,.(]/)[0];
    const slot = key && form.querySelector(`[data-error-for="${key}"]`);
    if (!slot) return false;
    slot.textContent = problem.message;
    form.querySelector(`[aria-describedby="${slot.id}"]`)?.setAttribute("aria-invalid", "true");
    return true;
  }

  async function remove(item) {
    const person = chooser.value === "people";
    const question = person
      ? `Radera ${item.row.name} och alla personens kopplingar? Det kan inte ångras.`
      : `Ta bort ${rowLabel(chooser.value, item.key, names)}?`;
    if (!window.confirm(question)) return;
    await guarded(async () => {
      if (person) await ctx.api(`/api/v1/people/${encodeURIComponent(item.key)}`, { method: "DELETE" });
      else await ctx.api(`/api/v1/edit?section=${chooser.value}&key=${encodeURIComponent(item.key)}`, { method: "DELETE" });
      await reload();
      return person ? "Personen är raderad." : "Borttaget.";
    });
  }

  undo.addEventListener("click", () => guarded(async () => {
    const change = await ctx.api("/api/v1/edit/undo", { method: "POST" });
    await reload();
    return `Ångrat: ${rowLabel(change.section, change.key, change.names)}.`;
  }));
  add.addEventListener("click", () => showForm({}));
  chooser.addEventListener("change", () => { form.hidden = true; guarded(loadRows); });
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => guarded(loadRows), 250);
  });

  return {
    label: "Redigera", roles: ["admin"],
    open: () => guarded(async () => {
      schema = schema || await ctx.api("/api/v1/edit/schema");
      await reload();
    }),
  };
}
