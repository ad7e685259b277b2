// Administration: the recruitments and a form for a new one (recruiters chosen from the
// registered recruiters; the form keeps every field after an error and clears every field
// after a create), and the audit log with filters, pages, Swedish names, local time and a
// CSV file.

import { dateInput, download, guarded as run, h, pageSection, table } from "./components.js";
import { swedishTime } from "./recruitment.js";

const PAGE = 50;

export function adminPage(ctx) {
  const section = pageSection("admin", "Administration");
  const status = section.querySelector(".status");
  status.id = "admin-status";
  const guarded = (work) => run(ctx, status, work);

  const recruitmentList = h("div", { id: "recruitment-list" });
  const idInput = h("input", { id: "a-id", name: "id", required: true, pattern: "[a-z0-9][a-z0-9\\-]{0,63}",
    "aria-describedby": "a-id-hint a-id-error", autocomplete: "off" });
  const title = h("input", { id: "a-title", name: "title", required: true, maxlength: "200",
    "aria-describedby": "a-title-error" });
  const profile = h("select", { id: "a-profile", name: "profile", required: true,
    "aria-describedby": "a-profile-error" });
  const org = h("select", { id: "a-org", name: "target_organisation",
    "aria-describedby": "a-org-error" });
  const recruiters = h("fieldset", { id: "a-assignees", class: "choices",
    "aria-describedby": "a-assignees-error" }, h("legend", { text: "Rekryterare" }));
  const error = (id) => h("span", { class: "error", id });
  // Until the profiles and recruiters are loaded the form cannot be right: a click then
  // would be told "Profil: får inte vara tomt" about a list the user never saw.
  const create = h("button", { type: "submit", text: "Skapa", disabled: true });
  const form = h("form", { id: "recruitment-form", class: "stack narrow", novalidate: true },
    h("label", { for: "a-id", text: "Id *" }), idInput,
    h("span", { class: "muted", id: "a-id-hint", text: "Små bokstäver, siffror och bindestreck, t.ex. team-fk-2026." }),
    error("a-id-error"),
    h("label", { for: "a-title", text: "Titel *" }), title, error("a-title-error"),
    h("label", { for: "a-profile", text: "Profil *" }), profile, error("a-profile-error"),
    h("label", { for: "a-org", text: "Målorganisation" }), org, error("a-org-error"),
    recruiters, error("a-assignees-error"),
    h("div", {}, create, " ",
      h("button", { type: "reset", class: "secondary", text: "Töm formuläret" })));

  const who = h("input", { id: "l-who", list: "l-users", autocomplete: "off" });
  const users = h("datalist", { id: "l-users" });
  const action = h("select", { id: "l-action" });
  const since = dateInput({ id: "l-since" });
  const target = h("input", { id: "l-target", autocomplete: "off" });
  const filters = h("form", { id: "audit-filters", class: "filters" },
    h("label", {}, "Vem (användare)", who), users,
    h("label", {}, "Vad", action),
    h("label", {}, "Från och med", since),
    h("label", {}, "Mål innehåller", target),
    h("button", { type: "submit", text: "Visa" }),
    h("button", { type: "button", class: "secondary", id: "l-csv", text: "Ladda ned som CSV",
      onclick: () => guarded(async () => {
        await download(ctx, `/api/v1/audit.csv?${query()}`, "atkomstlogg.csv");
        return "Åtkomstloggen är nedladdad (CSV).";
      }) }));
  const log = h("div", { id: "audit-log" });
  const previous = h("button", { type: "button", id: "l-prev", class: "secondary", text: "Föregående sida" });
  const next = h("button", { type: "button", id: "l-next", class: "secondary", text: "Nästa sida" });
  const where = h("span", { id: "l-where", "aria-live": "polite" });
  section.append(h("h2", { text: "Rekryteringar" }), recruitmentList,
    h("h2", { text: "Ny rekrytering" }), form,
    h("h2", { text: "Åtkomstlogg" }), filters, log,
    h("div", { class: "filters pager" }, previous, where, next));

  let offset = 0;
  let upto = null;
  let organisations = [];

  const orgName = (id) => (organisations.find((o) => o.id === id) || { name: id }).name;

  function query() {
    const params = new URLSearchParams();
    for (const [key, input] of [["who", who], ["action", action], ["since", since], ["target", target]]) {
      if (input.value.trim()) params.set(key, input.value.trim());
    }
    return params;
  }

  async function loadRecruitments() {
    const list = await ctx.api("/api/v1/recruitments");
    recruitmentList.replaceChildren(list.length
      ? table(`${list.length} rekryteringar`, ["Id", "Titel", "Profil", "Målorganisation", "Rekryterare", "Beslutsdatum"],
        list.map((r) => [r.id, r.title, r.profile, r.target_organisation ? orgName(r.target_organisation) : "profilens egen",
          r.assignees.join(", ") || "ingen", r.decision_date || "inte satt"]))
      : h("p", { class: "muted", text: "Inga rekryteringar ännu." }));
  }

  async function loadLog(from = 0) {
    const params = query();
    params.set("limit", String(PAGE));
    params.set("offset", String(from));
    // The first page fixes which entries the pages show: reading the log writes one.
    if (from > 0 && upto !== null) params.set("upto", String(upto));
    const page = await ctx.api(`/api/v1/audit/page?${params}`);
    offset = from;
    upto = page.upto;
    log.replaceChildren(table(null, ["När", "Vem", "Roll", "Vad", "Mål", "Syfte"],
      page.items.map((e) => [swedishTime(e.at), e.user || "okänd", e.role_name || "",
        e.action_name, e.target_name || "", e.purpose || ""])));
    where.textContent = page.total
      ? `Visar ${from + 1}–${from + page.items.length} av ${page.total.toLocaleString("sv-SE")}`
      : "Inga händelser matchar filtret.";
    previous.disabled = from === 0;
    next.disabled = from + page.items.length >= page.total;
  }

  function clearErrors() {
    form.querySelectorAll(".error").forEach((n) => { n.textContent = ""; });
  }

  // A problem's path ("body.id", "assignees[1]") names the field its message belongs to.
  function showProblems(body) {
    const slots = { id: "a-id-error", title: "a-title-error", profile: "a-profile-error",
      target_organisation: "a-org-error", assignees: "a-assignees-error" };
    for (const p of (body && body.problems) || []) {
      const key = p.path.replace(/^body\./, "").split(/[.[]/)[0];
      const slot = form.querySelector(`#${slots[key] || ""}`);
      if (slot) slot.textContent = [slot.textContent, p.message].filter(Boolean).join("; ");
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors();
    const body = { id: idInput.value.trim(), title: title.value.trim(), profile: profile.value,
      target_organisation: org.value || null,
      assignees: [...recruiters.querySelectorAll("input:checked")].map((c) => c.value) };
    guarded(async () => {
      try {
        await ctx.api("/api/v1/recruitments", { method: "POST", json: body });
      } catch (failure) {
        showProblems(failure.body);
        if (failure.status === 409) form.querySelector("#a-id-error").textContent = failure.message;
        throw failure; // every field keeps what was typed, so a correction resubmits all of it
      }
      form.reset(); // and after a create every field starts again, together
      await Promise.all([loadRecruitments(), loadLog(0)]);
      idInput.focus();
      return `Rekryteringen ${body.id} är skapad.`;
    });
  });
  form.addEventListener("reset", clearErrors);
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(() => loadLog(0));
  });
  previous.addEventListener("click", () => guarded(() => loadLog(Math.max(0, offset - PAGE))));
  next.addEventListener("click", () => guarded(() => loadLog(offset + PAGE)));

  let loaded = false;
  return {
    label: "Administration", roles: ["admin"],
    open: () => guarded(async () => {
      if (!loaded) {
        const [profiles, orgs, recruiterUsers, allUsers, actions] = await Promise.all([
          ctx.api("/api/v1/profiles"), ctx.all("organisations"),
          ctx.api("/api/v1/users?role=recruiter"), ctx.api("/api/v1/users"),
          ctx.api("/api/v1/audit/actions")]);
        organisations = orgs;
        profile.replaceChildren(...profiles.map((p) => h("option", { value: p.id, text: `${p.title} (v${p.version})` })));
        org.replaceChildren(h("option", { value: "", text: "Profilens egen" }),
          ...orgs.map((o) => h("option", { value: o.id, text: o.name })));
        recruiters.append(...(recruiterUsers.length ? recruiterUsers.map((u) => h("label", { class: "check" },
          h("input", { type: "checkbox", name: "assignees", value: u.name }), ` ${u.name}`))
          : [h("p", { class: "muted", text: "Det finns inga rekryterare; lägg till en med samverkan user add." })]));
        users.replaceChildren(...allUsers.map((u) => h("option", { value: u.name, text: `${u.name} (${u.role_name})` })));
        action.replaceChildren(h("option", { value: "", text: "Alla händelser" }),
          ...actions.map((a) => h("option", { value: a.code, text: a.name })));
        loaded = true;
        create.disabled = false;
      }
      await Promise.all([loadRecruitments(), loadLog(0)]);
      return "";
    }),
  };
}
