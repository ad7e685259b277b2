// Samverkansguide: who to contact at an organisation or in a förbund, with e-mail, phone,
// what to contact them about and the mandate of their seats; printable (print CSS in the
// page the service renders) and as a PDF to download.

import { download, guarded, h, pageSection } from "./components.js";
import { currentScope } from "./scope-picker.js";

let wanted = null; // an organisation another page asked to open the guide for

export function openGuideFor(organisation) {
  wanted = organisation;
  if (location.hash === "#guide") window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = "#guide";
}

async function organisations(ctx) {
  const rows = [];
  for (let offset = 0; ; offset += 500) {
    const page = await ctx.api(`/api/v1/organisations?limit=500&offset=${offset}`);
    rows.push(...page.items);
    if (rows.length >= page.total || page.items.length === 0) return rows;
  }
}

export function guidePage(ctx) {
  const section = pageSection("guide", "Samverkansguide",
    "Kontaktpersoner per förbund och organisation, med e-post, telefon och vad du kan kontakta dem om.");
  const status = section.querySelector(".status");
  const chooser = h("select", { id: "g-org", required: true });
  const show = h("button", { type: "submit", text: "Visa guide" });
  const print = h("button", { type: "button", id: "guide-print", disabled: true, text: "Skriv ut" });
  const pdf = h("button", { type: "button", id: "guide-pdf", disabled: true, text: "Ladda ner PDF" });
  const frame = h("iframe", { id: "guide-frame", title: "Samverkansguide", class: "guide", hidden: true });
  const form = h("form", { id: "guide-form", class: "filters" },
    h("label", {}, "Förbund eller organisation ", chooser), show, print, pdf);
  section.append(form, frame);
  let loaded = false;
  let lastScope = null;

  async function render() {
    const org = chooser.value;
    const html = await ctx.api(`/api/v1/guide/${encodeURIComponent(org)}/html`);
    frame.srcdoc = html;
    frame.hidden = false;
    print.disabled = false;
    pdf.disabled = false;
    return `Guiden för ${chooser.selectedOptions[0].textContent} visas nedan.`;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(ctx, status, render);
  });
  print.addEventListener("click", () => frame.contentWindow.print());
  pdf.addEventListener("click", () => guarded(ctx, status, async () => {
    await download(ctx, `/api/v1/guide/${encodeURIComponent(chooser.value)}/pdf`,
      `samverkansguide-${chooser.value}.pdf`);
    return "PDF:en är nedladdad.";
  }));

  return {
    label: "Samverkansguide",
    roles: ["director", "staff"],
    open: () => guarded(ctx, status, async () => {
      if (!loaded) {
        const orgs = (await organisations(ctx)).slice()
          .sort((a, b) => a.name.localeCompare(b.name, "sv"));
        const option = (o) => h("option", { value: o.id, text: o.name });
        chooser.replaceChildren(
          h("optgroup", { label: "Förbund" }, orgs.filter((o) => o.kind === "federation").map(option)),
          h("optgroup", { label: "Organisationer och enheter" },
            orgs.filter((o) => o.kind !== "federation").map(option)));
        loaded = true;
      }
      // The chooser is this page's förbund picker: it opens on the förbund chosen on the
      // analysis pages (the address's ?scope=), until the reader picks another here.
      const scope = currentScope();
      if (scope !== lastScope && [...chooser.options].some((o) => o.value === scope)) {
        chooser.value = scope;
      }
      lastScope = scope;
      if (wanted) {
        chooser.value = wanted;
        wanted = null;
        return render();
      }
      return "";
    }),
  };
}
