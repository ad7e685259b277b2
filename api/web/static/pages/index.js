// The pages in modules of their own, registered into app.js's PAGES in navigation order.
// Each receives the shared context app.js owns (its api() with the signed-in user's
// credentials, message() and authHeaders() for downloads), so sign-in can change without
// touching these pages.

import { adminPage } from "./admin.js";
import { contactsPage } from "./contacts.js";
import { editPage } from "./edit.js";
import { guidePage } from "./guide.js";
import { recruitmentPage } from "./recruitment.js";
import { staffListsPage } from "./staff-lists.js";
import { surveyAdminPage } from "./survey-admin.js";

export function registerPages(pages, ctx) {
  pages.kontakt = contactsPage(ctx);
  pages.guide = guidePage(ctx);
  pages.rekrytering = recruitmentPage(ctx);
  pages.admin = adminPage(ctx); // before Redigera: an admin's first page
  pages.redigera = editPage(ctx);
  pages.enkat = surveyAdminPage(ctx);
  pages.listor = staffListsPage(ctx);
}
