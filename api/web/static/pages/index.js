// Every page in a module of its own registers here, into app.js's PAGES (whose key order is
// the navigation's). Each receives the shared context app.js owns: api() with the signed-in
// user's credentials, message(), all(section) for whole sections read once per sign-in
// and authHeaders() for downloads, so sign-in can change without touching the pages. This
// is the only way a page registers.

import { adminPage } from "./admin.js";
import { contactsPage } from "./contacts.js";
import { editPage } from "./edit.js";
import { guidePage } from "./guide.js";
import { overviewPage } from "./overview.js";
import { recruitmentPage } from "./recruitment.js";
import { riskPage } from "./risk.js";
import { staffListsPage } from "./staff-lists.js";
import { surveyAdminPage } from "./survey-admin.js";
import { turnoverPages } from "./turnover.js";

export function registerPages(pages, ctx) {
  pages.oversikt = overviewPage(ctx);
  pages.risk = riskPage(ctx);
  pages.kontakt = contactsPage(ctx);
  pages.guide = guidePage(ctx);
  pages.rekrytering = recruitmentPage(ctx);
  pages.admin = adminPage(ctx); // before Redigera: an admin's first page
  pages.redigera = editPage(ctx);
  pages.enkat = surveyAdminPage(ctx);
  pages.listor = staffListsPage(ctx);
  Object.assign(pages, turnoverPages(ctx));
}
