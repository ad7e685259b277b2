// Kalkylark och personallistor: the template workbook, export and import of the whole graph
// as .xlsx (or one section as .csv) with a progress line and "Avbryt", and a party's staff
// export previewed change by change before it is applied.

import { dateInput, download, followJob, guarded as run, h, jobEnd, pageSection, problemList, resumeJob, setStatus, table, whileBusy } from "./components.js";
import { LABELS, SECTIONS } from "./edit.js";

const ACTIONS = { add: "Ny", update: "Ändrad", end: "Slutar", return: "Tillbaka" };

export function staffListsPage(ctx) {
  const section = pageSection("listor", "Kalkylark och personallistor",
    "Importen är allt eller inget: finns ett fel skrivs ingenting, och felet anges med blad, rad och kolumn.");
  const status = section.querySelector(".status");
  const guarded = (node, work) => run(ctx, node, work);

  // --- spreadsheets ---
  const file = h("input", { id: "s-file", type: "file", accept: ".xlsx,.csv", required: true });
  const csvSection = h("select", { id: "s-section" },
    h("option", { value: "", text: "(arbetsbok: alla blad)" }),
    // Named in Swedish, with the sheet's own name (what the CSV's section is called in the
    // template and the README) beside it.
    Object.entries(SECTIONS).map(([s, name]) => h("option", { value: s, text: `${name} (${s})` })));
  const progress = h("p", { id: "s-progress", class: "status", role: "status", "aria-live": "polite" });
  const cancel = h("button", { type: "button", id: "s-cancel", class: "secondary", text: "Avbryt", hidden: true });
  const problems = h("div", { id: "s-problems" });
  const importButton = h("button", { type: "submit", id: "s-submit", text: "Importera" });
  const importForm = h("form", { id: "s-import", class: "stack narrow" },
    h("label", { for: "s-file", text: "Arbetsbok (.xlsx) eller CSV-fil för ett avsnitt" }), file,
    h("label", { for: "s-section", text: "Avsnitt (bara för CSV)" }), csvSection, importButton);
  section.append(h("h2", { text: "Kalkylark" }),
    h("div", { class: "filters" },
      h("button", { type: "button", id: "s-template", text: "Ladda ned mall (.xlsx)",
        onclick: () => guarded(status, async () => {
          await download(ctx, "/api/v1/spreadsheet/template", "samverkan-mall.xlsx");
          return "Mallen är nedladdad.";
        }) }),
      h("button", { type: "button", id: "s-export", text: "Exportera grafen (.xlsx)",
        onclick: () => guarded(status, async () => {
          await download(ctx, "/api/v1/export/xlsx", "samverkan.xlsx");
          return "Exporten är nedladdad.";
        }) })),
    importForm, h("div", { class: "filters" }, progress, cancel), problems);

  importForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (importButton.disabled) return;  // Enter in a field while an import runs
    problems.replaceChildren();
    // One import at a time: the button is off from the upload to the job's end.
    guarded(progress, () => whileBusy(importButton, async () => {
      const chosen = file.files[0];
      if (!chosen) throw new Error("Välj en fil.");
      setStatus(progress, `Skickar ${chosen.name} …`);
      // The file's name goes along, so that a problem names the file chosen.
      const query = `?filename=${encodeURIComponent(chosen.name)}`
        + (csvSection.value ? `&section=${csvSection.value}` : "");
      const started = await ctx.api(`/api/v1/import/spreadsheet${query}`, { method: "POST", body: chosen });
      return importEnd(await followJob(ctx, started, progress, cancel, "import"));
    }));
  });

  function importEnd(job) {
    if (job.state === "failed") {
      problems.replaceChildren(problemList(job));
      throw new Error(`Importen misslyckades: ${job.error.split("\n")[0]}`);
    }
    // What changed, not how many rows were written: a re-imported export writes every
    // row and changes a few ("1 ny", not "1 nya").
    return jobEnd(job, (r) => `Importerat: ${changeText(r.changes)} (revision ${r.revision}).`);
  }

  function changeText(c) {
    const counted = (n, one, many) => `${n} ${n === 1 ? one : many}`;
    return [counted(c.added, "ny", "nya"), counted(c.changed, "ändrad", "ändrade"),
      counted(c.unchanged, "oförändrad", "oförändrade"),
      c.removed ? counted(c.removed, "borttagen", "borttagna") : null].filter(Boolean).join(", ");
  }

  // --- staff lists ---
  const org = h("select", { id: "l-org", required: true });
  const day = dateInput({ id: "l-day" });
  const staffFile = h("input", { id: "l-file", type: "file", accept: ".xlsx,.csv", required: true });
  const preview = h("div", { id: "l-preview" });
  const staffStatus = h("p", { id: "l-status", class: "status", role: "status", "aria-live": "polite" });
  const applyButton = h("button", { type: "button", id: "l-apply", text: "Verkställ ändringarna", hidden: true });
  const staffProgress = h("p", { id: "l-progress", class: "status", role: "status", "aria-live": "polite" });
  const staffCancel = h("button", { type: "button", id: "l-cancel", class: "secondary", text: "Avbryt", hidden: true });
  const staffForm = h("form", { id: "l-form", class: "stack narrow" },
    h("label", { for: "l-org", text: "Part" }), org,
    h("label", { for: "l-day", text: "Listans datum (tomt: i dag)" }), day,
    h("label", { for: "l-file", text: "Personalexport (.csv eller .xlsx): anställningsnummer eller e-post, namn, titel, enhet" }),
    staffFile, h("button", { type: "submit", id: "l-submit", text: "Förhandsvisa" }));
  const previewButton = staffForm.querySelector("#l-submit");
  section.append(h("h2", { text: "Personallista från HR-systemet" }),
    h("p", { class: "muted", text: "Ingen raderas: den som inte längre finns i listan får ett slutdatum." }),
    staffForm, staffStatus, preview, applyButton,
    h("div", { class: "filters" }, staffProgress, staffCancel));

  let staged = null;
  const params = (chosen) => `organisation=${encodeURIComponent(org.value)}${day.value ? `&day=${day.value}` : ""}`
    + `&filename=${encodeURIComponent(chosen.name)}`;

  staffForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (previewButton.disabled) return;
    applyButton.hidden = true;
    guarded(staffStatus, () => whileBusy(previewButton, async () => {
      const chosen = staffFile.files[0];
      if (!chosen) throw new Error("Välj en fil.");
      const plan = await ctx.api(`/api/v1/staff-lists/preview?${params(chosen)}`, { method: "POST", body: chosen });
      staged = { plan, file: chosen };
      renderPlan(plan);
      applyButton.hidden = plan.changes.length === 0;
      const c = plan.counts;
      return `Förhandsvisning (inget är sparat): ${c.add} nya, ${c.update} ändrade, `
        + `${c.end} av ${plan.current} nuvarande slutar, ${c.return} tillbaka, ${c.unchanged} oförändrade.`
        + (plan.warning ? ` ${plan.warning}` : "");
    }));
  });

  // Applied as a job: a progress line and "Avbryt", which stops before the one write.
  // A new preview waits too until the apply has ended.
  applyButton.addEventListener("click", () => guarded(staffStatus, () => whileBusy(previewButton, async () => {
    // More than half the party's staff would end: written only when the admin confirms it.
    if (staged.plan.confirm_ends_needed && !window.confirm(staged.plan.warning)) {
      return "Inget verkställt: listan avslutar fler än hälften. Kontrollera filen och förhandsvisa igen.";
    }
    applyButton.hidden = true;
    const started = await ctx.api(`/api/v1/staff-lists/apply?${params(staged.file)}&revision=${staged.plan.revision}`
      + `&background=true${staged.plan.confirm_ends_needed ? "&confirm_ends=true" : ""}`,
      { method: "POST", body: staged.file });
    return staffEnd(await followJob(ctx, started, staffProgress, staffCancel, "staff"));
  })));

  function staffEnd(job) {
    staffProgress.textContent = "";
    return jobEnd(job, (r) => `Verkställt: ${r.applied.add} nya, ${r.applied.update} ändrade, `
      + `${r.applied.end} slutar.`, "Avbrutet: ingenting skrevs. Förhandsvisa igen för att verkställa.");
  }

  function renderPlan(plan) {
    const show = (o) => Object.entries(o).map(([k, v]) => `${(LABELS[k] || k).toLowerCase()}: ${v ?? "–"}`)
      .join(", ");
    preview.replaceChildren(table("Varje ändring som listan skulle göra", ["Ändring", "Person", "Namn", "Rad", "Före", "Efter"],
      plan.changes.map((c) => [ACTIONS[c.action] || c.action, c.person, c.name, c.row,
        c.action === "add" ? "" : show(c.before), show(c.after)])));
  }

  return {
    label: "Kalkylark och personallistor", roles: ["admin"],
    open: () => {
      guarded(status, async () => {
        const orgs = await ctx.api("/api/v1/organisations?limit=500");
        org.replaceChildren(...orgs.items.map((o) => h("option", { value: o.id, text: `${o.name} (${o.id})` })));
        return "";
      });
      // A job this tab started and did not see end (a reload, a restarted service).
      if (sessionStorage.getItem("job:import")) {
        guarded(progress, () => whileBusy(importButton, async () => {
          const job = await resumeJob(ctx, "import", progress, cancel);
          return job ? importEnd(job) : "";
        }));
      }
      if (sessionStorage.getItem("job:staff")) {
        guarded(staffStatus, () => whileBusy(previewButton, async () => {
          const job = await resumeJob(ctx, "staff", staffProgress, staffCancel);
          return job ? staffEnd(job) : "";
        }));
      }
    },
  };
}
